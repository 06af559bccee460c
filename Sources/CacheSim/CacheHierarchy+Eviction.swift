import AccessSink
/// What happens to a line that leaves a level: back-invalidation for inclusive levels,
/// insertion into an exclusive (victim) level below, or a write-back when dirty.
extension CacheHierarchy {
    /// Empties `way` of `set` at `level` and describes what was there (`valid` false when
    /// the way was empty).
    @usableFromInline @inline(__always)
    mutating func evict(_ level: Int, set: Int, way: Int) -> EvictedLine {
        let L = levels + level
        let tags = L.pointee.tags, flags = L.pointee.flags
        let slot = set &* L.pointee.ways &+ way
        let tag = tags[slot]
        if tag == CacheLevel.invalid { return EvictedLine(address: 0, dirty: false, owner: 0, valid: false) }
        var dirty = flags[slot] & CacheLevel.dirtyFlag != 0
        let owner = L.pointee.owners[slot]
        let shift = L.pointee.lineShift
        if L.pointee.inclusion == .inclusive && backInvalidate(level, line: tag, owner: owner) { dirty = true }
        L.invalidate(slot)
        return EvictedLine(address: tag << shift, dirty: dirty, owner: owner)
    }

    /// Sends an evicted line where it goes next.
    @usableFromInline @inline(__always)
    mutating func dispose(_ level: Int, _ e: EvictedLine) {
        if level + 1 < count && levels[level + 1].inclusion == .exclusive {
            insertVictim(level + 1, e)
        } else if e.dirty {
            writeBack(from: levels + level, to: level &+ 1, e.address, owner: e.owner)
        }
    }

    /// The write-back of a dirty line at `address` of level `L`, owned by `owner`, to level
    /// `below` (memory when `below` is `count`): counted as `L`'s write-back and its bytes
    /// written, then referenced below as a store. Every path's write-backs, the copy-back's
    /// and the instruction level's come here.
    @inlinable @inline(__always)
    mutating func writeBack(
        from L: UnsafeMutablePointer<CacheLevel>, to below: Int, _ address: UInt64,
        owner: RegionTag
    ) {
        let lineBytes = L.pointee.lineBytes
        let counters = L.pointee.counters + Int(owner) &* CounterSlot.stride
        counters[CounterSlot.writebacks] &+= 1
        counters[CounterSlot.bytesWritten] &+= lineBytes
        reference(below, address, UInt32(truncatingIfNeeded: lineBytes), true, owner)
    }

    /// Fills an exclusive level with a victim of the level above (not a demand access): an
    /// order-word level's own insertion, or the general one (which the lean path shares).
    @usableFromInline
    mutating func insertVictim(_ level: Int, _ e: EvictedLine) {
        let L = levels + level
        if L.pointee.path == .orderWord { return orderWordInsert(level, e.address, dirty: e.dirty, owner: e.owner) }
        let line = e.address >> L.pointee.lineShift
        let set = L.setIndex(line)
        let found = L.find(line, base: set &* L.pointee.ways)
        if found >= 0 {
            if e.dirty { L.pointee.flags[set &* L.pointee.ways &+ found] |= CacheLevel.dirtyFlag }
            L.touch(set: set, way: found)
            return
        }
        let way = L.victim(set: set)
        let old = evict(level, set: set, way: way)
        let slot = set &* L.pointee.ways &+ way
        L.pointee.tags[slot] = line
        L.pointee.owners[slot] = e.owner
        L.pointee.flags[slot] = e.dirty ? CacheLevel.dirtyFlag : 0
        L.filled(set: set, way: way)
        if old.valid { dispose(level, old) }
    }

    /// Invalidates every copy of `line` (a line of `level`) in the levels above.
    /// Returns true if any copy was dirty; its data leaves with the evicted line.
    @usableFromInline
    mutating func backInvalidate(_ level: Int, line: UInt64, owner: RegionTag) -> Bool {
        let L = levels + level
        let start = line << L.pointee.lineShift
        var anyDirty = false
        // The levels above: the data levels, and the instruction level beside L1.
        let above = instruction != nil && level >= 1 ? level + 1 : level
        for j in 0..<above {
            let U = j == level ? instruction! : levels + j
            var offset: UInt64 = 0
            while offset < L.pointee.lineBytes {
                let upLine = (start &+ offset) >> U.pointee.lineShift
                let set = U.setIndex(upLine)
                let w = U.find(upLine, base: set &* U.pointee.ways)
                if w >= 0 {
                    let slot = set &* U.pointee.ways &+ w
                    if U.pointee.flags[slot] & CacheLevel.dirtyFlag != 0 { anyDirty = true }
                    U.invalidate(slot)
                    L.bump(owner, CounterSlot.backInvalidations)
                }
                offset &+= U.pointee.lineBytes
            }
        }
        return anyDirty
    }
}
