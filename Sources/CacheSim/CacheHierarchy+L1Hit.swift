import AccessSink
/// The two halves of an L1 hit handled without the full path (see `l1HitLimit`), inlined into
/// `access` and `accessSlow`.
extension CacheHierarchy {
    /// The L1 slot (set x ways + way) holding `line` and true, or the first slot of its set and
    /// false. The way of the set's last hit is tried first: a stream stays on one line for
    /// several accesses, and this spares the search. It is kept per set, not per region, so a
    /// trace that names no regions (every record is region 0) gains as much as a kernel whose
    /// arrays are regions. Otherwise every way is compared, with no early exit (where a hit
    /// lands is unpredictable).
    @inlinable @inline(__always)
    func l1Slot(_ line: UInt64) -> (slot: Int, hit: Bool) {
        let set = Int(truncatingIfNeeded: line & l1SetMask)
        let memo = l1Memo + set
        let last = memo.pointee
        if l1Tags[last] == line { return (last, true) }
        let base = set &* l1Ways
        let found =
            l1Ways == 8
            ? CacheLevel.wayHolding(line, l1Tags + base, 8)
            : CacheLevel.wayHolding(line, l1Tags + base, l1Ways)
        if found < 0 { return (base, false) }
        memo.pointee = base &+ found
        return (base &+ found, true)
    }

    /// Counts a hit at `slot`: one LRU stamp (into a scratch array under FIFO, so no branch on
    /// the policy), the region's load or store counter and the dirty flag, with no branch on
    /// the kind either: `AccessKind`'s raw values are the counter slots (loads 0, stores 1),
    /// and a store's is also the dirty flag (checked in `init`).
    @inlinable @inline(__always)
    func l1Hit(_ slot: Int, _ kind: AccessKind, _ region: RegionTag) {
        l1Clock.pointee &+= 1
        l1HitStamps[slot] = l1Clock.pointee
        l1Counters[Int(region) &* CounterSlot.stride &+ Int(kind.rawValue)] &+= 1
        l1Flags[slot] |= kind.rawValue
    }
}
