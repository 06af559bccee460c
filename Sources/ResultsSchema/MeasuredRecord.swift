/// One entry of a run's `measured`. A counted event is `ok` with its median, min and max over
/// the repetitions, or `unavailable` with the reason. The entry `time` is the native kernel's
/// wall time instead: `medianSeconds`, `minSeconds`, `repetitions` and `gflops` (at the median,
/// 2 flops per multiply-add; null when the clock was too coarse). One record holds both shapes
/// because `measured["time"]` sits beside the events in the document.
public struct MeasuredRecord: Codable, Sendable {
    public var status: String?
    public var median: Double?
    public var min: Int64?
    public var max: Int64?
    public var reason: String?
    public var medianSeconds: Double?
    public var minSeconds: Double?
    public var repetitions: Int64?
    public var gflops: OrNull<Double>?

    public init() {}

    /// The key of the wall-time entry in `measured`.
    public static let timeKey = "time"
}
