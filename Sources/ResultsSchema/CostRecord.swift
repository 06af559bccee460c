/// A run's `cost`: cycles per unit of work by the roofline and ECM models, and the terms they
/// add up (each figure a finite number from 0 to `SchemaLimits.maxCycles`, GFLOP/s to `maxGflops`).
public struct CostRecord: Codable, Sendable {
    public var unit: String
    public var flops: Double
    /// The boundaries' bytes and cycles, registers-L1 first.
    public var boundaries: [Boundary]
    public var core: Core
    public var roofline: Roofline
    public var ecm: ECM

    public struct Boundary: Codable, Sendable {
        public var name: String
        public var bytes: Double
        public var cycles: Double

        public init(name: String, bytes: Double, cycles: Double) {
            self.name = name
            self.bytes = bytes
            self.cycles = cycles
        }
    }

    public struct Core: Codable, Sendable {
        public var peakFlopsPerCycle: Double
        public var cycles: Double

        public init(peakFlopsPerCycle: Double, cycles: Double) {
            self.peakFlopsPerCycle = peakFlopsPerCycle
            self.cycles = cycles
        }
    }

    public struct Roofline: Codable, Sendable {
        public var cycles: Double
        public var gflops: Double
        /// What bounds it: the core or a boundary's name.
        public var bound: String

        public init(cycles: Double, gflops: Double, bound: String) {
            self.cycles = cycles
            self.gflops = gflops
            self.bound = bound
        }
    }

    public struct ECM: Codable, Sendable {
        public var cycles: Double
        public var gflops: Double
        /// T_OL: the arithmetic, which overlaps with transfers.
        public var overlap: Double
        /// T_nOL: the load and store instructions.
        public var nonOverlap: Double

        public init(cycles: Double, gflops: Double, overlap: Double, nonOverlap: Double) {
            self.cycles = cycles
            self.gflops = gflops
            self.overlap = overlap
            self.nonOverlap = nonOverlap
        }
    }

    public init(unit: String, flops: Double, boundaries: [Boundary], core: Core, roofline: Roofline, ecm: ECM) {
        self.unit = unit
        self.flops = flops
        self.boundaries = boundaries
        self.core = core
        self.roofline = roofline
        self.ecm = ecm
    }
}
