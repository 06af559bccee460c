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
    /// [0] accesses received, [1] bytes read from memory, [2] bytes written to memory.
    @usableFromInline let totals: UnsafeMutablePointer<UInt64>
    /// Stride prefetcher state, `count * 256` entries (one per level and region).
    @usableFromInline let strides: UnsafeMutablePointer<StrideEntry>
    private let storage: Storage

    /// Builds an empty hierarchy. `classify` enables the 3C split (it costs a shadow fully
    /// associative cache per level, so benchmarks can leave it off).
    public init(_ configs: [LevelConfig], classify: Bool = true) {
        precondition(!configs.isEmpty, "a hierarchy needs at least one level")
        count = configs.count
        levels = .allocate(capacity: count)
        for (i, c) in configs.enumerated() { (levels + i).initialize(to: CacheLevel(c, classify: classify)) }
        totals = .allocate(capacity: 3); totals.initialize(repeating: 0, count: 3)
        strides = .allocate(capacity: count * 256)
        strides.initialize(repeating: StrideEntry(), count: count * 256)
        storage = Storage(levels: levels, count: count, totals: totals, strides: strides)
    }

    /// The configuration of every level, nearest first.
    public var configs: [LevelConfig] { (0..<count).map { levels[$0].config } }

    @inlinable
    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        totals[0] &+= 1
        let shift = levels.pointee.lineShift
        let sz = UInt64(size == 0 ? 1 : size)
        var last = address &+ (sz &- 1)
        if last < address { last = .max }
        let firstLine = address >> shift, lastLine = last >> shift
        if firstLine == lastLine {
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
        let lv = levels + level
        let line = address >> lv.pointee.lineShift
        let set = lv.pointee.setIndex(line)
        let base = set &* lv.pointee.ways
        let isStore = kind == .store
        lv.pointee.bump(region, isStore ? CounterSlot.stores : CounterSlot.loads)
        let way = lv.pointee.find(line, base: base)
        if way >= 0 {
            lv.pointee.touch(set: set, way: way)
            let slot = base &+ way
            if lv.pointee.flags[slot] & CacheLevel.prefetchedFlag != 0 {
                lv.pointee.flags[slot] &= ~CacheLevel.prefetchedFlag
                lv.pointee.bump(region, CounterSlot.usefulPrefetches)
            }
            lv.pointee.classifier?.touch(line, allocate: true)
            if isStore {
                if lv.pointee.writeBack {
                    lv.pointee.flags[slot] |= CacheLevel.dirtyFlag
                } else {
                    lv.pointee.bump(region, CounterSlot.bytesWritten, by: UInt64(size))
                    reference(level + 1, address, size, .store, region)
                }
            } else if lv.pointee.inclusion == .exclusive {
                // The line moves up to the level that asked for it.
                let dirty = lv.pointee.flags[slot] & CacheLevel.dirtyFlag != 0
                lv.pointee.tags[slot] = CacheLevel.invalid
                lv.pointee.flags[slot] = 0
                return dirty
            }
            if !isStore && lv.pointee.config.prefetch == .stride { stridePrefetch(level, line, region) }
            return false
        }
        return miss(level, address, size, kind, region, line: line, set: set)
    }

    /// The miss path of `reference`.
    @inlinable
    mutating func miss(_ level: Int, _ address: UInt64, _ size: UInt32, _ kind: AccessKind,
                       _ region: RegionTag, line: UInt64, set: Int) -> Bool {
        let lv = levels + level
        let isStore = kind == .store
        let allocate = !isStore || lv.pointee.writeAllocate
        lv.pointee.bump(region, isStore ? CounterSlot.storeMisses : CounterSlot.loadMisses)
        if lv.pointee.classifier != nil { classify(lv, line, region, allocate: allocate) }
        if !allocate || (lv.pointee.inclusion == .exclusive && !isStore) {
            // Forward without filling: no-allocate stores, and fetches through a victim cache.
            lv.pointee.bump(region, isStore ? CounterSlot.bytesWritten : CounterSlot.bytesRead, by: UInt64(size))
            return reference(level + 1, address, size, kind, region)
        }
        let lineBytes = lv.pointee.lineBytes
        let lineAddress = line << lv.pointee.lineShift
        let way = lv.pointee.victim(set: set)
        let evicted = evict(level, set: set, way: way)
        let slot = set &* lv.pointee.ways &+ way
        lv.pointee.tags[slot] = line
        lv.pointee.owners[slot] = region
        lv.pointee.flags[slot] = isStore ? CacheLevel.dirtyFlag : 0
        lv.pointee.filled(set: set, way: way)
        if !(isStore && UInt64(size) == lineBytes) {
            lv.pointee.bump(region, CounterSlot.bytesRead, by: lineBytes)
            if reference(level + 1, lineAddress, UInt32(lineBytes), .load, region) {
                lv.pointee.flags[slot] |= CacheLevel.dirtyFlag
            }
        }
        if let evicted { dispose(level, evicted) }
        if !isStore {
            switch lv.pointee.config.prefetch {
            case .none: break
            case .nextLine:
                for d in 1...lv.pointee.config.prefetchDegree { prefetch(level, line &+ UInt64(d), region) }
            case .stride: stridePrefetch(level, line, region)
            }
        }
        return false
    }

    /// Updates the 3C shadow caches for a miss and counts its class.
    @inlinable
    mutating func classify(_ lv: UnsafeMutablePointer<CacheLevel>, _ line: UInt64, _ region: RegionTag,
                           allocate: Bool) {
        let faHit = lv.pointee.classifier!.fullyAssociativeHolds(line)
        lv.pointee.classifier!.touch(line, allocate: allocate)
        if faHit {
            lv.pointee.bump(region, CounterSlot.conflict)
        } else if lv.pointee.classifier!.firstReference(line) {
            lv.pointee.bump(region, CounterSlot.compulsory)
        } else {
            lv.pointee.bump(region, CounterSlot.capacity)
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
