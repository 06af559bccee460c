/// What happens to a line that leaves a level: back-invalidation for inclusive levels,
/// insertion into an exclusive (victim) level below, or a write-back when dirty.
extension CacheHierarchy {
    /// Empties `way` of `set` at `level` and describes what was there, or nil if it was empty.
    @inlinable
    mutating func evict(_ level: Int, set: Int, way: Int) -> EvictedLine? {
        let L = levels + level
        let slot = set &* L.pointee.ways &+ way
        let tag = L.pointee.tags[slot]
        if tag == CacheLevel.invalid { return nil }
        var dirty = L.pointee.flags[slot] & CacheLevel.dirtyFlag != 0
        let owner = L.pointee.owners[slot]
        if L.pointee.inclusion == .inclusive && backInvalidate(level, line: tag, owner: owner) { dirty = true }
        L.pointee.tags[slot] = CacheLevel.invalid
        L.pointee.flags[slot] = 0
        return EvictedLine(address: tag << L.pointee.lineShift, dirty: dirty, owner: owner)
    }

    /// Sends an evicted line where it goes next.
    @inlinable
    mutating func dispose(_ level: Int, _ e: EvictedLine) {
        let L = levels + level
        if level + 1 < count && levels[level + 1].inclusion == .exclusive {
            insertVictim(level + 1, e)
        } else if e.dirty {
            L.pointee.bump(e.owner, CounterSlot.writebacks)
            L.pointee.bump(e.owner, CounterSlot.bytesWritten, by: L.pointee.lineBytes)
            reference(level + 1, e.address, UInt32(L.pointee.lineBytes), .store, e.owner)
        }
    }

    /// Fills an exclusive level with a victim of the level above (not a demand access).
    @inlinable
    mutating func insertVictim(_ level: Int, _ e: EvictedLine) {
        let L = levels + level
        let line = e.address >> L.pointee.lineShift
        let set = L.pointee.setIndex(line)
        let found = L.pointee.find(line, base: set &* L.pointee.ways)
        if found >= 0 {
            if e.dirty { L.pointee.flags[set &* L.pointee.ways &+ found] |= CacheLevel.dirtyFlag }
            L.pointee.touch(set: set, way: found)
            return
        }
        let way = L.pointee.victim(set: set)
        let old = evict(level, set: set, way: way)
        let slot = set &* L.pointee.ways &+ way
        L.pointee.tags[slot] = line
        L.pointee.owners[slot] = e.owner
        L.pointee.flags[slot] = e.dirty ? CacheLevel.dirtyFlag : 0
        L.pointee.filled(set: set, way: way)
        if let old { dispose(level, old) }
    }

    /// Invalidates every copy of `line` (a line of `level`) in the levels above.
    /// Returns true if any copy was dirty; its data leaves with the evicted line.
    @inlinable
    mutating func backInvalidate(_ level: Int, line: UInt64, owner: RegionTag) -> Bool {
        let L = levels + level
        let start = line << L.pointee.lineShift
        var anyDirty = false
        for j in 0..<level {
            let U = levels + j
            var offset: UInt64 = 0
            while offset < L.pointee.lineBytes {
                let upLine = (start &+ offset) >> U.pointee.lineShift
                let set = U.pointee.setIndex(upLine)
                let w = U.pointee.find(upLine, base: set &* U.pointee.ways)
                if w >= 0 {
                    let slot = set &* U.pointee.ways &+ w
                    if U.pointee.flags[slot] & CacheLevel.dirtyFlag != 0 { anyDirty = true }
                    U.pointee.tags[slot] = CacheLevel.invalid
                    U.pointee.flags[slot] = 0
                    L.pointee.bump(owner, CounterSlot.backInvalidations)
                }
                offset &+= U.pointee.lineBytes
            }
        }
        return anyDirty
    }
}
