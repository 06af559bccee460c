/// A partial document's `shard`: this shard, the sweep's total number of runs, and what
/// identifies the sweep (its fingerprint and the flags that change its results).
public struct ShardRecord: Codable, Sendable, Equatable {
    public var index: Int = 0
    public var count: Int = 0
    public var totalRuns: Int = 0
    public var fingerprint: String = ""
    public var flags: [String] = []

    public init() {}
}
