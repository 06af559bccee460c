/// End-of-run copy-back, as DineroIV does before printing its figures.
extension CacheHierarchy {
    /// Writes every dirty line back to the next level, nearest level first (sets in order,
    /// most recently used first within an LRU set, way order otherwise). Lines stay resident and become clean. The
    /// write-backs count, and may miss, at the levels below.
    public mutating func flush() {
        for level in 0..<count {
            let L = levels + level
            let ways = L.pointee.ways
            for set in 0..<L.pointee.sets {
                let base = set * ways
                let order = L.pointee.policy == .lru
                    ? (0..<ways).sorted { L.pointee.stamps[base + $0] > L.pointee.stamps[base + $1] }
                    : Array(0..<ways)
                for w in order {
                    let slot = base + w
                    guard L.pointee.tags[slot] != CacheLevel.invalid,
                          L.pointee.flags[slot] & CacheLevel.dirtyFlag != 0 else { continue }
                    L.pointee.flags[slot] &= ~CacheLevel.dirtyFlag
                    let owner = L.pointee.owners[slot]
                    L.bump(owner, CounterSlot.writebacks)
                    L.bump(owner, CounterSlot.bytesWritten, by: L.pointee.lineBytes)
                    reference(level + 1, L.pointee.tags[slot] << L.pointee.lineShift,
                              UInt32(L.pointee.lineBytes), .store, owner)
                }
            }
        }
    }
}
