import Testing
@testable import CacheSim
import AccessSink

/// Inclusive and exclusive levels against the reference model (issue 26: they were checked only
/// path against path, so a defect common to every path went unseen). Seeded random traces run
/// through `RefHierarchy` (which now models back-invalidation and victim caches) and through the
/// simulator on the general path and on the fast paths, with and without the 3C split: every
/// counter of every level, the bytes each level moves and the memory traffic must be equal, at
/// the end of the trace and after the flush, for every policy the model keeps (all but random).
@Suite struct ReferenceInclusionTests {
    static let policies: [ReplacementPolicy] = [.lru, .fifo, .plru, .srrip, .mru]

    func compare(
        _ cfgs: [LevelConfig], seed: UInt64, count: Int = 6000, span: UInt64 = 16384, local: Bool,
        _ what: String
    ) {
        let accesses = ReferenceModelTests.trace(seed: seed, count: count, span: span, local: local)
        ReferenceDriver.run(
            cfgs, accesses,
            afterTrace: { ref in
                // Not vacuous: every inclusive level back-invalidated, every exclusive one handed lines up.
                for (i, c) in cfgs.enumerated() {
                    let r = ref.levels[i]
                    if c.inclusion == .inclusive {
                        #expect(r.backInvalidations > 0, "\(what): level \(i) never back-invalidated")
                    }
                    if c.inclusion == .exclusive { #expect(r.loads > r.loadMisses, "\(what): level \(i) never hit") }
                }
            }
        ) { sim, ref, phase, path, threeC in
            check(sim, ref, cfgs, "\(what) seed \(seed), \(phase), \(path)", threeC: threeC)
        }
    }

    func check(_ sim: CacheHierarchy, _ ref: RefHierarchy, _ cfgs: [LevelConfig], _ when: String, threeC: Bool) {
        let stats = sim.stats()
        for i in cfgs.indices {
            let f = stats.levels[i].total, r = ref.levels[i]
            let names =
                [
                    "loads", "stores", "loadMisses", "storeMisses", "writebacks", "bytesRead", "bytesWritten",
                    "backInvalidations",
                ] + (threeC ? ["compulsory", "capacity", "conflict"] : [])
            var got = [
                f.loads, f.stores, f.loadMisses, f.storeMisses, f.writebacks, f.bytesRead, f.bytesWritten,
                f.backInvalidations,
            ]
            var want = [
                r.loads, r.stores, r.loadMisses, r.storeMisses, r.writebacks, r.bytesRead, r.bytesWritten,
                r.backInvalidations,
            ].map(UInt64.init)
            if threeC {
                got += [f.compulsory, f.capacity, f.conflict]
                want += [r.compulsory, r.capacity, r.conflict].map(UInt64.init)
            }
            let diff = names.indices.filter { got[$0] != want[$0] }.map { "\(names[$0]) \(got[$0]) vs \(want[$0])" }
            #expect(diff.isEmpty, "\(when): level \(i) (\(cfgs[i].inclusion) \(cfgs[i].policy)): \(diff)")
        }
        let memory = [stats.memoryBytesRead, stats.memoryBytesWritten]
        let refMemory = [ref.memoryRead, ref.memoryWritten].map(UInt64.init)
        #expect(memory == refMemory, "\(when): memory bytes read, written \(memory) vs \(refMemory)")
    }

    /// An inclusive L2 (same line as L1) or L3 (a larger line: one eviction back-invalidates two
    /// L1 lines and two L2 lines), under write-back and write-through L1s. The inclusive levels are
    /// small (twice L1, or L1 plus L2), so that they often evict lines L1 still holds.
    @Test(arguments: policies)
    func defect26_inclusiveLevelsMatchTheReferenceModel(policy: ReplacementPolicy) {
        for (wb, alloc) in [(true, true), (false, false), (true, false)] {
            for seed: UInt64 in 60...61 {
                for local in [false, true] {
                    compare(
                        [
                            level(size: 256, line: 32, ways: 2, policy: policy, writeBack: wb, allocate: alloc),
                            level("L2", size: 512, line: 32, ways: 2, policy: policy, inclusion: .inclusive),
                            level("L3", size: 4096, line: 64, ways: 4, policy: policy),
                        ],
                        seed: seed, local: local, "inclusive L2 wb=\(wb) alloc=\(alloc)")
                    compare(
                        [
                            level(size: 256, line: 32, ways: 2, policy: policy, writeBack: wb, allocate: alloc),
                            level("L2", size: 1024, line: 32, ways: 4, policy: policy),
                            level("L3", size: 1024, line: 64, ways: 2, policy: policy, inclusion: .inclusive),
                        ],
                        seed: seed, local: local, "inclusive L3 wb=\(wb) alloc=\(alloc)")
                }
            }
        }
    }

    /// An exclusive L2 (victim cache of L1) and L3, and zen4's shape: inclusive L2 over an
    /// exclusive L3.
    @Test(arguments: policies)
    func defect26_exclusiveLevelsMatchTheReferenceModel(policy: ReplacementPolicy) {
        for (wb, alloc) in [(true, true), (false, false), (true, false)] {
            for seed: UInt64 in 70...71 {
                for local in [false, true] {
                    compare(
                        [
                            level(size: 256, line: 32, ways: 2, policy: policy, writeBack: wb, allocate: alloc),
                            level("L2", size: 512, line: 32, ways: 4, policy: policy, inclusion: .exclusive),
                            level("L3", size: 4096, line: 64, ways: 4, policy: policy),
                        ],
                        seed: seed, local: local, "exclusive L2 wb=\(wb) alloc=\(alloc)")
                    compare(
                        [
                            level(size: 256, line: 32, ways: 2, policy: policy, writeBack: wb, allocate: alloc),
                            level("L2", size: 512, line: 32, ways: 2, policy: policy, inclusion: .inclusive),
                            level("L3", size: 2048, line: 32, ways: 8, policy: policy, inclusion: .exclusive),
                        ],
                        seed: seed, local: local, "inclusive L2, exclusive L3 wb=\(wb) alloc=\(alloc)")
                }
            }
        }
    }

    /// Two victim caches in a row, and modulo-indexed sets.
    @Test(arguments: policies)
    func defect26_stackedAndModuloLevelsMatchTheReferenceModel(policy: ReplacementPolicy) {
        for seed: UInt64 in 80...82 {
            compare(
                [
                    level(size: 256, line: 32, ways: 2, policy: policy),
                    level("L2", size: 512, line: 32, ways: 4, policy: policy, inclusion: .exclusive),
                    level("L3", size: 1024, line: 32, ways: 4, policy: policy, inclusion: .exclusive),
                ],
                seed: seed, local: true, "two exclusive levels")
            // 3, 3 and 12 sets.
            compare(
                [
                    level(size: 192, line: 32, ways: 2, policy: policy),
                    level("L2", size: 384, line: 32, ways: 4, policy: policy, inclusion: .inclusive),
                    level("L3", size: 1536, line: 32, ways: 4, policy: policy, inclusion: .exclusive),
                ],
                seed: seed, local: false, "modulo sets")
        }
    }
}
