import Testing
@testable import CacheSim

/// Tiny hierarchies whose every count is derived by hand in the comments.
@Suite struct HandCheckedTests {
    // One set, two ways, 16-byte lines: lines A=0x00, B=0x10, C=0x20 all map to set 0.
    let A: UInt64 = 0x00, B: UInt64 = 0x10, C: UInt64 = 0x20, D: UInt64 = 0x30, E: UInt64 = 0x40

    @Test func lruVersusFifo() {
        // A B A C A. LRU: A miss, B miss, A hit, C miss (evicts B), A hit -> 3 misses.
        var lru = CacheHierarchy([level(size: 32, line: 16, ways: 2, policy: .lru)])
        lru.run([A, B, A, C, A])
        #expect(lru.total(0).misses == 3)
        // FIFO: A miss, B miss, A hit, C miss (evicts A, first in), A miss -> 4 misses.
        var fifo = CacheHierarchy([level(size: 32, line: 16, ways: 2, policy: .fifo)])
        fifo.run([A, B, A, C, A])
        #expect(fifo.total(0).misses == 4)
    }

    @Test func mruEvictsMostRecent() {
        // A B C A B. MRU: A m, B m, C m (evicts B, the most recent) -> {A,C}; A hit; B m -> 4 misses.
        var h = CacheHierarchy([level(size: 32, line: 16, ways: 2, policy: .mru)])
        h.run([A, B, C, A, B])
        #expect(h.total(0).misses == 4)
        #expect(h.total(0).hits == 1)
    }

    @Test func plruDiffersFromLRU() {
        // 4 ways, one set. A B C D fill ways 0-3; then B, A, C hit; E misses.
        // LRU victim: D (least recently used). Tree-PLRU: after C (right half) the root points
        // left; the left node was last set by A (way 0) so it points to way 1: victim B.
        // Then D: LRU miss (evicting B, now least recent), PLRU hit. Then B misses in both.
        let seq = [A, B, C, D, B, A, C, E, D]
        var lru = CacheHierarchy([level(size: 64, line: 16, ways: 4, policy: .lru)])
        lru.run(seq)
        var plru = CacheHierarchy([level(size: 64, line: 16, ways: 4, policy: .plru)])
        plru.run(seq)
        // LRU: 4 cold + E + D = 6; PLRU: 4 cold + E = 5 (D still there).
        #expect(lru.total(0).misses == 6)
        #expect(plru.total(0).misses == 5)
        lru.run([B])
        plru.run([B])
        #expect(lru.total(0).misses == 7)  // B evicted by D under LRU
        #expect(plru.total(0).misses == 6)  // B was PLRU's victim for E
    }

    @Test func srripKeepsReusedLine() {
        // 2 ways. A m (rrpv 2), B m (2), A hit (0), C m: no rrpv 3, age all: A=1, B=3 -> evict B.
        // B m: A=1, C=2, age: A=2, C=3 -> evict C. A hit. Misses: A,B,C,B = 4.
        var h = CacheHierarchy([level(size: 32, line: 16, ways: 2, policy: .srrip)])
        h.run([A, B, A, C, B, A])
        #expect(h.total(0).misses == 4)
        // LRU on the same sequence: A m, B m, A h, C m (evict B), B m (evict A), A m -> 5.
        var l = CacheHierarchy([level(size: 32, line: 16, ways: 2, policy: .lru)])
        l.run([A, B, A, C, B, A])
        #expect(l.total(0).misses == 5)
    }

    @Test func writeBackCountsDirtyVictims() {
        // L1: one set, one way (16 B). L2: 4 lines, 4 ways. Store A (miss, fetched as a read
        // at L2, line dirty), load B (miss: fetch B, then write back A), load A (miss: fetch A;
        // B is clean so no write-back).
        var h = CacheHierarchy([level(size: 16, line: 16, ways: 1), level("L2", size: 64, line: 16, ways: 4)])
        h.run([A], store: true)
        h.run([B, A])
        let l1 = h.total(0), l2 = h.total(1)
        #expect(l1.misses == 3 && l1.storeMisses == 1 && l1.writebacks == 1)
        // L2 sees: read A (miss), read B (miss), write A (hit), read A (hit) -> 4 accesses, 2 misses.
        #expect(l2.accesses == 4 && l2.loads == 3 && l2.stores == 1 && l2.misses == 2)
    }

    @Test func writeThroughNoAllocateForwardsStores() {
        // L1 write-through, no-allocate. Store A: miss, not allocated, forwarded (L2 store miss,
        // allocated there). Load A: L1 miss (fetch: L2 hit). Store A: L1 hit, forwarded (L2 hit).
        var h = CacheHierarchy([
            level(size: 32, line: 16, ways: 2, writeBack: false, allocate: false),
            level("L2", size: 64, line: 16, ways: 4),
        ])
        h.run([A], store: true)
        h.run([A])
        h.run([A], store: true)
        #expect(h.total(0).misses == 2 && h.total(0).writebacks == 0)
        #expect(h.total(1).accesses == 3 && h.total(1).stores == 2 && h.total(1).misses == 1)
    }

    @Test func writeBackNoAllocate() {
        // Store A misses and is forwarded; a later load A misses and allocates; store A hits
        // (dirty, not forwarded); load B evicts dirty A in a 1-line L1: one write-back.
        var h = CacheHierarchy([
            level(size: 16, line: 16, ways: 1, allocate: false),
            level("L2", size: 64, line: 16, ways: 4),
        ])
        h.run([A], store: true)
        h.run([A])
        h.run([A], store: true)
        h.run([B])
        #expect(h.total(0).misses == 3 && h.total(0).writebacks == 1)
        // L2: write A (miss), read A (hit), read B (miss), write A (hit) -> 4 accesses, 2 misses.
        #expect(h.total(1).accesses == 4 && h.total(1).misses == 2)
    }

