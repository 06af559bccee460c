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
    /// Relative tolerance within which the claim holds (default 5%), where `compare` is `within`.
    public var tolerance: Double
    /// How the counted quantity is set against `value` (experiment and document key `compare`).
    public enum Compare: String, CaseIterable, Sendable {
        /// Within `tolerance` of the value (the default).
        case within
        /// At least the value ("beneficial": a ratio of at least 1).
        case atLeast = "at-least"
        /// At most the value.
        case atMost = "at-most"
    }
    public var compare: Compare = .within

    public init(
        text: String, metric: Metric, variant: String, value: Double, level: String? = nil,
        baseline: String? = nil, tolerance: Double = 0.05
    ) {
        self.text = text
        self.metric = metric
        self.variant = variant
        self.value = value
        self.level = level
        self.baseline = baseline
        self.tolerance = tolerance
    }

    /// The largest value a claim may assert: counts of a sweep stay far below it (accesses are
    /// limited to 1e15), and a report prints it as a whole number without overflow.
    public static let maxValue = 1e18
    /// The largest relative tolerance (1000%): beyond it a claim holds for any count.
    public static let maxTolerance = 10.0

    /// Why `value` cannot be a claim's figure (not finite, negative or past `maxValue`), or nil.
    public static func valueProblem(_ value: Double) -> String? {
        value.isFinite && value >= 0 && value <= maxValue
            ? nil
            : "a claim's value must be a number from 0 to 1e18, got \(value)"
    }

    /// Why `tolerance` cannot be a claim's tolerance (not finite, negative or past 10), or nil.
    public static func toleranceProblem(_ tolerance: Double) -> String? {
        tolerance.isFinite && tolerance >= 0 && tolerance <= maxTolerance
            ? nil
            : "a claim's tolerance must be a fraction from 0 to 10 (1000%), got \(tolerance)"
    }
}
