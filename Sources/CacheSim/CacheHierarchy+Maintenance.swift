/// DineroIV's copy-back and invalidate records (`c`/`v`, labels and types 4/5), executed at
/// every level from L1 down, as `d4copyback` and `d4invalidate` propagate them.
extension CacheHierarchy {
    /// Writes dirty data back without invalidating. Size 0: every dirty line of every level,
    /// in the end-of-run copy-back's order (`flush`). Otherwise, at each level, the one line
    /// holding `address` (DineroIV looks at the address only), if dirty: its write-back reaches
    /// the next level before that level's own copy-back. Write-backs count as `writebacks`.
    public mutating func copyBack(address: UInt64, size: UInt32) {
        if size == 0 { return flush() }
        totals[TotalSlot.copyBacks] &+= 1
        for level in 0..<count {
            let L = levels + level
            let line = address >> L.pointee.lineShift
            let set = L.setIndex(line)
            let way = L.find(line, base: set &* L.pointee.ways)
            guard way >= 0 else { continue }
            let slot = set &* L.pointee.ways &+ way
            guard L.pointee.flags[slot] & CacheLevel.dirtyFlag != 0 else { continue }
            L.pointee.flags[slot] &= ~CacheLevel.dirtyFlag
            writeBack(from: L, to: level + 1, line << L.pointee.lineShift, owner: L.pointee.owners[slot])
        }
    }

    /// Drops lines without writing them back (dirty data is lost). Size 0: every line of every
    /// level, and the 3C shadows forget everything, so later misses are compulsory again.
    /// Otherwise, at each level, the line holding `address`, which also leaves the fully
    /// associative shadow but stays seen (DineroIV's `d4_invinfcache` clears nothing for a
    /// single block without sub-blocks).
    /// The instruction level is invalidated first (DineroIV sends `v` to the instruction cache,
    /// then the data cache); copy-back records go to the data side only, as in DineroIV.
    public mutating func invalidate(address: UInt64, size: UInt32) {
        if size != 0 { totals[TotalSlot.lineInvalidations] &+= 1 }
        for step in 0..<(count + (instruction == nil ? 0 : 1)) {
            let L = instruction != nil ? (step == 0 ? instruction! : levels + (step - 1)) : levels + step
            if size == 0 {
                for slot in 0..<(L.pointee.sets * L.pointee.ways) where L.pointee.tags[slot] != CacheLevel.invalid {
                    L.invalidate(slot)
                }
                L.pointee.classifier?.pointee.reset()
                continue
            }
            let line = address >> L.pointee.lineShift
            let set = L.setIndex(line)
            let way = L.find(line, base: set &* L.pointee.ways)
            if way >= 0 { L.invalidate(set &* L.pointee.ways &+ way) }
            L.pointee.classifier?.pointee.forget(line)
        }
    }
}
