/// What warping did in one run.
public struct WarpRecord: Codable, Sendable, Equatable {
    /// Accesses whose counts came from repeating a period instead of simulating them.
    public var skippedAccesses: UInt64 = 0
    /// Accesses simulated one by one.
    public var explicitAccesses: UInt64 = 0
    /// The largest warping period tried.
    public var period: UInt64 = 0

    public init() {}
}
