/// End-of-run copy-back, as DineroIV does before printing its figures.
extension CacheHierarchy {
    /// Writes every dirty line back to the next level, nearest level first (sets in order,
    /// most recently used first within an LRU set, way order otherwise). Lines stay resident and become clean. The
    /// write-backs count, and may miss, at the levels below.
    public mutating func flush() {
        for level in 0..<count {
            let lv = levels + level
            let ways = lv.pointee.ways
            for set in 0..<lv.pointee.sets {
                let base = set * ways
                let order = lv.pointee.policy == .lru
                    ? (0..<ways).sorted { lv.pointee.stamps[base + $0] > lv.pointee.stamps[base + $1] }
                    : Array(0..<ways)
                for w in order {
                    let slot = base + w
                    guard lv.pointee.tags[slot] != CacheLevel.invalid,
                          lv.pointee.flags[slot] & CacheLevel.dirtyFlag != 0 else { continue }
                    lv.pointee.flags[slot] &= ~CacheLevel.dirtyFlag
                    let owner = lv.pointee.owners[slot]
                    lv.pointee.bump(owner, CounterSlot.writebacks)
                    lv.pointee.bump(owner, CounterSlot.bytesWritten, by: lv.pointee.lineBytes)
                    reference(level + 1, lv.pointee.tags[slot] << lv.pointee.lineShift,
                              UInt32(lv.pointee.lineBytes), .store, owner)
                }
            }
        }
    }
}
