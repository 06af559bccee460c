/// What a machine file says about speed, all optional: the core's clock, peak arithmetic and L1
/// ports (`core:`), each level's bandwidth to the level below and its latency (`bandwidth:`,
/// `latency:` on a level), and memory's bandwidth and latency (`memory:`). The cost model reads
/// them; a machine without them still simulates, and the model then names what is missing.
public struct MachinePerformance: Sendable, Equatable {
    /// The core: clock, peak flops per cycle per element type (an FMA counts 2), and the L1
    /// load and store ports (instructions per cycle and bytes each moves).
    public struct Core: Sendable, Equatable {
        public var clockGHz: Double?
        /// Element type (`f32`, `f64`, `i8`) -> flops per cycle.
        public var flopsPerCycle: [String: Double] = [:]
        public var loadsPerCycle: Double?
        public var storesPerCycle: Double?
        public var loadBytes: Double?
        public var storeBytes: Double?
        public init() {}
    }

    /// A bandwidth as the file gives it: bytes per cycle (a plain number) or GB/s (`40 GB/s`).
    public enum Bandwidth: Sendable, Equatable, CustomStringConvertible {
        case bytesPerCycle(Double)
        case gigabytesPerSecond(Double)

        /// Bytes per core cycle; GB/s needs the clock (nil without it).
        public func bytesPerCycle(clockGHz: Double?) -> Double? {
            switch self {
            case .bytesPerCycle(let b): return b
            case .gigabytesPerSecond(let g): return clockGHz.map { g / $0 }
            }
        }

        public var description: String {
            switch self {
            case .bytesPerCycle(let b): return "\(MachinePerformance.plain(b)) B/cycle"
            case .gigabytesPerSecond(let g): return "\(MachinePerformance.plain(g)) GB/s"
            }
        }

    }

    /// One cache level: bandwidth to the level below (memory's figure serves the last level)
    /// and load-to-use latency in cycles.
    public struct Level: Sendable, Equatable {
        public var bandwidth: Bandwidth?
        public var latencyCycles: Double?
        public init(bandwidth: Bandwidth? = nil, latencyCycles: Double? = nil) {
            self.bandwidth = bandwidth
            self.latencyCycles = latencyCycles
        }
    }

    /// Main memory: sustained bandwidth (GB/s, one core) and latency (ns).
    public struct Memory: Sendable, Equatable {
        public var bandwidthGBs: Double?
        public var latencyNs: Double?
        public init() {}
    }

    public var core: Core?
    /// By level name; a level the file gives neither key for is absent.
    public var levels: [String: Level] = [:]
    public var memory: Memory?

    public init() {}

    /// Whether the file gave any figure at all.
    public var isEmpty: Bool { core == nil && levels.isEmpty && memory == nil }

    /// A figure as a machine file would write it: whole numbers without a fraction (`85`, `4.5`).
    public static func plain(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
