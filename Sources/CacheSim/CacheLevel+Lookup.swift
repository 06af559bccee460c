import AccessSink
/// The searches a level's sets need (a way holding a line, the oldest stamp) and its
/// per-access operations.
extension CacheLevel {
    /// The way among `ways` tags at `tags` that holds `line`, or -1, comparing every tag with
    /// no early exit. Called with a constant `ways` it unrolls completely.
    @inlinable @inline(__always)
    static func wayHolding(_ line: UInt64, _ tags: UnsafeMutablePointer<UInt64>, _ ways: Int) -> Int {
        var found = -1, w = 0
        while w < ways {
            found = tags[w] == line ? w : found
            w &+= 1
        }
        return found
    }

    /// The first way with the lowest of `ways` stamps at `stamps`, branch-free: which way wins
    /// is unpredictable. Called with a constant `ways` it unrolls completely.
    @inlinable @inline(__always)
    static func oldest(_ stamps: UnsafeMutablePointer<UInt64>, _ ways: Int) -> Int {
        var best = 0, bestStamp = stamps[0], i = 1
        while i < ways {
            let s = stamps[i]
            let lower = s < bestStamp
            best = lower ? i : best
            bestStamp = lower ? s : bestStamp
            i &+= 1
        }
        return best
    }
}

/// The level's per-access operations, called through the pointer the hierarchy keeps, so no
/// call copies the `CacheLevel` (a method on the value would take it whole, by value).
extension UnsafeMutablePointer where Pointee == CacheLevel {
    /// The set a line maps to: bit selection, or modulo for a non-power-of-two set count.
    @inlinable @inline(__always)
    func setIndex(_ line: UInt64) -> Int {
        pointee.setsPow2
            ? Int(truncatingIfNeeded: line & pointee.setMask) : Int(truncatingIfNeeded: line % UInt64(pointee.sets))
    }

    /// The way holding `line` in the set starting at `base`, or -1. Up to 16 ways every tag
    /// is compared with no early exit: where the hit lands is unpredictable, and a mispredicted
    /// loop exit costs more than the compares.
    @inlinable @inline(__always)
    func find(_ line: UInt64, base: Int) -> Int {
        let ways = pointee.ways, tags = pointee.tags + base
        if ways == 8 { return CacheLevel.wayHolding(line, tags, 8) }  // unrolled: the common case
        if ways == 16 { return CacheLevel.wayHolding(line, tags, 16) }  // and the large last levels'
        if ways <= 16 { return CacheLevel.wayHolding(line, tags, ways) }
        var w = 0
        while w < ways {
            if tags[w] == line { return w }
            w &+= 1
        }
        return -1
    }

    /// `find` with only the 8-way search inlined and the rest a call, for the plain path: the
    /// whole of `find` inlined there made the compiler call it instead, out of line, even for
    /// 8 ways (measured: 3% more instructions on a two-level replay).
    @inlinable @inline(__always)
    func findCompact(_ line: UInt64, base: Int) -> Int {
        if pointee.ways == 8 { return CacheLevel.wayHolding(line, pointee.tags + base, 8) }
        return findCall(line, base: base)
    }

    @usableFromInline @inline(never)
    func findCall(_ line: UInt64, base: Int) -> Int { find(line, base: base) }

    /// Empties a way: no line, flags or owner. Its stamp goes to 0, below every valid line's, so an LRU or FIFO victim
    /// search finds the lowest empty way without a separate scan; an order-word level's way
    /// becomes its set's oldest instead.
    @inlinable @inline(__always)
    func invalidate(_ slot: Int) {
        invalidate(slot, set: pointee.path == .orderWord ? slot / pointee.ways : 0)
    }

    /// `invalidate` where the caller knows the slot's set (`set` is read only on an order-word
    /// level, whose order word it updates), sparing the division.
    @inlinable @inline(__always)
    func invalidate(_ slot: Int, set: Int) {
        pointee.tags[slot] = CacheLevel.invalid
        pointee.flags[slot] = 0
        pointee.owners[slot] = 0
        if pointee.path == .orderWord {
            orderEmptied(set: set, way: slot &- set &* pointee.ways)
        } else {
            pointee.stamps[slot] = 0
        }
    }

    @inlinable @inline(__always)
    func bump(_ region: RegionTag, _ slot: Int, by n: UInt64 = 1) {
        pointee.counters[Int(region) &* CounterSlot.stride &+ slot] &+= n
    }
}
