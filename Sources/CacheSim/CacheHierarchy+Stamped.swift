/// The stamped path: `stamped` levels (below L1; LRU or FIFO with bit-selection sets and at
/// most 16 ways; write-back, write-allocate, no prefetcher; inclusive, exclusive or above an
/// exclusive level, as zen4's L2 and L3 and skylake's L3 are). It does what `leanReference`,
/// `leanMiss`, `evict`, `dispose` and `insertVictim` do for such a level, in the same order,
/// on the level's order words and hints instead of stamps (`CacheLevel+Order.swift`): a search
/// compares one-byte hints before tags, a victim is one nibble of the set's order word, and a
/// back-invalidation of levels of the same line size looks up one line per level. The general
/// path, on stamps, stays the reference the differential tests compare against
/// (`fastPaths: false`), and `stampedMisses` shows that this path ran.
extension CacheHierarchy {
    /// One reference of `size` bytes within one line of stamped `level`: `leanReference` for
    /// such a level, with the set's index, search and stamp written out for it. Returns true
    /// when an exclusive level hands a dirty line up.
    @usableFromInline @discardableResult @inline(never)
    mutating func stampedReference(_ level: Int, _ address: UInt64, _ size: UInt32, _ isStore: Bool,
                                   _ region: RegionTag) -> Bool {
        let L = levels + level
        let line = address &>> L.pointee.lineShift
        let base = Int(truncatingIfNeeded: line & L.pointee.setMask) &* L.pointee.ways
        let kind = isStore ? CounterSlot.stores : CounterSlot.loads  // 1 is also the dirty flag
        (L.pointee.counters + Int(region) &* CounterSlot.stride)[kind] &+= 1
        let way = L.hintedFind(line, base: base)
        if way < 0 { return stampedMiss(level, address, size, isStore, region, line: line, base: base) }
        let slot = base &+ way, set = Int(truncatingIfNeeded: line & L.pointee.setMask)
        if let shadow = L.pointee.classifier { shadow.pointee.touchOnHit(line) }
        let flags = L.pointee.flags
        if !isStore && L.pointee.inclusion == .exclusive {
            // The line moves up to the level that asked for it (its way becomes the oldest,
            // so no recency update first).
            let dirty = flags[slot] & CacheLevel.dirtyFlag != 0
            L.pointee.tags[slot] = CacheLevel.invalid
            flags[slot] = 0
            L.orderEmptied(set: set, way: way)
            return dirty
        }
        if L.pointee.policy == .lru { L.orderTouch(set: set, way: way) }  // FIFO: a hit leaves the order alone
        if isStore { flags[slot] |= CacheLevel.dirtyFlag }
        return false
    }

