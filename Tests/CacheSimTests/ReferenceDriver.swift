import AccessSink
@testable import CacheSim

/// The one driver of the reference-model tests (`ReferenceModelTests`, `ReferenceInclusionTests`):
/// a trace runs through the reference model and through the simulator three ways: every
/// reference on the general path (`fastPaths: false`) with the 3C split; the fast paths (L1 hits
/// without the general path, with the region memo; the plain path wherever a level qualifies)
/// with the 3C split; and the fast paths without it (L1 hits inlined). Each simulator's state is
/// checked (`_checkInvariants`) and handed to `check` at the end of the trace and after the flush.
enum ReferenceDriver {
    enum Phase: String { case end, flushed }

    /// `afterTrace` sees the model before the flush (for checks that the trace did what it was for).
    static func run(
        _ cfgs: [LevelConfig], _ accesses: [(UInt64, Int, Bool)],
        afterTrace: (RefHierarchy) -> Void = { _ in },
        check: (_ sim: CacheHierarchy, _ ref: RefHierarchy, _ phase: Phase, _ path: String, _ threeC: Bool) -> Void
    ) {
        var sims = [
            ("general path", CacheHierarchy(cfgs, classify: true, fastPaths: false), true),
            ("fast paths", CacheHierarchy(cfgs, classify: true), true),
            ("fast paths, no 3C", CacheHierarchy(cfgs, classify: false), false),
        ]
        let ref = RefHierarchy(cfgs)
        for (addr, size, store) in accesses {
            // Region tags (ignored by the model) vary, so the per-region memo of the L1 hit
            // sees several streams.
            let region = RegionTag(truncatingIfNeeded: addr >> 9 & 3)
            for i in sims.indices {
                sims[i].1.access(address: addr, size: UInt32(size), kind: store ? .store : .load, region: region)
            }
            ref.access(addr, size, store: store)
        }
        for (name, sim, threeC) in sims {
            sim._checkInvariants()
            check(sim, ref, .end, name, threeC)
        }
        afterTrace(ref)
        ref.flush()
        for i in sims.indices {
            sims[i].1.flush()
            sims[i].1._checkInvariants()
            check(sims[i].1, ref, .flushed, sims[i].0, sims[i].2)
        }
    }
}
