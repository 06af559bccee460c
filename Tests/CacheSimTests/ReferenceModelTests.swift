import Testing
@testable import CacheSim
import AccessSink

/// The fast simulator against the simple reference model on seeded random traces.
@Suite struct ReferenceModelTests {
    static let policies: [ReplacementPolicy] = [.lru, .fifo, .plru, .srrip, .mru]
    static let writeModes: [(Bool, Bool)] = [(true, true), (false, false), (true, false)]

    /// `local`: mostly small steps from the previous address (runs of accesses to one line, as
    /// kernels make), with a jump one time in eight; otherwise uniform over `span`.
    static func trace(seed: UInt64, count: Int, span: UInt64, local: Bool) -> [(UInt64, Int, Bool)] {
        var rng = SplitMix(state: seed)
        var prev: UInt64 = 0
        return (0..<count).map { _ in
            let r = rng.next()
            var addr = (r >> 8) % span
            if local && r >> 60 != 0 { addr = (prev + (r >> 20) % 12) % span }
            prev = addr
            return (addr, [1, 2, 4, 8, 16][Int(r % 5)], (r >> 4) & 3 == 0)
        }
    }

    /// The trace through the reference model and the simulator's three paths (`ReferenceDriver`):
    /// all must match the model, the 3C counters where they were kept.
    func compare(_ cfgs: [LevelConfig], seed: UInt64, count: Int = 4000, span: UInt64 = 4096, local: Bool = false) {
        let accesses = Self.trace(seed: seed, count: count, span: span, local: local)
        ReferenceDriver.run(cfgs, accesses) { sim, ref, phase, path, threeC in
            check(sim, ref, cfgs, "\(phase), \(path)", threeC: threeC)
            if phase == .end { #expect(sim.stats().accesses == UInt64(count)) }
        }
    }

    func check(_ fast: CacheHierarchy, _ ref: RefHierarchy, _ cfgs: [LevelConfig], _ when: String, threeC: Bool) {
        for i in cfgs.indices {
            let f = fast.total(i), r = ref.levels[i]
            var got = [f.loads, f.stores, f.loadMisses, f.storeMisses, f.writebacks]
            var want = [r.loads, r.stores, r.loadMisses, r.storeMisses, r.writebacks].map(UInt64.init)
            if threeC {
                got += [f.compulsory, f.capacity, f.conflict]
                want += [r.compulsory, r.capacity, r.conflict].map(UInt64.init)
            }
            #expect(
                got == want,
                "\(when) level \(i) \(cfgs[i].policy) wb=\(cfgs[i].writeBack) alloc=\(cfgs[i].writeAllocate)")
        }
    }

    @Test(arguments: policies)
    func singleLevelMatchesReference(policy: ReplacementPolicy) {
        for (wb, alloc) in Self.writeModes {
            for seed: UInt64 in 1...3 {
                compare(
                    [level(size: 512, line: 16, ways: 4, policy: policy, writeBack: wb, allocate: alloc)], seed: seed)
            }
        }
    }

    @Test(arguments: policies)
    func twoLevelsMatchReference(policy: ReplacementPolicy) {
        for (wb, alloc) in Self.writeModes {
            for seed: UInt64 in 10...12 {
                compare(
                    [
                        level(size: 256, line: 16, ways: 2, policy: policy, writeBack: wb, allocate: alloc),
                        level("L2", size: 1024, line: 32, ways: 4, policy: policy),
                    ], seed: seed)
            }
        }
    }

    @Test(arguments: policies)
    func localTracesMatchReference(policy: ReplacementPolicy) {
        // Runs of accesses to one line exercise the inlined L1 hit and its per-region memo.
        for (wb, alloc) in Self.writeModes {
            for seed: UInt64 in 30...32 {
                compare(
                    [
                        level(size: 256, line: 32, ways: 2, policy: policy, writeBack: wb, allocate: alloc),
                        level("L2", size: 1024, line: 32, ways: 4, policy: .mru, inclusion: .nine),
                    ],
                    seed: seed, count: 6000, local: true)
            }
        }
    }

