/// A quantitative claim an experiment tests (its `claim:` key): a sentence and the figure it
/// asserts, which the report judges against the simulated numbers.
public struct Claim: Sendable, Equatable {
    /// What the claim measures.
    public enum Metric: String, CaseIterable, Sendable {
        /// Loads + stores the kernel makes, in units of m·n·k (GEMM only).
        case accessesPerMNK
        /// Loads + stores the kernel makes.
        case accesses
        /// Demand misses at `level`.
        case misses
        /// Demand misses at `level` per m·n·k (GEMM only).
        case missesPerMNK
        /// Accesses of `baseline` divided by those of `variant` ("a 1.6x improvement").
        case accessRatio
        /// Misses at `level` of `baseline` divided by those of `variant`.
        case missRatio

        public var needsLevel: Bool { self == .misses || self == .missesPerMNK || self == .missRatio }
        public var needsBaseline: Bool { self == .accessRatio || self == .missRatio }
    }

    public var text: String
    public var metric: Metric
    public var variant: String
    public var value: Double
    public var level: String?
    public var baseline: String?
    /// Relative tolerance within which the claim holds (default 5%).
    public var tolerance: Double

    public init(text: String, metric: Metric, variant: String, value: Double, level: String? = nil,
                baseline: String? = nil, tolerance: Double = 0.05) {
        self.text = text; self.metric = metric; self.variant = variant; self.value = value
        self.level = level; self.baseline = baseline; self.tolerance = tolerance
    }
}
