/// The document's `machine`: its name, each level's geometry and policies, and, where the
/// machine file gives them, the performance figures (a level's `bandwidth` and `latency`, the
/// machine's `core` and `memory`).
public struct MachineRecord: Codable, Sendable {
    public var name: String?
    public var levels: [Level] = []
    public var core: Core?
    public var memory: Memory?

    public struct Level: Codable, Sendable {
        public var name: String = ""
        /// Bytes, bytes, ways, sets (0 where a replay without a machine records none).
        public var size: Int = 0
        public var line: Int = 0
        public var ways: Int = 0
        public var sets: Int = 0
        public var policy: String?
        /// `back` or `through`.
        public var write: String?
        public var allocate: Bool?
        public var inclusion: String?
        public var prefetch: String?
        public var degree: UInt64?
        /// `instruction` for an instruction-side level.
        public var side: String?
        public var bandwidth: Bandwidth?
        /// Cycles.
        public var latency: Double?

        public init() {}
    }

    /// A level's bandwidth: per cycle or per second.
    public struct Bandwidth: Codable, Sendable {
        public var bytesPerCycle: Double?
        public var gbPerSecond: Double?

        public init() {}
    }

    public struct Core: Codable, Sendable {
        /// GHz.
        public var clock: Double?
        /// Element type -> flops per cycle (sorted by type).
        public var flopsPerCycle: Fields<Double>?
        public var loadsPerCycle: Double?
        public var storesPerCycle: Double?
        public var loadBytes: Double?
        public var storeBytes: Double?

        public init() {}
    }

    public struct Memory: Codable, Sendable {
        /// GB/s.
        public var bandwidth: OrNull<Double> = OrNull(nil)
        /// Nanoseconds.
        public var latency: OrNull<Double> = OrNull(nil)

        public init() {}
    }

    public init() {}
}
