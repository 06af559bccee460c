/// One measured event: `ok` with its median, min and max over the repetitions, or
/// `unavailable` with the reason.
public struct MeasuredRecord: Codable, Sendable {
    public var status: String = ""
    public var median: Double?
    public var min: Int64?
    public var max: Int64?
    public var reason: String?

    public init() {}
}
