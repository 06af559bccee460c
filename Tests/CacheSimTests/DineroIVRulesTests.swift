import Testing
@testable import CacheSim

/// DineroIV's rules where LayoutLab offers the same feature, each on a minimal trace worked out
/// by hand from DineroIV 7's `ref.c`/`misc.c` (the comments give the derivation). Every case
/// runs on the fast paths and on the general path (`fastPaths: false`).
@Suite struct DineroIVRulesTests {
    static let paths = [true, false]

    /// 32 B direct-mapped, 16 B lines (2 sets), no write-allocate: r 0, r 10, r 30, r 50, w 0, r 30.
    /// Lines 0 (set 0), 1, 3, 5 (set 1). The 2-line fully associative LRU shadow holds
    /// [0], [1 0], [3 1], [5 3]. `w 0` hits the cache but misses the shadow: DineroIV adds no
    /// line to the shadow on a write to a no-allocate cache, so it stays [5 3]. `r 30` misses
    /// (set 1 holds 5) and the shadow holds 3: a conflict miss. Inserting 0 would have evicted
    /// 3 and made it a capacity miss.
    @Test(arguments: paths, [true, false])
    func noAllocateStoreHitStaysOutOfTheShadow(fastPaths: Bool, writeBack: Bool) {
        var h = CacheHierarchy([level(size: 32, line: 16, ways: 1, writeBack: writeBack, allocate: false)], fastPaths: fastPaths)
        h.run([0x00, 0x10, 0x30, 0x50])
        h.run([0x00], store: true)
        h.run([0x30])
        let c = h.total(0)
        #expect(c.misses == 5 && c.compulsory == 4 && c.capacity == 0 && c.conflict == 1)
    }

    /// The same on a write-allocate cache for contrast: `w 0` is a hit that moves 0 into the
    /// shadow ([0 5]), so `r 30` misses there too: a capacity miss.
    @Test(arguments: paths)
    func allocateStoreHitEntersTheShadow(fastPaths: Bool) {
        var h = CacheHierarchy([level(size: 32, line: 16, ways: 1)], fastPaths: fastPaths)
        h.run([0x00, 0x10, 0x30, 0x50])
        h.run([0x00], store: true)
        h.run([0x30])
        let c = h.total(0)
        #expect(c.compulsory == 4 && c.capacity == 1 && c.conflict == 0)
    }

    /// End-of-run copy-back order. L1 64 B 2-way (2 sets), L2 64 B direct-mapped (4 sets),
    /// 16 B lines: w 0, w 40. Lines 0 and 4 share L1 set 0 and L2 set 0. Before the copy-back
    /// L2 has read 0 (miss) and 4 (miss, evicting clean 0): 2 misses, holding clean 4.
    /// DineroIV stacks set 0's dirty lines most recent first (4, 0) and pops them: 0 first, a
    /// whole-line store missing L2 (allocated without a fetch, evicting clean 4), then 4, a
    /// miss that evicts dirty 0 (one write-back); then L2's own copy-back writes 4. L2: 4
    /// misses, 2 write-backs. Most recent first would have hit 4 and given 3 misses.
    @Test(arguments: paths)
    func copyBackIsLastInFirstOut(fastPaths: Bool) {
        var h = CacheHierarchy([level(size: 64, line: 16, ways: 2), level("L2", size: 64, line: 16, ways: 1)],
                               fastPaths: fastPaths)
        h.run([0x00, 0x40], store: true)
        #expect(h.total(1).misses == 2)
        h.flush()
        #expect(h.total(0).writebacks == 2)
        #expect(h.total(1).misses == 4 && h.total(1).writebacks == 2)
    }

    /// Across sets, the last set goes first. L1 32 B direct-mapped (2 sets), L2 16 B, one line,
    /// 16 B lines: w 0 (set 0), w 10 (set 1); L2 holds clean line 1 after the fetches. The copy-back
    /// pops set 1 first: line 1 hits L2 (dirty now), then line 0 misses and evicts it: L2 3
    /// misses and 1 write-back, then 0 is written by L2's copy-back: 2 write-backs.
    @Test(arguments: paths)
    func copyBackStartsFromTheLastSet(fastPaths: Bool) {
        var h = CacheHierarchy([level(size: 32, line: 16, ways: 1), level("L2", size: 16, line: 16, ways: 1)],
                               fastPaths: fastPaths)
        h.run([0x00, 0x10], store: true)
        h.flush()
        #expect(h.total(1).misses == 3 && h.total(1).writebacks == 2)
    }
}
