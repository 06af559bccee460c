import AccessSink
import CacheSim
import LayoutConfig
import LayoutLabKit
import Traces

enum FuzzTarget {
    /// Small levels exercising modulo sets, PLRU, SRRIP, prefetchers, inclusion and exclusion.
    static let simulatorLevels = [
        LevelConfig(name: "L1", size: 384, line: 16, ways: 2, policy: .plru, prefetch: .stride, prefetchDegree: 2),
        LevelConfig(
            name: "L2", size: 1536, line: 16, ways: 4, policy: .srrip, inclusion: .inclusive, prefetch: .nextLine),
        LevelConfig(name: "L3", size: 4096, line: 16, ways: 4, policy: .random, inclusion: .exclusive),
    ]

    /// Hierarchies of the fast paths' domain: DineroIV's kind, an inclusive L2 below a plain L1
    /// (the order-word path), and zen4's shape under a tree-PLRU L1 (inline PLRU hits, the lean
    /// path, an inclusive and an exclusive order-word level).
    static let fastLevelsA = [
        LevelConfig(name: "L1", size: 512, line: 16, ways: 8),
        LevelConfig(name: "L2", size: 2048, line: 32, ways: 4, policy: .fifo),
    ]
    static let fastLevelsB = [
        LevelConfig(name: "L1", size: 256, line: 16, ways: 2, policy: .fifo),
        LevelConfig(name: "L2", size: 2048, line: 16, ways: 8, inclusion: .inclusive),
        LevelConfig(name: "L3", size: 8192, line: 64, ways: 16),
    ]
    static let fastLevelsC = [
        LevelConfig(name: "L1", size: 512, line: 16, ways: 8, policy: .plru),
        LevelConfig(name: "L2", size: 2048, line: 16, ways: 8, inclusion: .inclusive),
        LevelConfig(name: "L3", size: 8192, line: 16, ways: 16, inclusion: .exclusive),
    ]

