import AccessSink
/// Where an order-word level's lines go when they leave it (`CacheHierarchy+OrderWord.swift`): into
/// an exclusive level below (`orderWordInsert`, which does what `insertVictim` does), or back to
/// the next level when dirty; and the back-invalidation of the levels above an inclusive one.
extension CacheHierarchy {
    /// A line leaving order-word `level`: into the exclusive level below, or written back when dirty.
    @inlinable @inline(__always)
    mutating func orderWordDispose(
        _ level: Int, _ address: UInt64, dirty: Bool, owner: RegionTag,
        victimBelow: Bool
    ) {
        if victimBelow { return insertVictim(level &+ 1, EvictedLine(address: address, dirty: dirty, owner: owner)) }
        if dirty { writeBack(level, address, owner: owner) }
    }

    /// `writeBack(from:to:_:owner:)` of `level` to the level below, out of line (the order-word
    /// miss halves stay small).
    @usableFromInline @inline(never)
    mutating func writeBack(_ level: Int, _ address: UInt64, owner: RegionTag) {
        writeBack(from: levels + level, to: level &+ 1, address, owner: owner)
    }

    /// `insertVictim` for an order-word exclusive `level`: the line at `address`, evicted from the
    /// level above, is merged if present (dirty data, and recency under LRU), else filled over
    /// the oldest way, whose line moves on in turn.
    @usableFromInline @inline(never)
    mutating func orderWordInsert(_ level: Int, _ address: UInt64, dirty: Bool, owner: RegionTag) {
        insertInline(level, address, dirty: dirty, owner: owner)
    }

    /// `orderWordInsert`'s body, inlined into `orderWordMiss` (one call less per victim of zen4's L2).
    @inlinable @inline(__always)
    mutating func insertInline(_ level: Int, _ address: UInt64, dirty: Bool, owner: RegionTag) {
        let L = levels + level
        let shift = L.pointee.lineShift, ways = L.pointee.ways
        let tags = L.pointee.tags, flags = L.pointee.flags, owners = L.pointee.owners
        let line = address &>> shift
        let set = Int(truncatingIfNeeded: line & L.pointee.setMask), base = set &* ways
        let found = L.hintedFind(line, base: base)
        if found >= 0 {
            if dirty { flags[base &+ found] |= CacheLevel.dirtyFlag }
            if L.pointee.policy == .lru { L.orderTouch(set: set, way: found) }
            return
        }
        let slot = base &+ L.orderOldest(set: set)
        let oldTag = tags[slot], oldOwner = owners[slot]
        let oldDirty = flags[slot] & CacheLevel.dirtyFlag != 0
        tags[slot] = line
        L.pointee.hints[slot] = L.hint(line)
        owners[slot] = owner
        flags[slot] = dirty ? CacheLevel.dirtyFlag : 0
        L.orderFilledOldest(set: set)
        if oldTag != CacheLevel.invalid {
            let victimBelow = L.pointee.exclusiveBelow
            orderWordDispose(level, oldTag &<< shift, dirty: oldDirty, owner: oldOwner, victimBelow: victimBelow)
        }
    }

    /// `backInvalidate` when every level above has this level's line size and there is no
    /// instruction level: one lookup per level above, no loop over line pieces.
    @inlinable @inline(__always)
    mutating func orderWordBackInvalidate(_ level: Int, line: UInt64, owner: RegionTag) -> Bool {
        guard levels[level].sameLinesAbove else { return backInvalidate(level, line: line, owner: owner) }
        var anyDirty = false, j = 0
        while j < level {
            let U = levels + j
            let set = U.setIndex(line), base = set &* U.pointee.ways
            let w = U.pointee.path == .orderWord ? U.hintedFind(line, base: base) : U.findCompact(line, base: base)
            if w >= 0 {
                let slot = base &+ w
                anyDirty = anyDirty || U.pointee.flags[slot] & CacheLevel.dirtyFlag != 0
                U.invalidate(slot, set: set)
                levels[level].counters[Int(owner) &* CounterSlot.stride &+ CounterSlot.backInvalidations] &+= 1
            }
            j &+= 1
        }
        return anyDirty
    }

    /// Misses the order-word path has handled (0 with `fastPaths` false): the differential tests
    /// check that it ran.
    public var orderWordMisses: UInt64 { totals[TotalSlot.orderWordMisses] }
}
