/// A multi-level cache hierarchy: level 0 is nearest the core. It is an `AccessSink`, so
/// kernels and trace readers drive it directly.
///
/// All state lives in buffers owned by a private storage object, so a copy of the struct
/// refers to the same caches (reference semantics) and nothing on the per-access path
/// allocates, retains or throws. Semantics follow DineroIV where they overlap: an access is
/// split at line boundaries; a miss fetches the line from the next level (a store miss with
/// write-allocate fetches it as a read, unless the store covers the whole line) and only then
/// writes back the dirty victim; write-through and no-allocate stores are forwarded as writes.
public struct CacheHierarchy: AccessSink {
    @usableFromInline let levels: UnsafeMutablePointer<CacheLevel>
    /// Number of levels.
    public let count: Int
    /// The configuration of every level, nearest first.
    public let configs: [LevelConfig]
    /// [0] accesses received, [1] bytes read from memory, [2] bytes written to memory,
    /// [3] the L1 line of the last access (`invalid` when none), [4] the slot holding it.
    @usableFromInline let totals: UnsafeMutablePointer<UInt64>
    /// Whether a repeated access to the last L1 line may skip the policy update: true when that
    /// update is idempotent (every policy but SRRIP, whose fill and hit differ) and L1 has no
    /// prefetcher (which would change L1 between two accesses).
    @usableFromInline let sameLineFastPath: Bool
    /// Whether an L1 hit can be handled inline in `access`: LRU or FIFO, write-back, no 3C
    /// shadow, no prefetcher, bit-selection sets. The fields below are L1's, copied as plain
    /// words so the hot path never copies a `CacheLevel` (its packed small fields made the
    /// copy stall store-to-load forwarding).
    @usableFromInline let l1InlineHits: Bool
    @usableFromInline let l1Tags: UnsafeMutablePointer<UInt64>
    @usableFromInline let l1Stamps: UnsafeMutablePointer<UInt64>
    @usableFromInline let l1Flags: UnsafeMutablePointer<UInt8>
    @usableFromInline let l1Counters: UnsafeMutablePointer<UInt64>
    @usableFromInline let l1Clock: UnsafeMutablePointer<UInt64>
    @usableFromInline let l1Mask: UInt64
    @usableFromInline let l1Ways: Int
    /// 1 when a hit refreshes recency (LRU), 0 when it does not (FIFO).
    @usableFromInline let l1Refresh: UInt64
    /// Stride prefetcher state, `count * 256` entries (one per level and region).
    @usableFromInline let strides: UnsafeMutablePointer<StrideEntry>
    private let storage: Storage

    /// Builds an empty hierarchy. `classify` enables the 3C split (it costs a shadow fully
    /// associative cache per level, so benchmarks can leave it off).
    public init(_ configs: [LevelConfig], classify: Bool = true) {
        precondition(!configs.isEmpty, "a hierarchy needs at least one level")
        count = configs.count
        self.configs = configs
        levels = .allocate(capacity: count)
        for (i, c) in configs.enumerated() { (levels + i).initialize(to: CacheLevel(c, classify: classify)) }
        totals = .allocate(capacity: 5); totals.initialize(repeating: 0, count: 5)
        totals[3] = CacheLevel.invalid
        sameLineFastPath = configs[0].policy != .srrip && configs[0].prefetch == .none
        precondition(CounterSlot.loads == Int(AccessKind.load.rawValue) && CounterSlot.stores == Int(AccessKind.store.rawValue))
        let c0 = configs[0], l0 = levels[0]
        l1InlineHits = !classify && c0.prefetch == .none && c0.setsArePowerOfTwo && c0.writeBack
            && (c0.policy == .lru || c0.policy == .fifo)
        l1Tags = l0.tags; l1Stamps = l0.stamps; l1Flags = l0.flags; l1Counters = l0.counters; l1Clock = l0.state
        l1Mask = l0.setMask; l1Ways = l0.ways; l1Refresh = c0.policy == .lru ? 1 : 0
        strides = .allocate(capacity: count * 256)
        strides.initialize(repeating: StrideEntry(), count: count * 256)
        storage = Storage(levels: levels, count: count, totals: totals, strides: strides)
    }

