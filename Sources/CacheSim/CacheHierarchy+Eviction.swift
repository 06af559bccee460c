/// What happens to a line that leaves a level: back-invalidation for inclusive levels,
/// insertion into an exclusive (victim) level below, or a write-back when dirty.
extension CacheHierarchy {
    /// Empties `way` of `set` at `level` and describes what was there, or nil if it was empty.
    @inlinable
    mutating func evict(_ level: Int, set: Int, way: Int) -> EvictedLine? {
        let lv = levels + level
        let slot = set &* lv.pointee.ways &+ way
        let tag = lv.pointee.tags[slot]
        if tag == CacheLevel.invalid { return nil }
        var dirty = lv.pointee.flags[slot] & CacheLevel.dirtyFlag != 0
        let owner = lv.pointee.owners[slot]
        if lv.pointee.inclusion == .inclusive && backInvalidate(level, line: tag, owner: owner) { dirty = true }
        lv.pointee.tags[slot] = CacheLevel.invalid
        lv.pointee.flags[slot] = 0
        return EvictedLine(address: tag << lv.pointee.lineShift, dirty: dirty, owner: owner)
    }

    /// Sends an evicted line where it goes next.
    @inlinable
    mutating func dispose(_ level: Int, _ e: EvictedLine) {
        let lv = levels + level
        if level + 1 < count && levels[level + 1].inclusion == .exclusive {
            insertVictim(level + 1, e)
        } else if e.dirty {
            lv.pointee.bump(e.owner, CounterSlot.writebacks)
            lv.pointee.bump(e.owner, CounterSlot.bytesWritten, by: lv.pointee.lineBytes)
            reference(level + 1, e.address, UInt32(lv.pointee.lineBytes), .store, e.owner)
        }
    }

    /// Fills an exclusive level with a victim of the level above (not a demand access).
    @inlinable
    mutating func insertVictim(_ level: Int, _ e: EvictedLine) {
        let lv = levels + level
        let line = e.address >> lv.pointee.lineShift
        let set = lv.pointee.setIndex(line)
        let found = lv.pointee.find(line, base: set &* lv.pointee.ways)
        if found >= 0 {
            if e.dirty { lv.pointee.flags[set &* lv.pointee.ways &+ found] |= CacheLevel.dirtyFlag }
            lv.pointee.touch(set: set, way: found)
            return
        }
        let way = lv.pointee.victim(set: set)
        let old = evict(level, set: set, way: way)
        let slot = set &* lv.pointee.ways &+ way
        lv.pointee.tags[slot] = line
        lv.pointee.owners[slot] = e.owner
        lv.pointee.flags[slot] = e.dirty ? CacheLevel.dirtyFlag : 0
        lv.pointee.filled(set: set, way: way)
        if let old { dispose(level, old) }
    }

    /// Invalidates every copy of `line` (a line of `level`) in the levels above.
    /// Returns true if any copy was dirty; its data leaves with the evicted line.
    @inlinable
    mutating func backInvalidate(_ level: Int, line: UInt64, owner: RegionTag) -> Bool {
        let lv = levels + level
        let start = line << lv.pointee.lineShift
        var anyDirty = false
        for j in 0..<level {
            let up = levels + j
            var offset: UInt64 = 0
            while offset < lv.pointee.lineBytes {
                let upLine = (start &+ offset) >> up.pointee.lineShift
                let set = up.pointee.setIndex(upLine)
                let w = up.pointee.find(upLine, base: set &* up.pointee.ways)
                if w >= 0 {
                    let slot = set &* up.pointee.ways &+ w
                    if up.pointee.flags[slot] & CacheLevel.dirtyFlag != 0 { anyDirty = true }
                    up.pointee.tags[slot] = CacheLevel.invalid
                    up.pointee.flags[slot] = 0
                    lv.pointee.bump(owner, CounterSlot.backInvalidations)
                }
                offset &+= up.pointee.lineBytes
            }
        }
        return anyDirty
    }
}
