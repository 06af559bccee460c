/// What a results document may hold. A document written by LayoutLab is always inside these
/// limits (they are those of experiment and machine files, or far beyond any real run); a
/// value outside them is an error naming the file and the JSON path, so the report's
/// arithmetic (work per run, block sizes, charts) never overflows or divides by zero.
public enum SchemaLimits {
    /// Shape values and numeric sweep values: an experiment's own limit (2^24).
    public static let maxShapeValue = 1 << 24
    /// Register-block sizes `mr` and `nr`, as an experiment's variants allow them.
    public static let maxMicroTile = 64
    /// Levels of one machine (machine files allow 8; an instruction twin adds one).
    public static let maxLevels = 16
    /// Page counts (`simulatedPages`, `predictedFaults`): 2^48 pages are far past any address space.
    public static let maxPages = 1 << 48
    /// Measured medians (event counts, Callgrind's counters): magnitudes up to 1e18.
    public static let maxMedian = 1e18
    /// Wall-clock seconds of a measured run.
    public static let maxSeconds = 1e9
    /// Flops and bytes of one run: far past any simulated run (10^15 accesses of 4 KiB).
    public static let maxTraffic = 1e30
    /// The most timed repetitions `measure` makes (its `--repetitions` limit).
    public static let maxRepetitions = 1000
    /// A modelled time in cycles per unit of work (a run's `cost`), and its GFLOP/s.
    public static let maxCycles = 1e18
    public static let maxGflops = 1e12

    /// Cache geometry a document may state (bytes, bytes, ways, sets); 0 where a replay of a
    /// trace without a machine records none.
    public enum Geometry {
        public static let size = 1 << 50
        public static let line = 1 << 30
        public static let ways = 1 << 24
        public static let sets = 1 << 48
    }
}
