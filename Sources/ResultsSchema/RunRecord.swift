/// One entry of `runs`: a variant at a sweep point, its counters per level, and what the models
/// and the measurement add. Keys are written in declaration order, nil optionals left out.
public struct RunRecord: Codable, Sendable {
    public var variant: String = ""
    /// Axis -> value (sorted by axis).
    public var point: Fields<SweepValue>?
    /// The index (in `runs`) of the run whose counts these are, for a run the sweep's axis does not
    /// change: the same simulation, copied (only where it applies).
    public var sameAs: Int64?
    public var accesses: UInt64 = 0
    public var footprintBytes: UInt64?
    /// One per level of the machine, in order.
    public var levels: [LevelRecord] = []
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

    public init() {}
}
