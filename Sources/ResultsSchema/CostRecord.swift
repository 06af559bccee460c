/// A run's `cost`: cycles per unit of work by the roofline and ECM models, and the terms they
/// add up (each figure a finite number from 0 to `SchemaLimits.maxCycles`, GFLOP/s to `maxGflops`).
public struct CostRecord: Codable, Sendable {
    public var unit: String = ""
    public var flops: Double = 0
    /// The boundaries' bytes and cycles, registers-L1 first.
    public var boundaries: [Boundary] = []
    public var core = Core()
    public var roofline = Roofline()
    public var ecm = ECM()

    public struct Boundary: Codable, Sendable {
        public var name: String = ""
        public var bytes: Double = 0
        public var cycles: Double = 0

        public init() {}
    }

    public struct Core: Codable, Sendable {
        public var peakFlopsPerCycle: Double = 0
        public var cycles: Double = 0

        public init() {}
    }

    public struct Roofline: Codable, Sendable {
        public var cycles: Double = 0
        public var gflops: Double = 0
        /// What bounds it: the core or a boundary's name.
        public var bound: String = ""

        public init() {}
    }

    public struct ECM: Codable, Sendable {
        public var cycles: Double = 0
        public var gflops: Double = 0
        /// T_OL: the arithmetic, which overlaps with transfers.
        public var overlap: Double = 0
        /// T_nOL: the load and store instructions.
        public var nonOverlap: Double = 0

        public init() {}
    }

    public init() {}
}