    static func run(_ target: String, _ bytes: [UInt8], machine: MachineSpec) {
        switch target {
        case "machine":
            _ = try? MachineSpec.decode(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case "experiment":
            _ = try? ExperimentSpec.decode(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case "results-document":
            ResultsDocumentTarget.run(bytes)
        case "simulator":
            // Arbitrary addresses, sizes and kinds straight into a 3-level hierarchy with every
            // policy feature on: 11-byte records (u64 address, u16 size, u8 kind/region).
            var sim = CacheHierarchy(simulatorLevels)
            var i = 0
            while i + 11 <= bytes.count {
                var a: UInt64 = 0
                for k in 0..<8 { a |= UInt64(bytes[i + k]) << (8 * k) }
                let size = UInt32(bytes[i + 8]) | UInt32(bytes[i + 9]) << 8
                sim.access(
                    address: a, size: size, kind: bytes[i + 10] & 1 == 0 ? .load : .store, region: bytes[i + 10] >> 1)
                i += 11
            }
            sim.flush()
            _ = sim.stats()
        case "fast-paths":
            // Differential: the same records (addresses within 64 KiB, so lines are reused)
            // through a hierarchy on the general path and one on the fast paths (L1 hits without
            // the general path, plain levels), both with the 3C split: every counter must agree.
            // A third, without the split (L1 hits inlined), must agree on all but the split.
            let levels = [fastLevelsA, fastLevelsB, fastLevelsC][Int(bytes.first ?? 0) % 3]
            var full = CacheHierarchy(levels, classify: true, fastPaths: false)
            var fast3C = CacheHierarchy(levels, classify: true), fast = CacheHierarchy(levels, classify: false)
            var i = 1
            while i + 5 <= bytes.count {
                let a = UInt64(bytes[i]) | UInt64(bytes[i + 1]) << 8
                let size = UInt32(bytes[i + 2] & 31)
                let kind: AccessKind = bytes[i + 3] & 1 == 0 ? .load : .store
                full.access(address: a, size: size, kind: kind, region: bytes[i + 4] & 7)
                fast3C.access(address: a, size: size, kind: kind, region: bytes[i + 4] & 7)
                fast.access(address: a, size: size, kind: kind, region: bytes[i + 4] & 7)
                i += 5
            }
            full.flush()
            fast3C.flush()
            fast.flush()
            let x = full.stats(), y = fast.stats()
            precondition(fast3C.stats() == x, "fast paths with 3C disagree with the general path")
            precondition(
                x.accesses == y.accesses && x.memoryBytesRead == y.memoryBytesRead
                    && x.memoryBytesWritten == y.memoryBytesWritten, "fast and full paths disagree on totals")
            for (p, q) in zip(x.levels, y.levels) {
                var c = p.total
                c.compulsory = 0
                c.capacity = 0
                c.conflict = 0
                precondition(c == q.total, "fast and full paths disagree at \(p.config.name)")
            }
        case "warp-equivariance":
            // The premise of exact warping: the same records, each region's addresses shifted by
            // its own multiple of every level's sets x line, give the same counters and the state
            // renamed by those shifts, on every hierarchy kind (first byte picks one).
            let kinds = [simulatorLevels, fastLevelsA, fastLevelsB, fastLevelsC]
            let levels = kinds[Int(bytes.first ?? 0) % kinds.count]
            let unit = levels.reduce(1) { u, c in
                let g = c.sets * c.line
                var (x, y) = (u, g)
                while y != 0 { (x, y) = (y, x % y) }
                return u / x * g
            }
            // Each region owns its own 32 KiB (region 1 from 1 MiB, region 2 from 2 MiB), so no line
            // is shared by both, before or after the shifts, nor reached by the other's prefetches
            // (a stride of at most 32 KiB, degree 2), and no prefetch wraps below address 0 (which
            // would move a line to another set of a modulo level); the shifts are multiples of `unit` of at
            // least 128 KiB, region 2's eight of those beyond region 1's at most, so the shifted
            // areas stay apart too.
            let step = ((128 << 10) + unit - 1) / unit * unit
            var offsets = [Int64](repeating: 0, count: 256)
            offsets[1] = Int64(step * (1 + Int(bytes.count > 1 ? bytes[1] % 7 : 0)))
            offsets[2] = Int64(step * 9)
            var a = CacheHierarchy(levels, classify: false), b = CacheHierarchy(levels, classify: false)
            var i = 2
            while i + 5 <= bytes.count {
                let size = UInt32(bytes[i + 2] & 31), r = RegionTag(1 + bytes[i + 4] & 1)
                let local = min((UInt64(bytes[i]) | UInt64(bytes[i + 1]) << 8) & 0x7FFF, 0x8000 - UInt64(size))
                let addr = local + (r == 2 ? 2 << 20 : 1 << 20)
                let kind: AccessKind = bytes[i + 3] & 1 == 0 ? .load : .store
                a.access(address: addr, size: size, kind: kind, region: r)
                b.access(address: addr &+ UInt64(offsets[Int(r)]), size: size, kind: kind, region: r)
                i += 5
            }
            var sa: [UInt64] = [], sb: [UInt64] = []
            let zero = [Int64](repeating: 0, count: 256)
            zero.withUnsafeBufferPointer { a.appendState(offsets: $0.baseAddress!, to: &sa) }
            offsets.withUnsafeBufferPointer { b.appendState(offsets: $0.baseAddress!, to: &sb) }
            precondition(a.stats() == b.stats() && sa == sb, "a translated trace did not translate the result")
        default:
            guard let format = TraceFormat(rawValue: target) else {
                fatalError("unknown LAYOUTLAB_FUZZ_TARGET \(target)")
            }
            var sink = NullSink()
            _ = try? TraceReader.replay(ByteSource(bytes: bytes, name: "fuzz"), format: format, into: &sink)
        }
    }
}
