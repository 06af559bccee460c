import Testing
@testable import CacheSim

/// Counts that follow from a formula stated in each test.
@Suite struct AnalyticTests {
    @Test(arguments: [16, 32, 64, 128])
    func streamingCostsOneCompulsoryMissPerLine(line: Int) {
        // Streaming N bytes with 4-byte loads costs N / line compulsory misses and nothing else.
        let n = 1 << 16
        var h = CacheHierarchy([level(size: 4096, line: line, ways: 4)])
        h.run(stride(from: 0, to: UInt64(n), by: 4).map { $0 })
        let c = h.total(0)
        #expect(c.misses == UInt64(n / line))
        #expect(c.compulsory == UInt64(n / line) && c.capacity == 0 && c.conflict == 0)
    }

    @Test(arguments: [2, 4, 8])
    func waysPlusOneLinesInOneSetAllMiss(ways: Int) {
        // ways+1 lines mapping to one set, cycled R times under LRU: every access misses.
        // The first ways+1 are compulsory; a fully associative cache of the same size (sets*ways
        // >= ways+1 lines) holds them all, so every later miss is a conflict miss.
        let sets = 8, line = 64, rounds = 10
        var h = CacheHierarchy([level(size: sets * ways * line, line: line, ways: ways)])
        let lines = (0...ways).map { UInt64($0 * sets * line) }
        for _ in 0..<rounds { h.run(lines) }
        let c = h.total(0)
        let total = UInt64((ways + 1) * rounds)
        #expect(c.misses == total)
        #expect(c.compulsory == UInt64(ways + 1))
        #expect(c.conflict == total - UInt64(ways + 1) && c.capacity == 0)
        // Fully associative with the same capacity: after warm-up every access hits.
        var fa = CacheHierarchy([level(size: sets * ways * line, line: line, ways: sets * ways)])
        for _ in 0..<rounds { fa.run(lines) }
        #expect(fa.total(0).misses == UInt64(ways + 1))
    }

    @Test func cyclingMoreThanCapacityIsCapacityMisses() {
        // C+1 lines cycled through a fully associative LRU cache of C lines: all miss; after the
        // first C+1 compulsory misses, every miss is a capacity miss (the shadow misses too).
        let c = 16
        var h = CacheHierarchy([level(size: c * 64, line: 64, ways: c)])
        for _ in 0..<5 { h.run((0...c).map { UInt64($0 * 64) }) }
        let t = h.total(0)
        #expect(t.misses == UInt64((c + 1) * 5) && t.compulsory == UInt64(c + 1) && t.conflict == 0)
        #expect(t.capacity == UInt64((c + 1) * 4))
    }

    @Test func nonPowerOfTwoSetsIndexModulo() {
        // 3 sets: lines 0, 3, 6 share set 0 (line mod 3). With 2 ways the three conflict.
        var h = CacheHierarchy([level(size: 3 * 2 * 64, line: 64, ways: 2)])
        for _ in 0..<3 { h.run([0, 3 * 64, 6 * 64]) }
        #expect(h.total(0).misses == 9)
        #expect(!h.configs[0].setsArePowerOfTwo)
    }
}