    @Test func accessCrossingALineTouchesBoth() {
        // 8 bytes at 0x0C span lines 0x00 and 0x10: two L1 references, two compulsory misses.
        var h = CacheHierarchy([level(size: 64, line: 16, ways: 4)])
        h.access(address: 0x0C, size: 8, kind: .load, region: 0)
        #expect(h.total(0).accesses == 2 && h.total(0).compulsory == 2)
        #expect(h.stats().accesses == 1)
    }

    @Test func fullLineStoreNeedsNoFetch() {
        // A 16-byte aligned store covers its whole 16-byte line: allocated without a fetch,
        // so L2 sees nothing until the flush writes it back.
        var h = CacheHierarchy([level(size: 64, line: 16, ways: 4), level("L2", size: 128, line: 16, ways: 4)])
        h.access(address: 0x40, size: 16, kind: .store, region: 0)
        #expect(h.total(0).storeMisses == 1 && h.total(1).accesses == 0)
        h.flush()
        #expect(h.total(0).writebacks == 1 && h.total(1).stores == 1)
    }

    @Test func inclusiveLevelBackInvalidates() {
        // L1: one set, 2 ways. L2 inclusive: 2 sets, 1 way (lines 0x00 and 0x20 share L2 set 0).
        // A: both miss. C (0x20): L1 miss, L2 miss evicts A from L2 -> A invalidated in L1.
        // A again: L1 miss (a non-inclusive L2 would leave it an L1 hit).
        var h = CacheHierarchy([
            level(size: 32, line: 16, ways: 2),
            level("L2", size: 32, line: 16, ways: 1, inclusion: .inclusive),
        ])
        h.run([A, C, A])
        #expect(h.total(0).misses == 3)
        #expect(h.total(1).backInvalidations == 2)  // A (by C), then C (by A)
        var nine = CacheHierarchy([level(size: 32, line: 16, ways: 2), level("L2", size: 32, line: 16, ways: 1)])
        nine.run([A, C, A])
        #expect(nine.total(0).misses == 2)
    }

    @Test func exclusiveLevelHoldsVictims() {
        // L1: 1 line. L2 exclusive: 1 line. A: L1 miss, L2 miss (not filled). B: L1 miss, L2
        // miss; victim A goes into L2. A: L1 miss, L2 hit (A moves up); victim B goes into L2.
        var h = CacheHierarchy([
            level(size: 16, line: 16, ways: 1),
            level("L2", size: 16, line: 16, ways: 1, inclusion: .exclusive),
        ])
        h.run([A, B, A])
        #expect(h.total(1).accesses == 3 && h.total(1).hits == 1)
        #expect(h.residentLines(level: 1).map(\.line) == [B >> 4])
        #expect(h.stats().memoryBytesRead == 32)  // A and B fetched from memory once each
    }

    @Test func nextLinePrefetchHalvesStreamingMisses() {
        // Lines 0,1,2,3 loaded in order. Line 0 misses -> prefetch 1; line 1 hits (useful, no
        // miss, no prefetch); line 2 misses -> prefetch 3; line 3 hits. 2 misses, 2 useful.
        var h = CacheHierarchy([level(size: 256, line: 16, ways: 4, prefetch: .nextLine)])
        h.run([0x00, 0x10, 0x20, 0x30])
        let c = h.total(0)
        #expect(c.misses == 2 && c.prefetches == 2 && c.usefulPrefetches == 2)
    }

    @Test func stridePrefetcherLearnsAStride() {
        // Loads every 4th line (stride 4 lines). Line deltas are seen from the 2nd access on;
        // confidence reaches 2 at the 4th access, which prefetches the 5th: accesses 5..8 hit.
        var h = CacheHierarchy([level(size: 4096, line: 16, ways: 4, prefetch: .stride)])
        h.run((0..<8).map { UInt64($0) * 64 })
        #expect(h.total(0).misses == 4)
        #expect(h.total(0).usefulPrefetches == 4)
    }

    @Test func flushWritesEveryDirtyLineOnce() {
        // Three dirty lines in L1, none evicted: flush writes back 3 at L1, each a store at L2.
        var h = CacheHierarchy([level(size: 64, line: 16, ways: 4), level("L2", size: 256, line: 16, ways: 4)])
        h.run([A, B, C], store: true)
        let before = h.stats()
        h.flush()
        #expect(before.levels[0].total.writebacks == 0)
        #expect(h.total(0).writebacks == 3 && h.total(1).stores == 3)
        h.flush()
        #expect(h.total(0).writebacks == 3)  // already clean
    }

    @Test func regionsAttributeMissesAndWritebacks() {
        // Region 1 stores A, region 2 loads B into a one-line cache: B's miss is region 2's, the
        // write-back of A is region 1's (the line's owner).
        var h = CacheHierarchy([level(size: 16, line: 16, ways: 1), level("L2", size: 64, line: 16, ways: 4)])
        h.access(address: A, size: 4, kind: .store, region: 1)
        h.access(address: B, size: 4, kind: .load, region: 2)
        let r = h.stats().levels[0].regions
        #expect(r[1]?.storeMisses == 1 && r[1]?.writebacks == 1)
        #expect(r[2]?.loadMisses == 1 && r[2]?.writebacks == 0)
    }
}
