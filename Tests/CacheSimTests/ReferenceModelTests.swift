import Testing
@testable import CacheSim

/// The fast simulator against the simple reference model on seeded random traces.
@Suite struct ReferenceModelTests {
    static let policies: [ReplacementPolicy] = [.lru, .fifo, .plru, .srrip, .mru]
    static let writeModes: [(Bool, Bool)] = [(true, true), (false, false), (true, false)]

    /// `local`: mostly small steps from the previous address (runs of accesses to one line, as
    /// kernels make), with a jump one time in eight; otherwise uniform over `span`.
    func compare(_ cfgs: [LevelConfig], seed: UInt64, count: Int = 4000, span: UInt64 = 4096, local: Bool = false) {
        var rng = SplitMix(state: seed)
        var fast = CacheHierarchy(cfgs)
        let ref = RefHierarchy(cfgs)
        var prev: UInt64 = 0
        for _ in 0..<count {
            let r = rng.next()
            var addr = (r >> 8) % span
            if local && r >> 60 != 0 { addr = (prev + (r >> 20) % 12) % span }
            prev = addr
            let size = [1, 2, 4, 8, 16][Int(r % 5)]
            let store = (r >> 4) & 3 == 0
            fast.access(address: addr, size: UInt32(size), kind: store ? .store : .load, region: 0)
            ref.access(addr, size, store: store)
        }
        check(fast, ref, cfgs, "end")
        fast.flush(); ref.flush()
        check(fast, ref, cfgs, "flushed")
    }

    func check(_ fast: CacheHierarchy, _ ref: RefHierarchy, _ cfgs: [LevelConfig], _ when: String) {
        for i in cfgs.indices {
            let f = fast.total(i), r = ref.levels[i]
            let got = [f.loads, f.stores, f.loadMisses, f.storeMisses, f.writebacks, f.compulsory, f.capacity, f.conflict]
            let want = [r.loads, r.stores, r.loadMisses, r.storeMisses, r.writebacks, r.compulsory, r.capacity, r.conflict].map(UInt64.init)
            #expect(got == want, "\(when) level \(i) \(cfgs[i].policy) wb=\(cfgs[i].writeBack) alloc=\(cfgs[i].writeAllocate)")
        }
    }

    @Test(arguments: policies)
    func singleLevelMatchesReference(policy: ReplacementPolicy) {
        for (wb, alloc) in Self.writeModes {
            for seed: UInt64 in 1...3 {
                compare([level(size: 512, line: 16, ways: 4, policy: policy, writeBack: wb, allocate: alloc)], seed: seed)
            }
        }
    }

    @Test(arguments: policies)
    func twoLevelsMatchReference(policy: ReplacementPolicy) {
        for (wb, alloc) in Self.writeModes {
            for seed: UInt64 in 10...12 {
                compare([level(size: 256, line: 16, ways: 2, policy: policy, writeBack: wb, allocate: alloc),
                         level("L2", size: 1024, line: 32, ways: 4, policy: policy)], seed: seed)
            }
        }
    }

    @Test(arguments: policies)
    func localTracesMatchReference(policy: ReplacementPolicy) {
        // Runs of accesses to the same line exercise the simulator's same-line fast path.
        for (wb, alloc) in Self.writeModes {
            for seed: UInt64 in 30...32 {
                compare([level(size: 256, line: 32, ways: 2, policy: policy, writeBack: wb, allocate: alloc),
                         level("L2", size: 1024, line: 32, ways: 4, policy: .mru, inclusion: .nine)],
                        seed: seed, count: 6000, local: true)
            }
        }
    }

    @Test func threeLevelsWithModuloSetsMatchReference() {
        for seed: UInt64 in 20...24 {
            compare([level(size: 192, line: 16, ways: 4),                   // 3 sets
                     level("L2", size: 768, line: 16, ways: 8),             // 6 sets
                     level("L3", size: 4096, line: 64, ways: 8)], seed: seed, count: 6000, span: 16384)
        }
    }

    @Test func randomPolicyIsReproducibleAndBounded() {
        func run(_ seed: UInt64) -> LevelCounters {
            var c = level(size: 512, line: 16, ways: 4, policy: .random); c.seed = seed
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
}
