import LayoutLabKit

enum FuzzTarget {
    /// Small levels exercising modulo sets, PLRU, SRRIP, prefetchers, inclusion and exclusion.
    static let simulatorLevels = [
        LevelConfig(name: "L1", size: 384, line: 16, ways: 2, policy: .plru, prefetch: .stride, prefetchDegree: 2),
        LevelConfig(name: "L2", size: 1536, line: 16, ways: 4, policy: .srrip, inclusion: .inclusive, prefetch: .nextLine),
        LevelConfig(name: "L3", size: 4096, line: 16, ways: 4, policy: .random, inclusion: .exclusive),
    ]

    static func run(_ target: String, _ bytes: [UInt8], machine: MachineSpec) {
        switch target {
        case "machine":
            _ = try? MachineSpec.decode(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case "experiment":
            _ = try? ExperimentSpec.decode(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case "simulator":
            // Arbitrary addresses, sizes and kinds straight into a 3-level hierarchy with every
            // policy feature on: 11-byte records (u64 address, u16 size, u8 kind/region).
            var sim = CacheHierarchy(simulatorLevels)
            var i = 0
            while i + 11 <= bytes.count {
                var a: UInt64 = 0
                for k in 0..<8 { a |= UInt64(bytes[i + k]) << (8 * k) }
                let size = UInt32(bytes[i + 8]) | UInt32(bytes[i + 9]) << 8
                sim.access(address: a, size: size, kind: bytes[i + 10] & 1 == 0 ? .load : .store, region: bytes[i + 10] >> 1)
                i += 11
            }
            sim.flush()
            _ = sim.stats()
        default:
            guard let format = TraceFormat(rawValue: target) else { fatalError("unknown LAYOUTLAB_FUZZ_TARGET \(target)") }
            var sink = NullSink()
            _ = try? TraceReader.replay(ByteSource(bytes: bytes, name: "fuzz"), format: format, into: &sink)
        }
    }
}
