import Testing
@testable import CacheSim

/// An order-word level's order word and hinted search (`CacheLevel+Order.swift`) against plain
/// models written here: a list of ways, newest first, and a search that compares every tag.
@Suite struct OrderWordTests {
    /// An order-word level of `ways` ways and 4 sets below a small L1 (inclusive, so not plain).
    static func orderWordLevel(ways: Int, policy: ReplacementPolicy = .lru) -> UnsafeMutablePointer<CacheLevel> {
        let l1 = level(size: 256, line: 64, ways: 1)
        let config = level("L2", size: 4 * ways * 64, line: 64, ways: ways, policy: policy, inclusion: .inclusive)
        let p = UnsafeMutablePointer<CacheLevel>.allocate(capacity: 1)
        p.initialize(to: CacheLevel(config, classify: false, above: [l1]))
        return p
    }

    static func free(_ p: UnsafeMutablePointer<CacheLevel>) {
        p.pointee.deallocate()
        p.deinitialize(count: 1)
        p.deallocate()
    }

    @Test(arguments: [1, 2, 3, 5, 8, 12, 16])
    func orderWordFollowsAListOfWays(ways: Int) {
        let p = Self.orderWordLevel(ways: ways)
        defer { Self.free(p) }
        #expect(p.pointee.path == .orderWord)
        var rng = SplitMix(state: UInt64(ways))
        for set in [0, 3] {
            // An empty set fills way 0 first, then 1, ...: the list's oldest end is way 0.
            var list = Array((0..<ways).reversed())
            var valid = Set<Int>()
            #expect(p.orderWays(set: set) == list)
            for step in 0..<2000 {
                let r = rng.next()
                let way = Int(r >> 8 % UInt64(ways))
                switch r % 4 {
                case 0 where valid.contains(way):  // a hit: newest
                    p.orderTouch(set: set, way: way)
                    list.removeAll { $0 == way }
                    list.insert(way, at: 0)
                case 1 where valid.contains(way):  // emptied: oldest
                    p.orderEmptied(set: set, way: way)
                    list.removeAll { $0 == way }
                    list.append(way)
                    valid.remove(way)
                default:  // a fill of the oldest way, empty ones first
                    let oldest = list.last!
                    #expect(p.orderOldest(set: set) == oldest, "step \(step)")
                    if valid.count < ways { #expect(!valid.contains(oldest), "step \(step): an empty way was left") }
                    p.orderFilledOldest(set: set)
                    list.removeLast()
                    list.insert(oldest, at: 0)
                    valid.insert(oldest)
                }
                #expect(p.orderWays(set: set) == list, "ways \(ways) set \(set) step \(step)")
            }
        }
    }

    @Test(arguments: [1, 4, 8, 12, 16])
    func hintedFindMatchesEveryTagCompared(ways: Int) {
        let p = Self.orderWordLevel(ways: ways)
        defer { Self.free(p) }
        let sets = UInt64(p.pointee.sets), set: UInt64 = 2
        let base = Int(set) * ways
        // Lines of `set` whose hints equal the first one's, so that searches meet equal hints
        // at ways that hold other lines.
        let first = set
        let twins = (1..<200_000).lazy.map { first + UInt64($0) * sets }.filter { p.hint($0) == p.hint(first) }
        let pool = [first] + Array(twins.prefix(2 * ways + 2)) + (1...UInt64(2 * ways)).map { set + $0 * sets }
        #expect(pool.count > 3 * ways, "not enough lines with equal hints")
        var rng = SplitMix(state: 77 + UInt64(ways))
        for round in 0..<300 {
            // A random filling of the set from the pool (a way may stay empty).
            for w in 0..<ways {
                let r = rng.next()
                let line = r % 5 == 0 ? CacheLevel.invalid : pool[Int(r >> 8 % UInt64(pool.count))]
                p.pointee.tags[base + w] = line
                if line != CacheLevel.invalid { p.pointee.hints[base + w] = p.hint(line) }
            }
            for line in pool {
                let want = (0..<ways).first { p.pointee.tags[base + $0] == line } ?? -1
                #expect(p.hintedFind(line, base: base) == want, "ways \(ways) round \(round) line \(line)")
            }
        }
    }
}