    @inlinable
    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        totals[0] &+= 1
        let shift = levels.pointee.lineShift
        let sz = UInt64(size == 0 ? 1 : size)
        var last = address &+ (sz &- 1)
        if last < address { last = .max }
        let firstLine = address >> shift, lastLine = last >> shift
        if firstLine == lastLine {
            // Fast path: the same L1 line as the previous access, with nothing at L1 changed in
            // between, is a hit whose replacement update would change nothing. Count it, mark
            // a store dirty, done. Write-through stores still take the full path.
            if l1InlineHits {
                // Inline L1 hit: find the way, refresh recency, count; misses take the full path.
                let base = Int(truncatingIfNeeded: firstLine & l1Mask) &* l1Ways
                var w = 0
                while w < l1Ways {
                    if l1Tags[base &+ w] == firstLine {
                        let slot = base &+ w
                        let clock = l1Clock.pointee &+ l1Refresh
                        l1Clock.pointee = clock
                        if l1Refresh != 0 { l1Stamps[slot] = clock }
                        l1Counters[Int(region) &* CounterSlot.stride &+ Int(kind.rawValue)] &+= 1  // loads = 0, stores = 1
                        if kind == .store { l1Flags[slot] |= CacheLevel.dirtyFlag }
                        return
                    }
                    w &+= 1
                }
            } else {
                let slot = Int(truncatingIfNeeded: totals[4])
                if firstLine == totals[3] && l1Tags[slot] == firstLine && (kind == .load || levels.pointee.writeBack) {
                    l1Counters[Int(region) &* CounterSlot.stride &+ Int(kind.rawValue)] &+= 1
                    if kind == .store { l1Flags[slot] |= CacheLevel.dirtyFlag }
                    return
                }
            }
            _ = reference(0, address, UInt32(truncatingIfNeeded: sz), kind, region)
            return
        }
        var a = address, line = firstLine
        while true {
            let next = (line &+ 1) << shift
            let end = line == lastLine ? last &+ 1 : next
            _ = reference(0, a, UInt32(truncatingIfNeeded: end &- a), kind, region)
            if line == lastLine { break }
            line &+= 1; a = next
        }
    }

    /// One reference of `size` bytes (within one line of this level) at `level`.
    /// Returns true when the line handed up is dirty (only an exclusive level does that).
    @inlinable
    @discardableResult
    mutating func reference(_ level: Int, _ address: UInt64, _ size: UInt32, _ kind: AccessKind,
                            _ region: RegionTag) -> Bool {
        if level == count {
            if kind == .load { totals[1] &+= UInt64(size) } else { totals[2] &+= UInt64(size) }
            return false
        }
        let L = levels + level
        let line = address >> L.pointee.lineShift
        let set = L.pointee.setIndex(line)
        let base = set &* L.pointee.ways
        let isStore = kind == .store
        L.pointee.bump(region, isStore ? CounterSlot.stores : CounterSlot.loads)
        let way = L.pointee.find(line, base: base)
        if way >= 0 {
            L.pointee.touch(set: set, way: way)
            let slot = base &+ way
            if level == 0 && sameLineFastPath { totals[3] = line; totals[4] = UInt64(slot) }
            if L.pointee.flags[slot] & CacheLevel.prefetchedFlag != 0 {
                L.pointee.flags[slot] &= ~CacheLevel.prefetchedFlag
                L.pointee.bump(region, CounterSlot.usefulPrefetches)
            }
            L.pointee.classifier?.pointee.touch(line, allocate: true)
            if isStore {
                if L.pointee.writeBack {
                    L.pointee.flags[slot] |= CacheLevel.dirtyFlag
                } else {
                    L.pointee.bump(region, CounterSlot.bytesWritten, by: UInt64(size))
                    reference(level + 1, address, size, .store, region)
                }
            } else if L.pointee.inclusion == .exclusive {
                // The line moves up to the level that asked for it.
                let dirty = L.pointee.flags[slot] & CacheLevel.dirtyFlag != 0
                L.pointee.tags[slot] = CacheLevel.invalid
                L.pointee.flags[slot] = 0
                return dirty
            }
            if !isStore && L.pointee.prefetch == .stride { stridePrefetch(level, line, region) }
            return false
        }
        return miss(level, address, size, kind, region, line: line, set: set)
    }

    /// The miss path of `reference`.
    @inlinable
    mutating func miss(_ level: Int, _ address: UInt64, _ size: UInt32, _ kind: AccessKind,
                       _ region: RegionTag, line: UInt64, set: Int) -> Bool {
        let L = levels + level
        let isStore = kind == .store
        let allocate = !isStore || L.pointee.writeAllocate
        L.pointee.bump(region, isStore ? CounterSlot.storeMisses : CounterSlot.loadMisses)
        if L.pointee.classifier != nil { classify(L, line, region, allocate: allocate) }
        if !allocate || (L.pointee.inclusion == .exclusive && !isStore) {
            // Forward without filling: no-allocate stores, and fetches through a victim cache.
            L.pointee.bump(region, isStore ? CounterSlot.bytesWritten : CounterSlot.bytesRead, by: UInt64(size))
            return reference(level + 1, address, size, kind, region)
        }
        let lineBytes = L.pointee.lineBytes
        let lineAddress = line << L.pointee.lineShift
        let way = L.pointee.victim(set: set)
        let evicted = evict(level, set: set, way: way)
        let slot = set &* L.pointee.ways &+ way
        L.pointee.tags[slot] = line
        L.pointee.owners[slot] = region
        L.pointee.flags[slot] = isStore ? CacheLevel.dirtyFlag : 0
        L.pointee.filled(set: set, way: way)
        // Arm L1's same-line fast path; `access` re-checks the tag, in case a back-invalidation
        // from an inclusive level below removes the line before the next access.
        if level == 0 && sameLineFastPath { totals[3] = line; totals[4] = UInt64(slot) }
        if !(isStore && UInt64(size) == lineBytes) {
            L.pointee.bump(region, CounterSlot.bytesRead, by: lineBytes)
            if reference(level + 1, lineAddress, UInt32(lineBytes), .load, region) {
                L.pointee.flags[slot] |= CacheLevel.dirtyFlag
            }
        }
        if let evicted { dispose(level, evicted) }
        if !isStore {
            switch L.pointee.prefetch {
            case .none: break
            case .nextLine:
                for d in 1...L.pointee.prefetchDegree { prefetch(level, line &+ UInt64(d), region) }
            case .stride: stridePrefetch(level, line, region)
            }
        }
        return false
    }

    /// Updates the 3C shadow caches for a miss and counts its class.
    @inlinable
    mutating func classify(_ L: UnsafeMutablePointer<CacheLevel>, _ line: UInt64, _ region: RegionTag,
                           allocate: Bool) {
        let faHit = L.pointee.classifier!.pointee.fullyAssociativeHolds(line)
        L.pointee.classifier!.pointee.touch(line, allocate: allocate)
        if faHit {
            L.pointee.bump(region, CounterSlot.conflict)
        } else if L.pointee.classifier!.pointee.firstReference(line) {
            L.pointee.bump(region, CounterSlot.compulsory)
        } else {
            L.pointee.bump(region, CounterSlot.capacity)
        }
    }
}