    @Test(arguments: policies)
    func wideSetsMatchReference(policy: ReplacementPolicy) {
        // 8 ways (the unrolled search), 16 (the branch-free loop) and 32 (the early-exit loop).
        for (wb, alloc) in Self.writeModes {
            compare(
                [
                    level(size: 1024, line: 32, ways: 8, policy: policy, writeBack: wb, allocate: alloc),
                    level("L2", size: 8192, line: 32, ways: 16, policy: policy),
                    level("L3", size: 32768, line: 64, ways: 32, policy: policy),
                ],
                seed: 40, count: 20000, span: 65536, local: true)
        }
    }

    @Test func threeLevelsWithModuloSetsMatchReference() {
        for seed: UInt64 in 20...24 {
            compare(
                [
                    level(size: 192, line: 16, ways: 4),  // 3 sets
                    level("L2", size: 768, line: 16, ways: 8),  // 6 sets
                    level("L3", size: 4096, line: 64, ways: 8),
                ], seed: seed, count: 6000, span: 16384)
        }
    }

    @Test func randomPolicyIsReproducibleAndBounded() {
        func run(_ seed: UInt64) -> LevelCounters {
            var c = level(size: 512, line: 16, ways: 4, policy: .random)
            c.seed = seed
            var h = CacheHierarchy([c])
            var rng = SplitMix(state: 99)
            for _ in 0..<5000 { h.access(address: rng.next() % 2048 & ~3, size: 4, kind: .load, region: 0) }
            return h.total(0)
        }
        #expect(run(7) == run(7))
        let c = run(7)
        // 2048 bytes = 128 lines of 16; every line is a compulsory miss once at most.
        #expect(c.compulsory <= 128 && c.misses >= c.compulsory && c.misses < 5000)
    }

    /// Inclusive and exclusive levels are outside the reference model: there the fast paths
    /// (L1 hits without the general path, plain levels where they qualify), with and without
    /// the 3C split, must agree with the general path, counter for counter, memory traffic
    /// included.
    @Test(arguments: [Inclusion.inclusive, .exclusive])
    func fastPathsMatchFullPathWithInclusion(_ inclusion: Inclusion) {
        for policy in [ReplacementPolicy.lru, .fifo] {
            let cfgs = [
                level(size: 512, line: 32, ways: 8, policy: policy),
                level("L2", size: 2048, line: 32, ways: 4, policy: policy, inclusion: inclusion),
                level("L3", size: 8192, line: 64, ways: 8, policy: policy),
            ]
            var full = CacheHierarchy(cfgs, classify: true, fastPaths: false)
            var fast3C = CacheHierarchy(cfgs, classify: true)
            var fast = CacheHierarchy(cfgs, classify: false)
            for (addr, size, store) in Self.trace(seed: 50, count: 20000, span: 32768, local: true) {
                let kind: AccessKind = store ? .store : .load
                full.access(address: addr, size: UInt32(size), kind: kind, region: UInt8(addr >> 12))
                fast3C.access(address: addr, size: UInt32(size), kind: kind, region: UInt8(addr >> 12))
                fast.access(address: addr, size: UInt32(size), kind: kind, region: UInt8(addr >> 12))
            }
            for sim in [full, fast3C, fast] { sim._checkInvariants() }
            full.flush()
            fast3C.flush()
            fast.flush()
            for sim in [full, fast3C, fast] { sim._checkInvariants() }
            let a = full.stats()
            #expect(fast3C.stats() == a, "\(inclusion) \(policy): fast paths with 3C")
            let b = fast.stats()
            #expect(
                a.accesses == b.accesses && a.memoryBytesRead == b.memoryBytesRead
                    && a.memoryBytesWritten == b.memoryBytesWritten)
            for i in cfgs.indices {
                var x = a.levels[i].total, y = b.levels[i].total
                x.compulsory = 0
                x.capacity = 0
                x.conflict = 0
                #expect(x == y, "\(inclusion) \(policy) level \(i)")
                #expect(a.levels[i].regions.mapValues(\.loadMisses) == b.levels[i].regions.mapValues(\.loadMisses))
            }
        }
    }
}
