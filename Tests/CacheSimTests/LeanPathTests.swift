import Testing
@testable import CacheSim
import AccessSink

/// The lean path (`leanReference`: any policy, modulo sets, inclusive back-invalidation,
/// exclusive victim moves) and the order-word path (`orderWordReference`: LRU and FIFO levels below
/// L1 on order words and hints) against the general path (`fastPaths: false`), counter for counter,
/// on random traces mixed with copy-back, invalidate and misc records, and on a GEMM-like
/// stream. Every hierarchy here has a level only the lean or order-word path takes (not `plain`), and
/// each test checks that those paths handled misses (`leanMisses`, `orderWordMisses`).
@Suite struct LeanPathTests {
    static let policies: [ReplacementPolicy] = [.lru, .fifo, .random, .plru, .srrip, .mru]

    /// Per policy: an inclusive and an exclusive three-level hierarchy, the policy on every
    /// level; the exclusive one mixes line sizes and uses a modulo (3-set) L2.
    static let hierarchies: [(String, [LevelConfig])] =
        policies.flatMap { p in
            [
                (
                    "\(p) inclusive",
                    [
                        level(size: 512, line: 32, ways: 4, policy: p),
                        level("L2", size: 1024, line: 32, ways: 4, policy: p, inclusion: .inclusive),
                        level("L3", size: 8192, line: 64, ways: 8, policy: p, inclusion: .inclusive),
                    ]
                ),
                (
                    "\(p) exclusive, modulo",
                    [
                        level(size: 512, line: 32, ways: 4, policy: p),
                        level("L2", size: 1536, line: 64, ways: 8, policy: p, inclusion: .inclusive),
                        level("L3", size: 8192, line: 64, ways: 16, policy: p, inclusion: .exclusive),
                    ]
                ),
            ]
        } + [
            (
                "modulo L1, mixed lines",
                [
                    level(size: 384, line: 32, ways: 4, policy: .plru),
                    level("L2", size: 3072, line: 64, ways: 4, policy: .srrip, inclusion: .inclusive),
                ]
            ),
            (
                "NINE over exclusive",
                [
                    level(size: 512, line: 64, ways: 8),
                    level("L2", size: 2048, line: 64, ways: 8, policy: .fifo),
                    level("L3", size: 6144, line: 64, ways: 8, inclusion: .exclusive),
                ]
            ),
            (
                "zen4 shape",
                [
                    level(size: 512, line: 64, ways: 8),
                    level("L2", size: 1024, line: 64, ways: 8, inclusion: .inclusive),
                    level("L3", size: 16384, line: 64, ways: 16, inclusion: .exclusive),
                ]
            ),
            // Order-word levels of 2, 12 and 16 ways: an inclusive FIFO L3 back-invalidates an order-word
            // L2, and its victims go to an exclusive L4.
            (
                "four levels, 2, 12 and 16 ways",
                [
                    level(size: 512, line: 64, ways: 8),
                    level("L2", size: 1024, line: 64, ways: 2, inclusion: .inclusive),
                    level("L3", size: 3072, line: 64, ways: 12, policy: .fifo, inclusion: .inclusive),
                    level("L4", size: 16384, line: 64, ways: 16, inclusion: .exclusive),
                ]
            ),
        ]

