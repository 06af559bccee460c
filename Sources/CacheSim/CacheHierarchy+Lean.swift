import CPrefetch
import AccessSink

/// The lean reference path for `lean` levels that are not `plain`: write-back, write-allocate,
/// no prefetcher, but any policy (PLRU, SRRIP, random, MRU as well as LRU and FIFO), modulo set
/// counts, inclusive back-invalidation and exclusive victim moves. It does what `reference` and
/// `miss` do for such a level, in the same order, minus the tests for write-through,
/// no-allocate, prefetched lines and prefetchers. The general path stays the reference: the
/// differential tests run both (`CacheHierarchy(fastPaths: false)` is the general one) and
/// check that this one ran (`leanMisses`).
extension CacheHierarchy {
    /// One reference of `size` bytes within one line of `level` (a lean level). Returns true
    /// when an exclusive level hands a dirty line up.
    @usableFromInline @discardableResult
    mutating func leanReference(
        _ level: Int, _ address: UInt64, _ size: UInt32, _ isStore: Bool,
        _ region: RegionTag
    ) -> Bool {
        let L = levels + level
        let line = address &>> L.pointee.lineShift
        let set = L.setIndex(line)
        let base = set &* L.pointee.ways
        let kind = isStore ? CounterSlot.stores : CounterSlot.loads  // 1 is also the dirty flag
        (L.pointee.counters + Int(region) &* CounterSlot.stride)[kind] &+= 1
        let way = L.find(line, base: base)
        if way < 0 { return leanMiss(level, address, size, isStore, region, line: line, set: set) }
        let slot = base &+ way
        L.touch(set: set, way: way)
        if let shadow = L.pointee.classifier { shadow.pointee.touchOnHit(line) }
        let flags = L.pointee.flags
        if isStore {
            flags[slot] |= CacheLevel.dirtyFlag
        } else if L.pointee.inclusion == .exclusive {
            // The line moves up to the level that asked for it.
            let dirty = flags[slot] & CacheLevel.dirtyFlag != 0
            L.invalidate(slot)
            return dirty
        }
        return false
    }

    /// The miss half of `leanReference`: the fetch from the next level first, then the victim
    /// goes where it goes (an exclusive level below, or a write-back when dirty).
    @usableFromInline @inline(never)
    mutating func leanMiss(
        _ level: Int, _ address: UInt64, _ size: UInt32, _ isStore: Bool,
        _ region: RegionTag, line: UInt64, set: Int
    ) -> Bool {
        let L = levels + level
        let lineBytes = L.pointee.lineBytes
        let counters = L.pointee.counters + Int(region) &* CounterSlot.stride
        counters[isStore ? CounterSlot.storeMisses : CounterSlot.loadMisses] &+= 1
        totals[TotalSlot.leanMisses] &+= 1
        if L.pointee.classifier != nil { classify(L, line, region, allocate: true) }
        if !isStore && L.pointee.inclusion == .exclusive {
            // A victim cache forwards fetches without filling.
            counters[CounterSlot.bytesRead] &+= UInt64(size)
            return reference(level &+ 1, address, size, false, region)
        }
        let way = L.victim(set: set)
        let slot = set &* L.pointee.ways &+ way
        if level &+ 1 < count && levels[level &+ 1].inclusion == .exclusive {
            warm(level &+ 1, line: line, victim: L.pointee.tags[slot], shift: L.pointee.lineShift)
        }
        let evicted = evict(level, set: set, way: way)
        L.pointee.tags[slot] = line
        L.pointee.owners[slot] = region
        L.pointee.flags[slot] = isStore ? CacheLevel.dirtyFlag : 0
        L.filled(set: set, way: way)
        if !(isStore && UInt64(size) == lineBytes) {
            counters[CounterSlot.bytesRead] &+= lineBytes
            let fetched = line &<< L.pointee.lineShift
            if reference(level &+ 1, fetched, UInt32(truncatingIfNeeded: lineBytes), false, region) {
                L.pointee.flags[slot] |= CacheLevel.dirtyFlag
            }
        }
        if evicted.valid { dispose(level, evicted) }
        return false
    }

    /// Starts loading the two sets of exclusive `level` that a miss above is about to search
    /// (the fetched line's and the victim's), so that their host-cache misses overlap instead
    /// of following one another.
    @inlinable @inline(__always)
    mutating func warm(_ level: Int, line: UInt64, victim: UInt64, shift: UInt64) {
        warmFetched(level, line &<< shift)
        warmVictim(level, victim &<< shift)
    }

    /// Prefetches what a search of `level` for the line at `address` reads: the tags' both ends
    /// and the flags (an order-word level: its hints and order word too).
    @inlinable @inline(__always)
    func warmFetched(_ level: Int, _ address: UInt64) {
        let B = levels + level
        let ways = B.pointee.ways
        let set = B.setIndex(address &>> B.pointee.lineShift), a = set &* ways
        layoutlab_prefetch(B.pointee.tags + a)
        layoutlab_prefetch(B.pointee.tags + (a &+ ways &- 1))
        layoutlab_prefetch(B.pointee.flags + a)
        if B.pointee.path == .orderWord {
            layoutlab_prefetch(B.pointee.hints + a)
            layoutlab_prefetch(B.pointee.order + set)
        }
    }

    /// Prefetches what inserting the line at `address` into exclusive `level` reads: a search
    /// (as `warmFetched`), the victim's choice (stamps, or an order-word level's order word) and
    /// the owners.
    @inlinable @inline(__always)
    func warmVictim(_ level: Int, _ address: UInt64) {
        let B = levels + level
        let ways = B.pointee.ways, last = ways &- 1
        let set = B.setIndex(address &>> B.pointee.lineShift), v = set &* ways
        layoutlab_prefetch(B.pointee.tags + v)
        layoutlab_prefetch(B.pointee.tags + (v &+ last))
        layoutlab_prefetch(B.pointee.flags + v)
        layoutlab_prefetch(B.pointee.owners + v)
        if B.pointee.path == .orderWord {
            layoutlab_prefetch(B.pointee.hints + v)
            layoutlab_prefetch(B.pointee.order + set)
        } else {
            layoutlab_prefetch(B.pointee.stamps + v)
            layoutlab_prefetch(B.pointee.stamps + (v &+ last))
        }
    }

    /// Misses the lean path has handled (0 with `fastPaths` false): the differential tests
    /// check that it ran.
    public var leanMisses: UInt64 { totals[TotalSlot.leanMisses] }
}
