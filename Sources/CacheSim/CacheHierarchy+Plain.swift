import AccessSink
/// The lean reference path for `plain` levels (write-back, write-allocate, LRU or FIFO, no
/// prefetcher, nothing inclusive or exclusive about it). It does what `reference` and `miss`
/// do for such a level, the 3C shadow included, minus every test for a feature the level
/// lacks. DineroIV's configurations spend their misses here. The reference-model tests drive
/// both paths on the same traces (`CacheHierarchy(fastPaths: false)` is the general one).
extension CacheHierarchy {
    @usableFromInline
    mutating func plainReference(
        _ level: Int, _ address: UInt64, _ size: UInt32, _ isStore: Bool,
        _ region: RegionTag
    ) {
        let L = levels + level
        let line = address &>> L.pointee.lineShift
        let base = Int(truncatingIfNeeded: line & L.pointee.setMask) &* L.pointee.ways
        let kind = isStore ? CounterSlot.stores : CounterSlot.loads  // 1 is also the dirty flag
        (L.pointee.counters + Int(region) &* CounterSlot.stride)[kind] &+= 1
        let hit = L.findCompact(line, base: base)
        if hit < 0 { return plainMiss(level, line, base, size, isStore, region) }
        let slot = base &+ hit
        if let shadow = L.pointee.classifier { shadow.pointee.touchOnHit(line) }
        if L.pointee.policy == .lru {  // FIFO: a hit leaves the stamps alone
            let clock = L.pointee.state.pointee &+ 1
            L.pointee.state.pointee = clock
            L.pointee.stamps[slot] = clock
        }
        L.pointee.flags[slot] |= UInt8(truncatingIfNeeded: kind)
    }

    /// The miss half of `plainReference`, apart so that hits run a short function.
    @usableFromInline @inline(never)
    mutating func plainMiss(
        _ level: Int, _ line: UInt64, _ base: Int, _ size: UInt32, _ isStore: Bool,
        _ region: RegionTag
    ) {
        let L = levels + level
        let tags = L.pointee.tags, flags = L.pointee.flags, owners = L.pointee.owners
        let shift = L.pointee.lineShift, lineBytes = L.pointee.lineBytes
        let counters = L.pointee.counters + Int(region) &* CounterSlot.stride
        counters[isStore ? CounterSlot.storeMisses : CounterSlot.loadMisses] &+= 1
        if L.pointee.classifier != nil { classify(L, line, region, allocate: true) }
        // Empty ways carry stamp 0, so the oldest stamp is the first empty way if any.
        let slot = base &+ L.oldestWay(L.pointee.stamps + base, L.pointee.ways)
        let oldTag = tags[slot], oldDirty = flags[slot] & CacheLevel.dirtyFlag != 0
        let oldOwner = owners[slot]
        tags[slot] = line
        owners[slot] = region
        flags[slot] = isStore ? CacheLevel.dirtyFlag : 0
        let clock = L.pointee.state.pointee &+ 1
        L.pointee.state.pointee = clock
        L.pointee.stamps[slot] = clock
        // DineroIV's order: the fetch first (none for a store that covers the line), then the
        // dirty victim's write-back.
        if !(isStore && UInt64(size) == lineBytes) {
            counters[CounterSlot.bytesRead] &+= lineBytes
            reference(level &+ 1, line &<< shift, UInt32(truncatingIfNeeded: lineBytes), false, region)
        }
        if oldDirty && oldTag != CacheLevel.invalid {
            writeBack(from: L, to: level &+ 1, oldTag &<< shift, owner: oldOwner)
        }
    }
}
