/// Replacement bookkeeping: what a hit, a fill and a victim choice do to a set's state.
extension UnsafeMutablePointer where Pointee == CacheLevel {
    /// Records a hit on `way` of `set`.
    @inlinable @inline(__always)
    func touch(set: Int, way: Int) {
        switch pointee.policy {
        case .lru, .mru:
            pointee.state[0] &+= 1
            pointee.stamps[set &* pointee.ways &+ way] = pointee.state[0]
        case .fifo, .random:
            break
        case .plru:
            plruTouch(set: set, way: way)
        case .srrip:
            pointee.stamps[set &* pointee.ways &+ way] = 0
        }
    }

    /// Records that `way` of `set` was just filled.
    @inlinable @inline(__always)
    func filled(set: Int, way: Int) {
        switch pointee.policy {
        case .lru, .mru, .fifo:
            pointee.state[0] &+= 1
            pointee.stamps[set &* pointee.ways &+ way] = pointee.state[0]
        case .random:
            break
        case .plru:
            plruTouch(set: set, way: way)
        case .srrip:
            pointee.stamps[set &* pointee.ways &+ way] = 2
        }
    }

    /// The way to fill in `set`: the first invalid way, else the policy's victim.
    @inlinable @inline(__always)
    func victim(set: Int) -> Int {
        let ways = pointee.ways, stamps = pointee.stamps
        let base = set &* ways
        switch pointee.policy {
        case .lru, .fifo:
            // Empty ways have stamp 0 and valid ones at least 1 (`invalidate`), so the lowest
            // stamp is the first empty way when there is one.
            return oldestWay(stamps + base, ways)
        case .mru:
            if let empty = emptyWay(base) { return empty }
            var best = 0, bestStamp = stamps[base]
            for i in 1..<ways where stamps[base &+ i] > bestStamp {
                best = i
                bestStamp = stamps[base &+ i]
            }
            return best
        case .random:
            if let empty = emptyWay(base) { return empty }
            // xorshift64*: reproducible for a given seed.
            var rng = pointee.state[1]
            rng ^= rng >> 12
            rng ^= rng << 25
            rng ^= rng >> 27
            pointee.state[1] = rng
            let r = rng &* 0x2545_F491_4F6C_DD1D
            return Int(r % UInt64(ways))
        case .plru:
            if let empty = emptyWay(base) { return empty }
            return plruVictim(set: set)
        case .srrip:
            if let empty = emptyWay(base) { return empty }
            while true {
                for i in 0..<ways where stamps[base &+ i] >= 3 { return i }
                for i in 0..<ways { stamps[base &+ i] += 1 }
            }
        }
    }

    /// The first invalid way of the set starting at `base`, if any.
    @inlinable @inline(__always)
    func emptyWay(_ base: Int) -> Int? {
        let ways = pointee.ways, tags = pointee.tags
        var w = 0
        while w < ways {
            if tags[base &+ w] == CacheLevel.invalid { return w }
            w &+= 1
        }
        return nil
    }

    /// The first way with the lowest of `ways` stamps at `stamps` (see `CacheLevel.oldest`).
    @inlinable @inline(__always)
    func oldestWay(_ stamps: UnsafeMutablePointer<UInt64>, _ ways: Int) -> Int {
        // Constant counts unroll completely: 8 ways (L1, L2) and 16 (the large last levels).
        ways == 8
            ? CacheLevel.oldest(stamps, 8)
            : ways == 16 ? CacheLevel.oldest(stamps, 16) : CacheLevel.oldest(stamps, ways)
    }
}
