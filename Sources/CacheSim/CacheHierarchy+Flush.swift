/// End-of-run copy-back, as DineroIV does before printing its figures.
extension CacheHierarchy {
    /// Writes every dirty line back to the next level, nearest level first. Lines stay resident
    /// and become clean; the write-backs count, and may miss, at the levels below.
    ///
    /// The order within a level is DineroIV's (`d4copyback`): it walks the sets in order and
    /// each set from its most recent line down (LRU: most recently used; FIFO: most recently
    /// filled; other policies: way order), stacking the write-backs, then issues them last in,
    /// first out: last set first, least recent line first. The order matters below L1, where
    /// the write-backs compete for sets.
    /// The instruction level, if any, is flushed after L1, into L1's next level: its lines are
    /// dirty only when an exclusive level handed it dirty data.
    public mutating func flush() {
        totals[TotalSlot.copyBacks] &+= 1
        for step in 0..<(count + (instruction == nil ? 0 : 1)) {
            let isI = instruction != nil && step == 1
            let level = instruction != nil && step > 1 ? step - 1 : step
            let L = isI ? instruction! : levels + level
            let ways = L.pointee.ways
            let byStamp = L.pointee.policy.traits.flushOrder == .newestFirst
            var stack: [(slot: Int, line: UInt64)] = []
            for set in 0..<L.pointee.sets {
                let base = set * ways
                let order =
                    L.pointee.path == .orderWord
                    ? L.orderWays(set: set)
                    : byStamp
                        ? (0..<ways).sorted { L.pointee.stamps[base + $0] > L.pointee.stamps[base + $1] }
                        : Array(0..<ways)
                for w in order
                where L.pointee.tags[base + w] != CacheLevel.invalid
                    && L.pointee.flags[base + w] & CacheLevel.dirtyFlag != 0
                {
                    stack.append((base + w, L.pointee.tags[base + w]))
                }
            }
            for (slot, line) in stack.reversed() {
                // An inclusive level below may have taken the line already (back-invalidation
                // carries its dirty data down with the eviction).
                guard L.pointee.tags[slot] == line, L.pointee.flags[slot] & CacheLevel.dirtyFlag != 0 else { continue }
                L.pointee.flags[slot] &= ~CacheLevel.dirtyFlag
                writeBack(from: L, to: isI ? 1 : level + 1, line << L.pointee.lineShift, owner: L.pointee.owners[slot])
            }
        }
    }
}