    /// Drives the general path with 3C, the fast paths with 3C and the fast paths without it
    /// through `body`, then compares: every counter with 3C, every counter but the 3C split
    /// without it.
    func compare(_ index: Int, _ body: (inout CacheHierarchy) -> Void) {
        let (name, cfgs) = Self.hierarchies[index]
        var full = CacheHierarchy(cfgs, classify: true, fastPaths: false)
        var fast3C = CacheHierarchy(cfgs, classify: true)
        var fast = CacheHierarchy(cfgs, classify: false)
        #expect(
            (0..<fast.count).contains { fast.levels[$0].path != .general && fast.levels[$0].path != .plain },
            "\(name) has no level only the lean path takes")
        body(&full)
        body(&fast3C)
        body(&fast)
        for sim in [full, fast3C, fast] { sim._checkInvariants() }
        full.flush()
        fast3C.flush()
        fast.flush()
        for sim in [full, fast3C, fast] { sim._checkInvariants() }
        let a = full.stats(), b = fast.stats()
        #expect(full.leanMisses == 0 && full.orderWordMisses == 0, "\(name): the general path took a lean path")
        if (0..<fast.count).contains(where: { fast.levels[$0].path == .lean }) {
            #expect(fast3C.leanMisses > 0 && fast.leanMisses > 0, "\(name): the lean path never ran")
        }
        if (0..<fast.count).contains(where: { fast.levels[$0].path == .orderWord }) {
            #expect(fast3C.orderWordMisses > 0 && fast.orderWordMisses > 0, "\(name): the order-word path never ran")
        }
        #expect(fast3C.stats() == a, "\(name): fast paths with 3C")
        #expect(
            a.accesses == b.accesses && a.memoryBytesRead == b.memoryBytesRead
                && a.memoryBytesWritten == b.memoryBytesWritten,
            "\(name): totals without 3C")
        for i in cfgs.indices {
            var t = a.levels[i].total
            t.compulsory = 0
            t.capacity = 0
            t.conflict = 0
            #expect(t == b.levels[i].total, "\(name) level \(i) without 3C")
            #expect(
                a.levels[i].regions.mapValues { $0.misses } == b.levels[i].regions.mapValues { $0.misses },
                "\(name) level \(i) per region")
            #expect(t.misses > 0, "\(name) level \(i) never misses")
            // The lean path leaves the same lines resident, with the same dirty bits.
            let resident = { (h: CacheHierarchy) in
                h.residentLines(level: i).map { $0.line &* 2 &+ ($0.dirty ? 1 : 0) }.sorted()
            }
            #expect(resident(full) == resident(fast), "\(name) level \(i) resident lines")
        }
        if cfgs.contains(where: { $0.inclusion == .inclusive }) {
            #expect(a.levels.contains { $0.total.backInvalidations > 0 }, "\(name) never back-invalidates")
        }
    }

    @Test(arguments: hierarchies.indices)
    func randomTraces(_ index: Int) {
        let trace = ReferenceModelTests.trace(seed: 150 + UInt64(index), count: 30000, span: 24576, local: true)
        compare(index) { sim in
            var x: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(index)
            for (addr, size, store) in trace {
                x ^= x << 13
                x ^= x >> 7
                x ^= x << 17
                let region = RegionTag(truncatingIfNeeded: addr >> 10)
                switch x % 200 {
                case 0: sim.copyBack(address: addr, size: x >> 9 % 32 == 0 ? 0 : 4)
                case 1: sim.invalidate(address: addr, size: x >> 9 % 64 == 0 ? 0 : 4)
                case 2..<20 where !store: sim.accessMisc(address: addr, size: UInt32(size), region: region)
                default: sim.access(address: addr, size: UInt32(size), kind: store ? .store : .load, region: region)
                }
            }
        }
    }

    /// A naive ijk GEMM's stream (C[i][j] += A[i][p] * B[p][j], 4-byte elements, n = 24):
    /// the column walk of B is what large runs spend their misses on.
    @Test(arguments: hierarchies.indices)
    func gemmStream(_ index: Int) {
        let n: UInt64 = 24, a: UInt64 = 0x10000, b: UInt64 = 0x20000, c: UInt64 = 0x30000
        compare(index) { sim in
            for i in 0..<n {
                for j in 0..<n {
                    sim.access(address: c + (i * n + j) * 4, size: 4, kind: .load, region: 2)
                    for p in 0..<n {
                        sim.access(address: a + (i * n + p) * 4, size: 4, kind: .load, region: 0)
                        sim.access(address: b + (p * n + j) * 4, size: 4, kind: .load, region: 1)
                    }
                    sim.access(address: c + (i * n + j) * 4, size: 4, kind: .store, region: 2)
                }
            }
        }
    }
}
