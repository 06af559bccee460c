/// The state an order-word level (`LevelPath.orderWord`) keeps instead of per-way stamps: per set, the recency (LRU) or
/// fill (FIFO) order of its ways as one word of 4-bit way numbers, most recent in the low
/// nibble, least recent in nibble `ways - 1`; and per way a one-byte hint of its line (a hash
/// of the tag bits above the set index), so that a search compares 8 or 16 hints at once and
/// reads a full tag only where a hint matches. Empty ways form the word's old end (emptying a
/// way moves it there, filling one takes the oldest way and makes it the newest), so the
/// oldest way is the set's first empty way if any, else the victim; which physical way an
/// empty one is changes no count. Stamps would cost a 16-entry scan per victim and 8 bytes per
/// way; the word costs a few shifts, and a 32 MiB L3's order fits in 256 KiB.
extension UnsafeMutablePointer where Pointee == CacheLevel {
    /// Every nibble 1: a way number times this repeats it in every nibble.
    @usableFromInline static var nibbles: UInt64 { 0x1111_1111_1111_1111 }

    /// The order word of an empty set: way 0 oldest, then 1, ..., so that fills take ways in
    /// index order, as with stamps.
    static func initialOrder(ways: Int) -> UInt64 {
        var word: UInt64 = 0
        for position in 0..<ways { word |= UInt64(ways - 1 - position) << UInt64(4 * position) }
        return word
    }

    /// The line's one-byte hint: the tag bits above the set index, hashed (Fibonacci).
    @inlinable @inline(__always)
    func hint(_ line: UInt64) -> UInt8 {
        UInt8(truncatingIfNeeded: ((line &>> pointee.setBits) &* 0x9E37_79B9_7F4A_7C15) &>> 56)
    }

    /// The way of the set at `base` holding `line`, or -1: the ways whose hint matches (every
    /// byte of two words compared at once) are checked against their tags, lowest first.
    @inlinable @inline(__always)
    func hintedFind(_ line: UInt64, base: Int) -> Int {
        let pattern = UInt64(hint(line)) &* 0x0101_0101_0101_0101
        let raw = UnsafeRawPointer(pointee.hints + base)
        var low = raw.loadUnaligned(as: UInt64.self) ^ pattern
        low = (low &- 0x0101_0101_0101_0101) & ~low & 0x8080_8080_8080_8080
        var candidates = low & pointee.hintMask
        var offset = 0
        while true {
            // A byte that is zero sets its top bit (a byte above a zero byte may too: the
            // tag decides).
            while candidates != 0 {
                let way = offset &+ candidates.trailingZeroBitCount &>> 3
                if pointee.tags[base &+ way] == line { return way }
                candidates &= candidates &- 1
            }
            if offset != 0 || pointee.ways <= 8 { return -1 }
            var high = (raw + 8).loadUnaligned(as: UInt64.self) ^ pattern
            high = (high &- 0x0101_0101_0101_0101) & ~high & 0x8080_8080_8080_8080
            candidates = high & pointee.hintMaskHigh
            offset = 8
        }
    }

    /// The position (nibble index, 0 = most recent) of `way` in `word`.
    @inlinable @inline(__always)
    static func position(of way: Int, in word: UInt64) -> UInt64 {
        let x = word ^ (UInt64(truncatingIfNeeded: way) &* nibbles)
        // The lowest zero nibble is exact; the way appears once below `ways`.
        let zero = (x &- nibbles) & ~x & (nibbles &<< 3)
        return UInt64(zero.trailingZeroBitCount &>> 2)
    }

    /// The oldest way of `set`: its first empty way, else its victim.
    @inlinable @inline(__always)
    func orderOldest(set: Int) -> Int {
        Int(truncatingIfNeeded: (pointee.order[set] &>> pointee.oldestShift) & 15)
    }

    /// Makes the oldest way of `set` (`orderOldest`), just filled, the newest.
    @inlinable @inline(__always)
    func orderFilledOldest(set: Int) {
        let word = pointee.order[set]
        let way = (word &>> pointee.oldestShift) & 15
        pointee.order[set] = ((word & pointee.belowOldest) &<< 4) | way
    }

    /// Makes `way` of `set` the newest (an LRU hit, or a fill of a way that was not oldest).
    @inlinable @inline(__always)
    func orderTouch(set: Int, way: Int) {
        let word = pointee.order[set]
        let shift = 4 &* Self.position(of: way, in: word)
        let newer = word & ((1 &<< shift) &- 1)
        let older = shift == 60 ? 0 : word & (UInt64.max &<< (shift &+ 4))
        pointee.order[set] = older | (newer &<< 4) | UInt64(truncatingIfNeeded: way)
    }

    /// Makes `way` of `set`, just emptied, the oldest.
    @inlinable @inline(__always)
    func orderEmptied(set: Int, way: Int) {
        let word = pointee.order[set]
        let shift = 4 &* Self.position(of: way, in: word)
        let newer = word & ((1 &<< shift) &- 1)
        let older = shift == 60 ? 0 : (word &>> (shift &+ 4)) &<< shift
        pointee.order[set] = newer | older | UInt64(truncatingIfNeeded: way) &<< pointee.oldestShift
    }

    /// The way at `position` (0 = newest) of `set` (for the copy-back order and the warping
    /// snapshot).
    func orderWay(set: Int, at position: Int) -> Int {
        Int(truncatingIfNeeded: (pointee.order[set] &>> UInt64(4 * position)) & 15)
    }

    /// The ways of `set`, newest first.
    func orderWays(set: Int) -> [Int] {
        (0..<pointee.ways).map { orderWay(set: set, at: $0) }
    }
}
