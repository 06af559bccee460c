/// The hierarchy's state as plain words, for exact warping (`WarpingSimulator`): every bit a
/// later decision reads, with each line renamed by its array's offset, so that two states that
/// differ only by a translation of the arrays give equal words.
extension CacheHierarchy {
    /// Whether warping can be exact here: no 3C shadow, and what `WarpPeriod.exact` asks of the
    /// configuration (no prefetcher, every policy with a snapshot: `PolicyTraits.snapshot`).
    public var warpable: Bool {
        (0..<count).allSatisfy { levels[$0].classifier == nil } && WarpPeriod.exact(dataConfigs)
    }

    /// Appends the state of every level to `out`, a line owned by region `r` renamed to
    /// `line - offsets[r] / lineBytes` (`offsets` has 256 entries, each a multiple of every
    /// level's line size). Per set: under LRU, FIFO and MRU the ways by stamp (or an
    /// order-word level's word), most recent first (the physical way of a line never changes a
    /// decision there); under tree-PLRU and SRRIP the
    /// ways in physical order, then the tree bits or each way's RRPV. Each way gives its renamed
    /// line (or `invalid`) and its flags and owner. `omit` leaves one component out (mutation tests).
    public func appendState(offsets: UnsafePointer<Int64>, to out: inout [UInt64], omit: SnapshotPart? = nil) {
        var order = [Int](repeating: 0, count: 64)
        for level in 0..<count {
            let L = levels[level]
            let ways = L.ways
            if order.count < ways { order = [Int](repeating: 0, count: ways) }
            let snapshot = L.policy.traits.snapshot
            let byStamp = snapshot == .byRecency
            out.append(UInt64(level) << 56 | UInt64(L.sets))
            for set in 0..<L.sets {
                let base = set * ways
                for w in 0..<ways { order[w] = w }
                if L.path == .orderWord && omit != .wayOrder {
                    for i in 0..<ways { order[i] = (levels + level).orderWay(set: set, at: i) }
                } else if byStamp && omit != .wayOrder {
                    // Insertion sort, newest first: sets are small. (The way-order mutant keeps
                    // the physical order, which says nothing about recency.)
                    let key = L.stamps + base
                    for i in 1..<max(ways, 1) {
                        let x = order[i], sx = key[x]
                        var j = i
                        while j > 0 && key[order[j - 1]] < sx {
                            order[j] = order[j - 1]
                            j -= 1
                        }
                        order[j] = x
                    }
                }
                for i in 0..<ways {
                    let slot = base + order[i]
                    let tag = L.tags[slot]
                    if tag == CacheLevel.invalid {
                        out.append(CacheLevel.invalid)
                        out.append(0)
                        continue
                    }
                    let owner = L.owners[slot]
                    let moved = UInt64(bitPattern: offsets[Int(owner)] >> Int64(L.lineShift))
                    out.append(tag &- moved)
                    var flags = UInt64(L.flags[slot])
                    if omit == .dirty { flags &= ~UInt64(CacheLevel.dirtyFlag) }
                    out.append(flags | (omit == .owner ? 0 : UInt64(owner) << 8) | 1 << 16)
                    if snapshot == .rrpv && omit != .rrpv { out.append(L.stamps[slot]) }
                }
                if snapshot == .treeBits && omit != .treeBits { out.append((levels + level).plruBits(set: set)) }
            }
        }
    }

    /// Every counter of every level and region, then the split pieces and memory bytes.
    public func counterWords() -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(count * 256 * CounterSlot.stride + TotalSlot.snapshotted)
        for level in 0..<count {
            let c = levels[level].counters
            for i in 0..<(256 * CounterSlot.stride) { out.append(c[i]) }
        }
        for i in 0..<TotalSlot.snapshotted { out.append(totals[i]) }
        return out
    }

    /// Adds `times` x (`now` - `then`) to every counter; both come from `counterWords`.
    public mutating func addCounters(now: [UInt64], then: [UInt64], times: UInt64) {
        let per = 256 * CounterSlot.stride
        for level in 0..<count {
            let c = levels[level].counters
            for i in 0..<per { c[i] &+= (now[level * per + i] &- then[level * per + i]) &* times }
        }
        for i in 0..<TotalSlot.snapshotted { totals[i] &+= (now[count * per + i] &- then[count * per + i]) &* times }
    }

    /// Demand accesses in a `counterWords` vector (L1 references less the extra line pieces).
    public func accesses(inCounterWords w: [UInt64]) -> UInt64 {
        var sum: UInt64 = 0
        for r in 0..<256 {
            sum &+= w[r * CounterSlot.stride + CounterSlot.loads] &+ w[r * CounterSlot.stride + CounterSlot.stores]
        }
        return sum &- w[count * 256 * CounterSlot.stride + TotalSlot.extraPieces]
    }

    /// Moves every cached line owned by region `r` by `offsets[r]` bytes (a multiple of every
    /// level's sets x line, so no line changes set). Stamps, tree bits and flags stay: they
    /// describe the order, which a translation keeps. The per-region L1 hit memo is a hint
    /// (`l1Slot` checks the tag), so it stays valid.
    public mutating func translate(offsets: UnsafePointer<Int64>) {
        for level in 0..<count {
            let L = levels[level]
            for slot in 0..<(L.sets * L.ways) where L.tags[slot] != CacheLevel.invalid {
                L.tags[slot] &+= UInt64(bitPattern: offsets[Int(L.owners[slot])] >> Int64(L.lineShift))
                if L.path == .orderWord { L.hints[slot] = (levels + level).hint(L.tags[slot]) }
            }
        }
    }
}

/// One component of the warping snapshot, for mutation tests that leave it out.
public enum SnapshotPart: CaseIterable, Sendable {
    case dirty, owner, treeBits, rrpv, wayOrder
}
