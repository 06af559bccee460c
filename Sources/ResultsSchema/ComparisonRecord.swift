/// A simulated figure against a measured one: a level's misses against an event, or the
/// simulated pages and predicted faults against the measured page faults.
public struct ComparisonRecord: Codable, Sendable {
    public var level: String?
    public var event: String = ""
    public var simulated: UInt64 = 0
    public var predicted: UInt64?
    public var measured: Double = 0
    /// measured / simulated; null when nothing was simulated.
    public var ratio: OrNull<Double>?
    /// measured - predicted.
    public var difference: Double?

    public init() {}
}