/// A line leaving a level: where it was, whether it is dirty, and whose it was.
@usableFromInline
struct EvictedLine {
    @usableFromInline var address: UInt64
    @usableFromInline var dirty: Bool
    @usableFromInline var owner: RegionTag
    @inlinable init(address: UInt64, dirty: Bool, owner: RegionTag) {
        self.address = address; self.dirty = dirty; self.owner = owner
    }
}

/// Per level and region: the last line a load touched, the last stride, and its confidence.
@usableFromInline
struct StrideEntry {
    @usableFromInline var lastLine: UInt64 = 0
    @usableFromInline var stride: Int64 = 0
    @usableFromInline var confidence: UInt8 = 0
    @usableFromInline var valid = false
    @inlinable init() {}
}

/// Owns the hierarchy's buffers and frees them with the last copy.
private final class Storage {
    let levels: UnsafeMutablePointer<CacheLevel>
    let count: Int
    let totals: UnsafeMutablePointer<UInt64>
    let strides: UnsafeMutablePointer<StrideEntry>
    init(levels: UnsafeMutablePointer<CacheLevel>, count: Int, totals: UnsafeMutablePointer<UInt64>,
         strides: UnsafeMutablePointer<StrideEntry>) {
        self.levels = levels; self.count = count; self.totals = totals; self.strides = strides
    }
    deinit {
        for i in 0..<count { levels[i].deallocate() }
        levels.deinitialize(count: count); levels.deallocate()
        totals.deallocate(); strides.deallocate()
    }
}
