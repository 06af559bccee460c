/// The document's `crossCheck` (`measure`): the CPU, how the events were counted, the rank
/// agreement of simulated and measured figures across runs, and notes.
public struct CrossCheckRecord: Codable, Sendable {
    public var vendor: String?
    public var model: String?
    public var hardwareCounters: Int64?
    public var eventGroups: Int64?
    public var pinned: Bool?
    public var kendallTau: [Tau]?
    public var notes: [String]?

    /// Kendall's tau of one level against one event; null when a ranking is constant.
    public struct Tau: Codable, Sendable {
        public var level: String = ""
        public var event: String = ""
        public var tau: OrNull<Double> = OrNull(nil)

        public init() {}
    }

    public init() {}
}
