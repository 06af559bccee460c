/// Tree pseudo-LRU. Each internal node of a set's binary tree over its ways (node 1 the root,
/// node n's children 2n and 2n + 1) holds a bit pointing towards the less recently used half
/// (0 = left); touching a way (a hit or a fill) makes every node on its path point away from
/// it, and the victim is found by following the bits from the root.
///
/// A node's bit therefore depends only on which of its halves holds the most recently touched
/// way (it points at the other half; at the left one while neither was touched). A lean level
/// (`plruByTouches`) keeps just the time of each way's last touch and derives the bits when it
/// needs them: a touch is then one stamp, as an LRU hit is, and an L1 hit can be counted
/// inline (`CacheHierarchy.l1HitLimit`). The general path keeps the bits themselves
/// (`treeBits`), and the differential tests compare the two.
extension UnsafeMutablePointer where Pointee == CacheLevel {
    /// Records a touch of `way` of `set`.
    @inlinable @inline(__always)
    func plruTouch(set: Int, way: Int) {
        if pointee.plruByTouches {
            pointee.state[0] &+= 1
            pointee.touches[set &* pointee.ways &+ way] = pointee.state[0]
        } else {
            let paths = pointee.plruPaths + 2 &* way
            pointee.treeBits[set] = (pointee.treeBits[set] & ~paths[0]) | paths[1]
        }
    }

    /// The way the bits of `set` lead to.
    @inlinable
    func plruVictim(set: Int) -> Int {
        var lo = 0, span = pointee.ways
        if pointee.plruByTouches {
            let t = pointee.touches + set &* pointee.ways
            if span == 8 { return Self.victim8(t) }
            while span > 1 {
                span >>= 1
                // Away from the half with the most recent touch; left while neither has one.
                if Self.latest(t + lo, span) > Self.latest(t + (lo &+ span), span) { lo &+= span }
            }
            return lo
        }
        let bits = pointee.treeBits[set]
        var node = 1
        while span > 1 {
            span >>= 1
            let right = bits & (1 << UInt64(node)) != 0
            if right { lo += span }
            node = node * 2 + (right ? 1 : 0)
        }
        return lo
    }

    /// The tree bits of `set` (for the warping snapshot), derived from the touches where the
    /// level keeps those.
    func plruBits(set: Int) -> UInt64 {
        guard pointee.plruByTouches else { return pointee.treeBits[set] }
        let t = pointee.touches + set * pointee.ways
        var bits: UInt64 = 0
        func visit(_ node: Int, _ lo: Int, _ span: Int) {
            guard span > 1 else { return }
            let half = span / 2
            if Self.latest(t + lo, half) > Self.latest(t + lo + half, half) { bits |= 1 << UInt64(node) }
            visit(2 * node, lo, half)
            visit(2 * node + 1, lo + half, half)
        }
        visit(1, 0, pointee.ways)
        return bits
    }

    /// `plruVictim` from the touches `t` of an 8-way set (L1s), branch-free: which half wins
    /// at each node is unpredictable.
    @inlinable @inline(__always)
    static func victim8(_ t: UnsafeMutablePointer<UInt64>) -> Int {
        let m01 = Swift.max(t[0], t[1]), m23 = Swift.max(t[2], t[3])
        let m45 = Swift.max(t[4], t[5]), m67 = Swift.max(t[6], t[7])
        let right = Swift.max(m01, m23) > Swift.max(m45, m67)
        let lower = right ? m45 : m01, upper = right ? m67 : m23
        let pair = (right ? 4 : 0) | (lower > upper ? 2 : 0)
        return pair | (t[pair] > t[pair | 1] ? 1 : 0)
    }

    /// The latest of `count` touch times at `t`.
    @inlinable @inline(__always)
    static func latest(_ t: UnsafeMutablePointer<UInt64>, _ count: Int) -> UInt64 {
        var m = t[0], i = 1
        while i < count {
            m = Swift.max(m, t[i])
            i &+= 1
        }
        return m
    }
}

extension CacheLevel {
    /// Fills `paths` for a tree-PLRU level of `ways` ways (a power of two up to 64): per way,
    /// the bits of the internal nodes on its path from the root, and the value a touch leaves
    /// in them, each pointing to the other half.
    static func tabulatePaths(_ paths: UnsafeMutablePointer<UInt64>, ways: Int) {
        for way in 0..<ways {
            var mask: UInt64 = 0, value: UInt64 = 0
            var node = 1, lo = 0, span = ways
            while span > 1 {
                span >>= 1
                let right = way >= lo + span
                mask |= 1 << UInt64(node)
                if right { lo += span } else { value |= 1 << UInt64(node) }
                node = node * 2 + (right ? 1 : 0)
            }
            paths[2 * way] = mask
            paths[2 * way + 1] = value
        }
    }
}
