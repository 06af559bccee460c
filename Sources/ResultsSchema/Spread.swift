/// A median with the smallest and largest value (seconds of wall time).
public struct Spread: Codable, Sendable {
    public var median: Double = 0
    public var min: Double = 0
    public var max: Double = 0

    public init() {}
}
