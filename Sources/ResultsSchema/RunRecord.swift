/// One entry of `runs`: a variant at a sweep point, its counters per level, and what the models
/// and the measurement add. Keys are written in declaration order, nil optionals left out.
public struct RunRecord: Codable, Sendable {
    public var variant: String
    /// Axis -> value (sorted by axis).
    public var point: Fields<SweepValue>?
    public var accesses: UInt64
    public var footprintBytes: UInt64?
    /// One per level of the machine, in order.
    public var levels: [LevelRecord]
    /// The analytical model's misses per level (null for a level it does not predict).
    public var model: Fields<OrNull<UInt64>>?
    /// Why some level of `model` is null.
    public var modelNote: String?
    /// What warping did; null when it was not tried.
    public var warp: OrNull<WarpRecord>?
    /// `measure`: event -> what was measured.
    public var measured: Fields<MeasuredRecord>?
    public var simulatedPages: UInt64?
    public var predictedFaults: UInt64?
    public var wallSeconds: OrNull<Spread>?
    /// `measure`: simulated against measured, per level (and Callgrind's, and page faults).
    public var crossCheck: Fields<ComparisonRecord>?
    /// The modelled time; null when the machine lacks figures, and then `costNote` says which.
    public var cost: OrNull<CostRecord>?
    public var costNote: String?

    public init(variant: String, point: Fields<SweepValue>?, accesses: UInt64, levels: [LevelRecord]) {
        self.variant = variant
        self.point = point
        self.accesses = accesses
        self.levels = levels
    }
}

/// What warping did in one run.
public struct WarpRecord: Codable, Sendable, Equatable {
    /// Accesses whose counts came from repeating a period instead of simulating them.
    public var skippedAccesses: UInt64
    /// Accesses simulated one by one.
    public var explicitAccesses: UInt64
    /// The largest warping period tried.
    public var period: UInt64

    public init(skippedAccesses: UInt64, explicitAccesses: UInt64, period: UInt64) {
        self.skippedAccesses = skippedAccesses
        self.explicitAccesses = explicitAccesses
        self.period = period
    }
}

/// One measured event: `ok` with its median, min and max over the repetitions, or
/// `unavailable` with the reason.
public struct MeasuredRecord: Codable, Sendable {
    public var status: String
    public var median: Double?
    public var min: Int64?
    public var max: Int64?
    public var reason: String?

    public init(status: String, median: Double? = nil, min: Int64? = nil, max: Int64? = nil, reason: String? = nil) {
        self.status = status
        self.median = median
        self.min = min
        self.max = max
        self.reason = reason
    }
}

/// A median with the smallest and largest value (seconds of wall time).
public struct Spread: Codable, Sendable {
    public var median: Double
    public var min: Double
    public var max: Double

    public init(median: Double, min: Double, max: Double) {
        self.median = median
        self.min = min
        self.max = max
    }
}

/// A simulated figure against a measured one: a level's misses against an event, or the
/// simulated pages and predicted faults against the measured page faults.
public struct ComparisonRecord: Codable, Sendable {
    public var level: String?
    public var event: String
    public var simulated: UInt64
    public var predicted: UInt64?
    public var measured: Double
    /// measured / simulated; null when nothing was simulated.
    public var ratio: OrNull<Double>?
    /// measured - predicted.
    public var difference: Double?

    public init(level: String? = nil, event: String, simulated: UInt64, measured: Double) {
        self.level = level
        self.event = event
        self.simulated = simulated
        self.measured = measured
    }
}

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
        public var level: String
        public var event: String
        public var tau: OrNull<Double>

        public init(level: String, event: String, tau: Double?) {
            self.level = level
            self.event = event
            self.tau = OrNull(tau)
        }
    }

    public init() {}
}
