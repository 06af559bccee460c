import AccessSink
/// The order-word path (`LevelPath.orderWord`): levels below L1 that keep their sets' order as
/// one word instead of stamps (LRU or FIFO with bit-selection sets and at most 16 ways;
/// write-back, write-allocate, no prefetcher; inclusive, exclusive or above an exclusive level,
/// as zen4's L2 and L3 and skylake's L3 are). It does what `leanReference`,
/// `leanMiss`, `evict`, `dispose` and `insertVictim` do for such a level, in the same order,
/// on the level's order words and hints instead of stamps (`CacheLevel+Order.swift`): a search
/// compares one-byte hints before tags, a victim is one nibble of the set's order word, and a
/// back-invalidation of levels of the same line size looks up one line per level. The general
/// path, on stamps, stays the reference the differential tests compare against
/// (`fastPaths: false`), and `orderWordMisses` shows that this path ran.
extension CacheHierarchy {
    /// One reference of `size` bytes within one line of order-word `level`: what `leanReference`
    /// does, searching the hints and moving the way in the set's order word. Returns true when
    /// an exclusive level hands a dirty line up.
    @usableFromInline @discardableResult @inline(never)
    mutating func orderWordReference(
        _ level: Int, _ address: UInt64, _ size: UInt32, _ isStore: Bool,
        _ region: RegionTag
    ) -> Bool {
        let L = levels + level
        let line = address &>> L.pointee.lineShift
        let set = Int(truncatingIfNeeded: line & L.pointee.setMask), base = set &* L.pointee.ways
        let kind = isStore ? CounterSlot.stores : CounterSlot.loads  // 1 is also the dirty flag
        (L.pointee.counters + Int(region) &* CounterSlot.stride)[kind] &+= 1
        let way = L.hintedFind(line, base: base)
        if way < 0 { return orderWordMiss(level, address, size, isStore, region, line: line, base: base) }
        let slot = base &+ way
        if let shadow = L.pointee.classifier { shadow.pointee.touchOnHit(line) }
        let flags = L.pointee.flags
        if !isStore && L.pointee.inclusion == .exclusive {
            // The line moves up to the level that asked for it (its way becomes the oldest,
            // so no recency update first).
            let dirty = flags[slot] & CacheLevel.dirtyFlag != 0
            L.invalidate(slot, set: set)
            return dirty
        }
        if L.pointee.policy == .lru { L.orderTouch(set: set, way: way) }  // FIFO: a hit leaves the order alone
        if isStore { flags[slot] |= CacheLevel.dirtyFlag }
        return false
    }

    /// A miss of order-word `level` on `line`, whose set starts at slot `base`. Returns true when
    /// this level is exclusive and forwards a fetch that an exclusive level below answers with a
    /// dirty line (a filling miss keeps such a line itself).
    @usableFromInline @inline(never)
    mutating func orderWordMiss(
        _ level: Int, _ address: UInt64, _ size: UInt32, _ isStore: Bool,
        _ region: RegionTag, line: UInt64, base: Int
    ) -> Bool {
        let L = levels + level
        let lineBytes = L.pointee.lineBytes, shift = L.pointee.lineShift
        let counters = L.pointee.counters + Int(region) &* CounterSlot.stride
        counters[isStore ? CounterSlot.storeMisses : CounterSlot.loadMisses] &+= 1
        totals[TotalSlot.orderWordMisses] &+= 1
        if L.pointee.classifier != nil { classify(L, line, region, allocate: true) }
        let inclusion = L.pointee.inclusion
        if !isStore && inclusion == .exclusive {
            // A victim cache forwards fetches without filling.
            counters[CounterSlot.bytesRead] &+= UInt64(size)
            return reference(level &+ 1, address, size, false, region)
        }
        // Above an exclusive level, its set for this line starts loading before this level's
        // victim is read, and its set for the victim right after: host-cache misses overlap.
        let victimBelow = L.pointee.exclusiveBelow
        if victimBelow { warmFetched(level &+ 1, line &<< shift) }
        let tags = L.pointee.tags, flags = L.pointee.flags, owners = L.pointee.owners
        let set = Int(truncatingIfNeeded: line & L.pointee.setMask)
        let slot = base &+ L.orderOldest(set: set)
        let oldTag = tags[slot], oldOwner = owners[slot]
        var oldDirty = flags[slot] & CacheLevel.dirtyFlag != 0
        if victimBelow { warmVictim(level &+ 1, oldTag &<< shift) }
        if oldTag != CacheLevel.invalid && inclusion == .inclusive {
            if level == 1 && L.pointee.sameLinesAbove {
                // Only L1 above (never order-word), of the same line size: its one lookup here.
                let U = levels
                let uBase = U.setIndex(oldTag) &* U.pointee.ways
                let w = U.findCompact(oldTag, base: uBase)
                if w >= 0 {
                    oldDirty = oldDirty || U.pointee.flags[uBase &+ w] & CacheLevel.dirtyFlag != 0
                    U.invalidate(uBase &+ w)
                    L.pointee.counters[Int(oldOwner) &* CounterSlot.stride &+ CounterSlot.backInvalidations] &+= 1
                }
            } else if orderWordBackInvalidate(level, line: oldTag, owner: oldOwner) {
                oldDirty = true
            }
        }
        tags[slot] = line
        L.pointee.hints[slot] = L.hint(line)
        owners[slot] = region
        flags[slot] = isStore ? CacheLevel.dirtyFlag : 0
        L.orderFilledOldest(set: set)
        if !(isStore && UInt64(size) == lineBytes) {
            counters[CounterSlot.bytesRead] &+= lineBytes
            if fetchLine(level, line &<< shift, UInt32(truncatingIfNeeded: lineBytes), region) {
                flags[slot] |= CacheLevel.dirtyFlag
            }
        }
        if oldTag != CacheLevel.invalid {
            if victimBelow && levels[level &+ 1].path == .orderWord {
                insertInline(level &+ 1, oldTag &<< shift, dirty: oldDirty, owner: oldOwner)
            } else {
                orderWordDispose(level, oldTag &<< shift, dirty: oldDirty, owner: oldOwner, victimBelow: victimBelow)
            }
        }
        return false
    }

    /// A fetch of a whole line at `address` from the level below order-word `level`, with a hit
    /// in an order-word exclusive level there handled here (the line moves up: the commonest miss of
    /// zen4's L2), one call less. True when the line handed up is dirty.
    @inlinable @inline(__always)
    mutating func fetchLine(_ level: Int, _ address: UInt64, _ size: UInt32, _ region: RegionTag) -> Bool {
        let below = level &+ 1
        guard
            below < count && levels[below].path == .orderWord && levels[below].inclusion == .exclusive
                && levels[below].classifier == nil
        else { return reference(below, address, size, false, region) }
        let B = levels + below
        let line = address &>> B.pointee.lineShift
        let set = Int(truncatingIfNeeded: line & B.pointee.setMask), base = set &* B.pointee.ways
        B.pointee.counters[Int(region) &* CounterSlot.stride &+ CounterSlot.loads] &+= 1
        let way = B.hintedFind(line, base: base)
        if way < 0 { return orderWordMiss(below, address, size, false, region, line: line, base: base) }
        let slot = base &+ way
        let dirty = B.pointee.flags[slot] & CacheLevel.dirtyFlag != 0
        B.invalidate(slot, set: set)
        return dirty
    }
}
