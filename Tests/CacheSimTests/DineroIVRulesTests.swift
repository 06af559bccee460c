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
        var h = CacheHierarchy(
            [level(size: 32, line: 16, ways: 1, writeBack: writeBack, allocate: false)], fastPaths: fastPaths)
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
        var h = CacheHierarchy(
            [level(size: 64, line: 16, ways: 2), level("L2", size: 64, line: 16, ways: 1)],
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
        var h = CacheHierarchy(
            [level(size: 32, line: 16, ways: 1), level("L2", size: 16, line: 16, ways: 1)],
            fastPaths: fastPaths)
        h.run([0x00, 0x10], store: true)
        h.flush()
        #expect(h.total(1).misses == 3 && h.total(1).writebacks == 2)
    }

    /// A prefetch of a line already present is a reference (DineroIV): under LRU it becomes the
    /// most recent. One set of 3 ways, 16 B lines, next-line (miss) prefetch: r 10, r 0, r 30, r 10.
    /// r 10 misses, prefetches 2: [2 1] (most recent first). r 0 misses: [0 2 1]; its prefetch
    /// of 1 finds it: [1 0 2]. r 30 misses, evicting 2: [3 1 0]; prefetch 4 evicts 0: [4 3 1].
    /// r 10 hits. 3 misses, 2 prefetch fills. (Leaving 1 alone would have evicted it: 4 misses.)
    @Test(arguments: paths)
    func prefetchOfAPresentLineRefreshesIt(fastPaths: Bool) {
        var h = CacheHierarchy([level(size: 48, line: 16, ways: 3, prefetch: .nextLine)], fastPaths: fastPaths)
        h.run([0x10, 0x00, 0x30, 0x10])
        #expect(h.total(0).misses == 3 && h.total(0).prefetches == 2 && h.total(0).compulsory == 3)
    }

    /// A prefetched line counts as seen for the compulsory class. One 16 B line: r 0 misses
    /// (compulsory) and prefetches 1; r 20 misses (compulsory), prefetches 3; r 10 misses: line 1
    /// was brought in by a prefetch, so not compulsory; the one-line shadow holds 3: capacity.
    @Test(arguments: paths)
    func prefetchedLinesAreNotCompulsoryLater(fastPaths: Bool) {
        var h = CacheHierarchy([level(size: 16, line: 16, ways: 1, prefetch: .nextLine)], fastPaths: fastPaths)
        h.run([0x00, 0x20, 0x10])
        let c = h.total(0)
        #expect(c.misses == 3 && c.compulsory == 2 && c.capacity == 1 && c.conflict == 0 && c.prefetches == 3)
    }

    /// Misc records (`m`) never prefetch. 2 ways, next-line: m 0 then r 10 misses twice (the
    /// r 10 miss prefetches 2); r 0 then r 10 misses once (r 0 prefetched 1).
    @Test(arguments: paths)
    func miscReferencesDoNotPrefetch(fastPaths: Bool) {
        var misc = CacheHierarchy([level(size: 32, line: 16, ways: 2, prefetch: .nextLine)], fastPaths: fastPaths)
        misc.accessMisc(address: 0x00, size: 4, region: 0)
        misc.run([0x10])
        #expect(misc.total(0).misses == 2 && misc.total(0).loads == 2 && misc.total(0).prefetches == 1)
        var read = CacheHierarchy([level(size: 32, line: 16, ways: 2, prefetch: .nextLine)], fastPaths: fastPaths)
        read.run([0x00, 0x10])
        #expect(read.total(0).misses == 1 && read.total(0).prefetches == 1)
    }

    /// The fetch policies on one set of 2 ways: r 0, r 10, r 10, r 0.
    /// next-line (miss): r 0 misses, prefetches 1 [1 0]; the rest hit: 1 miss, 1 fill.
    /// always: as above, then r 10 hits and prefetches 2, evicting 0 [2 1]; r 10 hits [1 2] and
    /// prefetches 2, present [2 1]; r 0 misses, evicting 1 [0 2], prefetches 1, evicting 2:
    /// 2 misses, 3 fills. tagged: r 10 is the first use of prefetched 1: prefetch 2 [2 1]; the
    /// second r 10 is not [1 2]; r 0 misses, evicting 2 [0 1], its prefetch of 1 finds it:
    /// 2 misses, 2 fills.
    @Test(arguments: paths)
    func fetchPolicies(fastPaths: Bool) {
        for (kind, misses, fills) in [(PrefetchKind.nextLine, 1, 1), (.always, 2, 3), (.tagged, 2, 2)]
            as [(PrefetchKind, UInt64, UInt64)]
        {
            var h = CacheHierarchy([level(size: 32, line: 16, ways: 2, prefetch: kind)], fastPaths: fastPaths)
            h.run([0x00, 0x10, 0x10, 0x00])
            #expect(h.total(0).misses == misses && h.total(0).prefetches == fills, "\(kind)")
        }
    }

    /// Prefetch distance 2 (DineroIV's -pfdist 2): r 0 prefetches line 2, not 1. 4 ways:
    /// r 0 misses, r 10 misses (prefetching 3), r 20 hits: 2 misses, 2 fills.
    @Test(arguments: paths)
    func prefetchDistance(fastPaths: Bool) {
        var c = level(size: 64, line: 16, ways: 4, prefetch: .nextLine)
        c.prefetchDistance = 2
        var h = CacheHierarchy([c], fastPaths: fastPaths)
        h.run([0x00, 0x10, 0x20])
        #expect(h.total(0).misses == 2 && h.total(0).prefetches == 2)
    }

    /// `shadow: fifo` gives DineroIV's split on a FIFO level. 32 B direct-mapped, 16 B lines:
    /// r 0, r 10, r 0, r 30, r 10. The 2-line shadow after r 0 r 10 r 0 is [0 1] under LRU
    /// but still oldest-first 0, 1 under FIFO. r 30 misses (set 1) and enters the shadow,
    /// evicting 1 (LRU) or 0 (FIFO). r 10 misses: capacity with the LRU shadow, conflict with
    /// the FIFO one (it still holds 1).
    @Test(arguments: paths)
    func fifoShadow(fastPaths: Bool) {
        for (fifo, capacity, conflict) in [(false, 1, 0), (true, 0, 1)] as [(Bool, UInt64, UInt64)] {
            var c = level(size: 32, line: 16, ways: 1, policy: .fifo)
            c.fifoShadow = fifo
            var h = CacheHierarchy([c], fastPaths: fastPaths)
            h.run([0x00, 0x10, 0x00, 0x30, 0x10])
            let t = h.total(0)
            #expect(
                t.misses == 4 && t.compulsory == 3 && t.capacity == capacity && t.conflict == conflict,
                "fifo shadow \(fifo)")
        }
    }

    /// L1 32 B direct-mapped over L2 64 B 4-way, 16 B lines (all checked with DineroIV 7).
    static func twoLevels(_ fastPaths: Bool) -> CacheHierarchy {
        CacheHierarchy(
            [level(size: 32, line: 16, ways: 1), level("L2", size: 64, line: 16, ways: 4)], fastPaths: fastPaths)
    }

    /// `w 0`, `c 0 4`, `r 20`: the copy-back writes dirty line 0 to L2 (a store hit there, now
    /// dirty), then L2's own copy-back writes it to memory; line 0 stays in L1, clean, so `r 20`
    /// (same set) evicts it with no write-back. One write-back at each level; none at the flush.
    @Test(arguments: paths)
    func copyBackOfOneLine(fastPaths: Bool) {
        var h = Self.twoLevels(fastPaths)
        h.run([0x00], store: true)
        h.copyBack(address: 0x00, size: 4)
        h.run([0x20])
        #expect(h.total(0).writebacks == 1 && h.total(1).writebacks == 1 && h.total(1).stores == 1)
        #expect(h.total(0).misses == 2 && h.total(1).loads == 2)
        h.flush()
        #expect(h.total(0).writebacks == 1 && h.total(1).writebacks == 1)
    }

    /// `w 0`, `w 10`, `c 0 0`: size 0 copies back the whole cache: 2 write-backs from L1 (store
    /// hits at L2), then 2 from L2.
    @Test(arguments: paths)
    func copyBackOfEverything(fastPaths: Bool) {
        var h = Self.twoLevels(fastPaths)
        h.run([0x00, 0x10], store: true)
        h.copyBack(address: 0, size: 0)
        #expect(
            h.total(0).writebacks == 2 && h.total(1).writebacks == 2 && h.total(1).stores == 2 && h.total(1).misses == 2
        )
    }

    /// `r 0`, `w 10`, `v 10 4`, `r 10`: the invalidate drops line 1 at both levels, dirty data
    /// and all (no write-back ever). `r 10` misses both; the line left the shadows but stays
    /// seen, so each miss is a capacity miss (DineroIV). L1 2 loads + 1 store, 3 misses; L2
    /// 3 loads (fetches of 0, 1, 1), 3 misses.
    @Test(arguments: paths)
    func invalidateOfOneLine(fastPaths: Bool) {
        var h = Self.twoLevels(fastPaths)
        h.run([0x00])
        h.run([0x10], store: true)
        h.invalidate(address: 0x10, size: 4)
        h.run([0x10])
        let l1 = h.total(0), l2 = h.total(1)
        #expect(l1.misses == 3 && l1.compulsory == 2 && l1.capacity == 1 && l1.conflict == 0)
        #expect(l2.loads == 3 && l2.misses == 3 && l2.compulsory == 2 && l2.capacity == 1)
        h.flush()
        #expect(h.total(0).writebacks == 0 && h.total(1).writebacks == 0)
    }

    /// `r 0`, `w 10`, `v 0 0`, `r 0`, `r 10`: size 0 invalidates everything and forgets what
    /// was seen: all 4 misses at each level are compulsory.
    @Test(arguments: paths)
    func invalidateOfEverything(fastPaths: Bool) {
        var h = Self.twoLevels(fastPaths)
        h.run([0x00])
        h.run([0x10], store: true)
        h.invalidate(address: 0, size: 0)
        h.run([0x00, 0x10])
        #expect(
            h.total(0).misses == 4 && h.total(0).compulsory == 4 && h.total(1).misses == 4 && h.total(1).compulsory == 4
        )
    }
}