    /// A miss of stamped `level` on `line`, whose set starts at slot `base`. Returns true when
    /// an exclusive level hands a dirty line up (never: a miss hands nothing up).
    @usableFromInline @inline(never)
    mutating func stampedMiss(_ level: Int, _ address: UInt64, _ size: UInt32, _ isStore: Bool,
                              _ region: RegionTag, line: UInt64, base: Int) -> Bool {
        let L = levels + level
        let lineBytes = L.pointee.lineBytes, shift = L.pointee.lineShift
        let counters = L.pointee.counters + Int(region) &* CounterSlot.stride
        counters[isStore ? CounterSlot.storeMisses : CounterSlot.loadMisses] &+= 1
        totals[6] &+= 1
        if L.pointee.classifier != nil { classify(L, line, region, allocate: true) }
        let inclusion = L.pointee.inclusion
        if !isStore && inclusion == .exclusive {
            // A victim cache forwards fetches without filling.
            counters[CounterSlot.bytesRead] &+= UInt64(size)
            return fetch(level, address, size, region)
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
        if oldTag != CacheLevel.invalid && inclusion == .inclusive
            && stampedBackInvalidate(level, line: oldTag, owner: oldOwner) {
            oldDirty = true
        }
        tags[slot] = line
        L.pointee.hints[slot] = L.hint(line)
        owners[slot] = region
        flags[slot] = isStore ? CacheLevel.dirtyFlag : 0
        L.orderFilledOldest(set: set)
        if !(isStore && UInt64(size) == lineBytes) {
            counters[CounterSlot.bytesRead] &+= lineBytes
            if fetch(level, line &<< shift, UInt32(truncatingIfNeeded: lineBytes), region) {
                flags[slot] |= CacheLevel.dirtyFlag
            }
        }
        if oldTag != CacheLevel.invalid {
            stampedDispose(level, oldTag &<< shift, dirty: oldDirty, owner: oldOwner, victimBelow: victimBelow)
        }
        return false
    }

    /// A load of `size` bytes at `address` from the level below stamped `level`: memory, or a
    /// call of the level's reference (never inlined here, so that the miss halves stay small
    /// enough for their own searches to be inlined). True when an exclusive level hands a
    /// dirty line up.
    @inlinable @inline(__always)
    mutating func fetch(_ level: Int, _ address: UInt64, _ size: UInt32, _ region: RegionTag) -> Bool {
        let below = level &+ 1
        if below == count { totals[1] &+= UInt64(size); return false }
        if levels[below].stamped { return stampedReference(below, address, size, false, region) }
        return reference(below, address, size, .load, region)
    }

    /// A line leaving stamped `level`: into the exclusive level below, or written back when dirty.
    @inlinable @inline(__always)
    mutating func stampedDispose(_ level: Int, _ address: UInt64, dirty: Bool, owner: RegionTag, victimBelow: Bool) {
        if victimBelow {
            if levels[level &+ 1].stamped { return stampedInsert(level &+ 1, address, dirty: dirty, owner: owner) }
            return insertVictim(level &+ 1, EvictedLine(address: address, dirty: dirty, owner: owner))
        }
        if dirty { writeBack(level, address, owner: owner) }
    }

    /// The write-back of a dirty line of `level` (at `address`, owned by `owner`) to the level below.
    @usableFromInline @inline(never)
    mutating func writeBack(_ level: Int, _ address: UInt64, owner: RegionTag) {
        let lineBytes = levels[level].lineBytes
        let counters = levels[level].counters + Int(owner) &* CounterSlot.stride
        counters[CounterSlot.writebacks] &+= 1
        counters[CounterSlot.bytesWritten] &+= lineBytes
        reference(level &+ 1, address, UInt32(truncatingIfNeeded: lineBytes), .store, owner)
    }

    /// `insertVictim` for a stamped exclusive `level`: the line at `address`, evicted from the
    /// level above, is merged if present (dirty data, and recency under LRU), else filled over
    /// the oldest way, whose line moves on in turn.
    @usableFromInline @inline(never)
    mutating func stampedInsert(_ level: Int, _ address: UInt64, dirty: Bool, owner: RegionTag) {
        let L = levels + level
        let shift = L.pointee.lineShift, ways = L.pointee.ways
        let tags = L.pointee.tags, flags = L.pointee.flags, owners = L.pointee.owners
        let line = address &>> shift
        let set = Int(truncatingIfNeeded: line & L.pointee.setMask)
        let base = set &* ways
        let found = L.hintedFind(line, base: base)
        if found >= 0 {
            if dirty { flags[base &+ found] |= CacheLevel.dirtyFlag }
            if L.pointee.policy == .lru { L.orderTouch(set: set, way: found) }
            return
        }
        let slot = base &+ L.orderOldest(set: set)
        let oldTag = tags[slot], oldOwner = owners[slot]
        let oldDirty = flags[slot] & CacheLevel.dirtyFlag != 0
        tags[slot] = line
        L.pointee.hints[slot] = L.hint(line)
        owners[slot] = owner
        flags[slot] = dirty ? CacheLevel.dirtyFlag : 0
        L.orderFilledOldest(set: set)
        if oldTag != CacheLevel.invalid {
            stampedDispose(level, oldTag &<< shift, dirty: oldDirty, owner: oldOwner, victimBelow: L.pointee.exclusiveBelow)
        }
    }

    /// `backInvalidate` when every level above has this level's line size and there is no
    /// instruction level: one lookup per level above, no loop over line pieces.
    @inlinable @inline(__always)
    mutating func stampedBackInvalidate(_ level: Int, line: UInt64, owner: RegionTag) -> Bool {
        guard levels[level].sameLinesAbove else { return backInvalidate(level, line: line, owner: owner) }
        var anyDirty = false, j = 0
        while j < level {
            let U = levels + j
            let set = U.setIndex(line), base = set &* U.pointee.ways
            let w = U.pointee.stamped ? U.hintedFind(line, base: base) : U.findCompact(line, base: base)
            if w >= 0 {
                let slot = base &+ w
                anyDirty = anyDirty || U.pointee.flags[slot] & CacheLevel.dirtyFlag != 0
                U.pointee.tags[slot] = CacheLevel.invalid
                U.pointee.flags[slot] = 0
                if U.pointee.stamped { U.orderEmptied(set: set, way: w) } else { U.pointee.stamps[slot] = 0 }
                levels[level].counters[Int(owner) &* CounterSlot.stride &+ CounterSlot.backInvalidations] &+= 1
            }
            j &+= 1
        }
        return anyDirty
    }
}

extension CacheHierarchy {
    /// Misses the stamped path has handled (0 with `fastPaths` false): the differential tests
    /// check that it ran.
    public var stampedMisses: UInt64 { totals[6] }
}
