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
    /// Where the CPU line came from: `papi` or `/proc/cpuinfo`.
    public var cpuSource: String?
    /// The timed repetitions of each native kernel.
    public var repetitions: Int64?
    /// Which geometry was simulated and why.
    public var simulated: Simulated?
    /// How the native kernels were built (`-O` or `-Onone`).
    public var nativeKernel: String?

    /// The simulated machine, where it came from (sysfs or `--machine`), and the experiment's own
    /// `machine:` (not used for a real run on this host unless `--machine` names it).
    public struct Simulated: Codable, Sendable {
        public var machine: String = ""
        public var from: String = ""
        public var experimentMachine: OrNull<String> = OrNull(nil)

        public init() {}
    }

    /// Kendall's tau of one level against one event; null when a ranking is constant.
    public struct Tau: Codable, Sendable {
        public var level: String = ""
        public var event: String = ""
        public var tau: OrNull<Double> = OrNull(nil)

        public init() {}
    }

    public init() {}
}
