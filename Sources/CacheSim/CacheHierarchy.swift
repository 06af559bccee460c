import AccessSink
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
    /// Number of levels on the data path (an instruction level beside L1 is not one of them).
    public let count: Int
    /// The configuration of every level, nearest first, an instruction level second.
    public let configs: [LevelConfig]
    /// The data path's levels, `levels[0..<count]`.
    @usableFromInline let dataConfigs: [LevelConfig]
    /// The instruction level beside L1 (`LevelConfig.instruction`), if the machine has one.
    @usableFromInline let instruction: UnsafeMutablePointer<CacheLevel>?
    /// The hierarchy's own counters and the misc-reference flag, indexed by `TotalSlot`.
    @usableFromInline let totals: UnsafeMutablePointer<UInt64>
    /// L1's line size when an L1 hit can be counted without the full path (`LevelPath.L1Hit.inline`),
    /// else 0 (so that the one-line test fails and no separate flag is tested). That needs L1
    /// LRU, FIFO or lean tree-PLRU (a hit moves one stamp; PLRU's tree follows from its touch
    /// stamps), write-back, bit-selection sets and no prefetcher (a hit would train it).
    @usableFromInline let l1HitLimit: UInt64
    /// L1's line size when L1 is lean under a policy the inline hit cannot keep (SRRIP, MRU,
    /// random) with bit-selection sets (`LevelPath.L1Hit.lean`): `accessSlow` then counts a
    /// one-line hit without the full path (the policy's own hit update), else 0.
    @usableFromInline let l1LeanHitLimit: UInt64
    /// L1's 3C shadow, when the split is on.
    @usableFromInline let l1Shadow: UnsafeMutablePointer<MissClassifier>?
    /// Whether L1 allocates on a store miss; a store hit on a level that does not leaves a
    /// line the 3C shadow lacks out of it, as DineroIV does.
    @usableFromInline let l1StoreAllocates: Bool
    /// Whether L1's path is `plain`: a one-line miss then goes straight to `plainMiss` (`l1Miss`), and
    /// `accessPieces` to `plainReference`.
    @usableFromInline let l1Plain: Bool
    /// L1's geometry and buffers, copied as plain words so the inlined fast path reads them
    /// without touching a `CacheLevel`.
    @usableFromInline let l1Shift: UInt64
    @usableFromInline let l1OffsetMask: UInt64
    @usableFromInline let l1SetMask: UInt64
    @usableFromInline let l1Ways: Int
    @usableFromInline let l1Tags: UnsafeMutablePointer<UInt64>
    /// Where an inline L1 hit writes the new stamp: L1's stamps under LRU, its touches under
    /// tree-PLRU; under FIFO, where a hit leaves the stamps alone, a scratch array nothing
    /// reads (so no branch on the policy).
    @usableFromInline let l1HitStamps: UnsafeMutablePointer<UInt64>
    @usableFromInline let l1Clock: UnsafeMutablePointer<UInt64>
    @usableFromInline let l1Flags: UnsafeMutablePointer<UInt8>
    @usableFromInline let l1Counters: UnsafeMutablePointer<UInt64>
    /// Per L1 set: the slot (set x ways + way) of its last inline hit, a hint (see `l1Slot`).
    @usableFromInline let l1Memo: UnsafeMutablePointer<Int>
    /// Stride prefetcher state, `count * 256` entries (one per level and region).
    @usableFromInline let strides: UnsafeMutablePointer<StrideEntry>
    private let storage: Storage

    /// Builds an empty hierarchy. `classify` enables the 3C split (it costs a shadow fully
    /// associative cache per level, so benchmarks can leave it off). `fastPaths` false sends
    /// every reference through the general path (`reference`/`miss`), which gives the same
    /// counts more slowly: differential tests compare the two.
    public init(_ configs: [LevelConfig], classify: Bool = true, fastPaths: Bool = true) {
        let iConfigs = configs.filter(\.instruction)
        self.configs = configs
        let configs = configs.filter { !$0.instruction }
        precondition(!configs.isEmpty, "a hierarchy needs at least one level")
        precondition(
            iConfigs.count <= 1 && (iConfigs.isEmpty || self.configs[1].instruction),
            "at most one instruction level, second in the list")
        count = configs.count
        dataConfigs = configs
        levels = .allocate(capacity: count)
        for (i, c) in configs.enumerated() {
            (levels + i).initialize(
                to: CacheLevel(
                    c, classify: classify, below: i + 1 < configs.count ? configs[i + 1] : nil,
                    above: Array(configs[..<i]) + (i > 0 ? iConfigs : []), lean: fastPaths))
        }
        instruction = iConfigs.first.map { c in
            let p = UnsafeMutablePointer<CacheLevel>.allocate(capacity: 1)
            p.initialize(
                to: CacheLevel(c, classify: classify, below: configs.count > 1 ? configs[1] : nil, lean: false))
            return p
        }
        totals = .allocate(capacity: TotalSlot.count)
        totals.initialize(repeating: 0, count: TotalSlot.count)
        precondition(
            CounterSlot.loads == Int(AccessKind.load.rawValue) && CounterSlot.stores == Int(AccessKind.store.rawValue)
                && AccessKind.store.rawValue == CacheLevel.dirtyFlag && AccessKind.load.rawValue == 0)
        let c0 = configs[0], l0 = levels[0]
        l1HitLimit = l0.l1Hit == .inline ? l0.lineBytes : 0
        l1LeanHitLimit = l0.l1Hit == .lean ? l0.lineBytes : 0
        l1Shadow = l0.classifier
        l1Plain = l0.path == .plain
        l1StoreAllocates = c0.writeAllocate
        l1Shift = l0.lineShift
        l1OffsetMask = l0.lineBytes - 1
        l1SetMask = l0.setMask
        l1Ways = l0.ways
        l1HitStamps =
            c0.policy == .lru ? l0.stamps : l0.plruByTouches ? l0.touches : .allocate(capacity: l0.sets * l0.ways)
        l1Tags = l0.tags
        l1Clock = l0.state
        l1Flags = l0.flags
        l1Counters = l0.counters
        l1Memo = .allocate(capacity: l0.sets)
        l1Memo.initialize(repeating: 0, count: l0.sets)
        strides = .allocate(capacity: count * 256)
        strides.initialize(repeating: StrideEntry(), count: count * 256)
        storage = Storage(
            levels: levels, count: count, totals: totals, strides: strides, memo: l1Memo,
            scratch: l1HitStamps == l0.stamps || l1HitStamps == l0.touches ? nil : l1HitStamps,
            instruction: instruction)
    }

    /// Simulates one access. Inlined into the caller's loop, so kept to the common cases: a
    /// one-line L1 hit is counted here when its line is in the way its set last hit (see
    /// `l1HitLimit`, `l1Slot`) or, on an 8-way L1, in any way (and moved in L1's 3C shadow one
    /// call away when the split is on); an 8-way L1's one-line miss is one call to its miss
    /// half. Any other one-line access goes to `l1Search` (the set searched, a hit counted or a
    /// miss taken), everything else to `accessSlow`. The rest stays a call away because a kernel
    /// has hundreds of access sites: inlining the search of any associativity and the miss's
    /// entry at each (some 570 bytes a site; now some 360) made a release build of the kit take
    /// tens of minutes. `bench` and Callgrind put this at par with the full inline path
    /// (docs/internals.md, "Compile time").
    @inlinable @inline(__always)
    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        // (offset + size - 1) < line: one line. Size 0 counts as 1 byte (offset 0 wraps and
        // takes the full path, which does the same).
        if (address & l1OffsetMask) &+ UInt64(size) &- 1 < l1HitLimit {
            let line = address &>> l1Shift
            let set = Int(truncatingIfNeeded: line & l1SetMask)
            let last = l1Memo[set]
            var slot = last
            if l1Tags[last] != line {
                guard l1Ways == 8 else {
                    return l1Search(address: address, line: line, size: size, kind: kind, region: region)
                }
                let base = set &* 8
                let found = CacheLevel.wayHolding(line, l1Tags + base, 8)
                guard found >= 0 else {
                    return l1MissOutOfLine(
                        address: address, line: line, base: base, size: size, kind: kind, region: region)
                }
                slot = base &+ found
                l1Memo[set] = slot
            }
            l1Hit(slot, kind, region)
            if l1Shadow != nil { l1ShadowHit(line, kind) }
            return
        }
        accessSlow(address: address, size: size, kind: kind, region: region)
    }

    /// `l1Miss`, a call away from the inline access.
    @usableFromInline @inline(never)
    mutating func l1MissOutOfLine(
        address: UInt64, line: UInt64, base: Int, size: UInt32, kind: AccessKind, region: RegionTag
    ) {
        l1Miss(address: address, line: line, base: base, size: size, kind: kind, region: region)
    }

    /// A one-line access the inline hit did not finish: L1's set searched, a hit counted (and
    /// moved in L1's 3C shadow when the split is on), a miss taken by `l1Miss`.
    @usableFromInline @inline(never)
    mutating func l1Search(address: UInt64, line: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        let (slot, hit) = l1Slot(line)
        if !hit { return l1Miss(address: address, line: line, base: slot, size: size, kind: kind, region: region) }
        l1Hit(slot, kind, region)
        if l1Shadow != nil { l1ShadowHit(line, kind) }
    }

    /// A misc reference (DineroIV's `m` records): simulated as a load, but, as in DineroIV, no
    /// prefetcher acts on it or on the fetches it causes below.
    @inlinable
    public mutating func accessMisc(address: UInt64, size: UInt32, region: RegionTag) {
        totals[TotalSlot.miscReference] = 1
        access(address: address, size: size, kind: .load, region: region)
        totals[TotalSlot.miscReference] = 0
    }

    /// An L1 miss found by the fast path (one line, `base` its set's first slot): a plain L1
    /// goes straight to the miss half of the plain path, without searching the set again.
    /// Inlined: a call of its own took about 17 of the some 215 instructions of a two-level
    /// replay's L1 miss.
    @inlinable @inline(__always)
    mutating func l1Miss(address: UInt64, line: UInt64, base: Int, size: UInt32, kind: AccessKind, region: RegionTag) {
        guard l1Plain else { return l1LeanMiss(address: address, line: line, size: size, kind: kind, region: region) }
        l1Counters[Int(region) &* CounterSlot.stride &+ Int(kind.rawValue)] &+= 1
        plainMiss(0, line, base, size, kind == .store, region)
    }

    /// An L1 miss found by the fast path on an L1 that is not plain: a lean L1 (tree-PLRU, or
    /// above an exclusive level) goes straight to the miss half of the lean path, without the
    /// second search `accessPieces` would make; a general one goes there (L1 is never
    /// `orderWord`).
    @usableFromInline @inline(never)
    mutating func l1LeanMiss(address: UInt64, line: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        guard levels[0].path == .lean else {
            return accessPieces(address: address, size: size, kind: kind, region: region)
        }
        l1Counters[Int(region) &* CounterSlot.stride &+ Int(kind.rawValue)] &+= 1
        leanMiss(0, address, size, kind == .store, region, line: line, set: Int(truncatingIfNeeded: line & l1SetMask))
    }

    /// An inline L1 hit's move in L1's 3C shadow, a call away so that the inline code stays
    /// small: the split costs the code that runs without it one test.
    @usableFromInline @inline(never)
    mutating func l1ShadowHit(_ line: UInt64, _ kind: AccessKind) {
        guard let shadow = l1Shadow else { return }
        // A store on a no-allocate L1 moves the line only if the shadow holds it (DineroIV).
        if kind == .store && !l1StoreAllocates { return shadow.pointee.touch(line, allocate: false) }
        shadow.pointee.touchOnHit(line)
    }

    /// Every access `access` does not finish inline. A one-line hit on a lean L1 under a policy
    /// the inline hit cannot keep is counted here; everything else goes to `accessPieces`.
    @usableFromInline @inline(never)
    mutating func accessSlow(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        if (address & l1OffsetMask) &+ UInt64(size) &- 1 < l1LeanHitLimit {
            // A lean L1 under SRRIP, MRU or random: a hit is counted here, as `leanReference`
            // counts it, without the search for the level's kind; a miss takes the path below.
            let line = address &>> l1Shift
            let (slot, hit) = l1Slot(line)
            if hit {
                let set = Int(truncatingIfNeeded: line & l1SetMask)
                levels.touch(set: set, way: slot &- set &* l1Ways)
                l1Counters[Int(region) &* CounterSlot.stride &+ Int(kind.rawValue)] &+= 1
                l1Flags[slot] |= kind.rawValue
                if let shadow = l1Shadow { shadow.pointee.touchOnHit(line) }
                return
            }
        }
        accessPieces(address: address, size: size, kind: kind, region: region)
    }

    /// The rest of `accessSlow`, apart so that the hits above run in a function that saves few
    /// registers: the access split at L1 line boundaries, each piece referenced from L1 down.
    @usableFromInline @inline(never)
    mutating func accessPieces(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        let shift = levels.pointee.lineShift
        let sz = UInt64(size == 0 ? 1 : size)
        var last = address &+ (sz &- 1)
        if last < address { last = .max }
        let firstLine = address >> shift, lastLine = last >> shift
        if firstLine == lastLine && l1Plain {
            return plainReference(0, address, UInt32(truncatingIfNeeded: sz), kind == .store, region)
        }
        var a = address, line = firstLine
        while true {
            let next = (line &+ 1) << shift
            let end = line == lastLine ? last &+ 1 : next
            reference(0, a, UInt32(truncatingIfNeeded: end &- a), kind == .store, region)
            if line == lastLine { break }
            line &+= 1
            a = next
            totals[TotalSlot.extraPieces] &+= 1
        }
    }

    /// One reference of `size` bytes (within one line of this level) at `level`, or to memory
    /// when `level` is `count`: the one switch over the paths (`LevelPath`), through which
    /// every reference to a level goes, the level below included (a fetch, a forwarded
    /// store, a write-back). Returns true when the line handed up is dirty (only an exclusive
    /// level does that).
    @inlinable @inline(__always) @discardableResult
    mutating func reference(
        _ level: Int, _ address: UInt64, _ size: UInt32, _ isStore: Bool,
        _ region: RegionTag
    ) -> Bool {
        if level == count {
            totals[TotalSlot.memoryBytes(isStore)] &+= UInt64(size)
            return false
        }
        switch levels[level].path {
        case .plain:
            plainReference(level, address, size, isStore, region)
            return false
        case .orderWord: return orderWordReference(level, address, size, isStore, region)
        case .lean: return leanReference(level, address, size, isStore, region)
        case .general: return generalReference(level, address, size, isStore ? .store : .load, region)
        }
    }

    /// The general path's reference (`LevelPath.general`). Hot fields are read into locals
    /// once: a counter store could alias the level's memory as far as the compiler knows, and
    /// would force every later field read to reload.
    @usableFromInline @discardableResult @inline(never)
    mutating func generalReference(
        _ level: Int, _ address: UInt64, _ size: UInt32, _ kind: AccessKind,
        _ region: RegionTag
    ) -> Bool {
        let L = levels + level
        let ways = L.pointee.ways, flags = L.pointee.flags
        let counters = L.pointee.counters + Int(region) &* CounterSlot.stride
        let line = address >> L.pointee.lineShift
        let set = L.setIndex(line)
        let base = set &* ways
        let isStore = kind == .store
        counters[isStore ? CounterSlot.stores : CounterSlot.loads] &+= 1
        let way = L.find(line, base: base)
        if way < 0 { return miss(level, address, size, kind, region, line: line, set: set) }
        L.touch(set: set, way: way)
        let slot = base &+ way
        let firstUse = flags[slot] & CacheLevel.prefetchedFlag != 0
        if firstUse {
            flags[slot] &= ~CacheLevel.prefetchedFlag
            counters[CounterSlot.usefulPrefetches] &+= 1
        }
        // DineroIV never adds a line to the shadow on a store to a no-allocate level.
        if let classifier = L.pointee.classifier {
            classifier.pointee.touch(line, allocate: !isStore || L.pointee.writeAllocate)
        }
        if isStore {
            if L.pointee.writeBack {
                flags[slot] |= CacheLevel.dirtyFlag
            } else {
                counters[CounterSlot.bytesWritten] &+= UInt64(size)
                reference(level + 1, address, size, true, region)
            }
        } else if L.pointee.inclusion == .exclusive {
            // The line moves up to the level that asked for it.
            let dirty = flags[slot] & CacheLevel.dirtyFlag != 0
            L.invalidate(slot)
            return dirty
        } else if L.pointee.prefetch != .none && totals[TotalSlot.miscReference] == 0 {
            prefetchOnHit(level, line, region, firstUse: firstUse)
        }
        return false
    }

    /// The miss path of `generalReference`: DineroIV's order, the fetch from the next level first,
    /// then the dirty victim's write-back.
    @usableFromInline
    mutating func miss(
        _ level: Int, _ address: UInt64, _ size: UInt32, _ kind: AccessKind,
        _ region: RegionTag, line: UInt64, set: Int
    ) -> Bool {
        let L = levels + level
        let tags = L.pointee.tags, flags = L.pointee.flags, lineBytes = L.pointee.lineBytes
        let counters = L.pointee.counters + Int(region) &* CounterSlot.stride
        let isStore = kind == .store
        let allocate = !isStore || L.pointee.writeAllocate
        counters[isStore ? CounterSlot.storeMisses : CounterSlot.loadMisses] &+= 1
        if L.pointee.classifier != nil { classify(L, line, region, allocate: allocate) }
        if !allocate || (L.pointee.inclusion == .exclusive && !isStore) {
            // Forward without filling: no-allocate stores, and fetches through a victim cache.
            counters[isStore ? CounterSlot.bytesWritten : CounterSlot.bytesRead] &+= UInt64(size)
            return reference(level + 1, address, size, isStore, region)
        }
        let way = L.victim(set: set)
        let evicted = evict(level, set: set, way: way)
        let slot = set &* L.pointee.ways &+ way
        tags[slot] = line
        L.pointee.owners[slot] = region
        flags[slot] = isStore ? CacheLevel.dirtyFlag : 0
        L.filled(set: set, way: way)
        if !(isStore && UInt64(size) == lineBytes) {
            counters[CounterSlot.bytesRead] &+= lineBytes
            if reference(level + 1, line << L.pointee.lineShift, UInt32(lineBytes), false, region) {
                flags[slot] |= CacheLevel.dirtyFlag
            }
        }
        if evicted.valid { dispose(level, evicted) }
        if !isStore && totals[TotalSlot.miscReference] == 0 {
            switch L.pointee.prefetch {
            case .none: break
            case .nextLine, .always, .tagged: prefetchAhead(level, line, region)
            case .stride: stridePrefetch(level, line, region)
            }
        }
        return false
    }

    /// Updates the 3C shadow caches for a miss and counts its class.
    @usableFromInline
    mutating func classify(
        _ L: UnsafeMutablePointer<CacheLevel>, _ line: UInt64, _ region: RegionTag,
        allocate: Bool
    ) {
        L.bump(region, L.pointee.classifier!.pointee.classifyMiss(line, allocate: allocate))
    }
}

/// A line leaving a level: where it was, whether it is dirty, and whose it was; `valid` is
/// false when the way was empty.
@usableFromInline
struct EvictedLine {
    @usableFromInline var address: UInt64
    @usableFromInline var dirty: Bool
    @usableFromInline var owner: RegionTag
    @usableFromInline var valid: Bool
    @usableFromInline init(address: UInt64, dirty: Bool, owner: RegionTag, valid: Bool = true) {
        self.address = address
        self.dirty = dirty
        self.owner = owner
        self.valid = valid
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
    let memo: UnsafeMutablePointer<Int>
    let scratch: UnsafeMutablePointer<UInt64>?
    let instruction: UnsafeMutablePointer<CacheLevel>?
    init(
        levels: UnsafeMutablePointer<CacheLevel>, count: Int, totals: UnsafeMutablePointer<UInt64>,
        strides: UnsafeMutablePointer<StrideEntry>, memo: UnsafeMutablePointer<Int>,
        scratch: UnsafeMutablePointer<UInt64>?, instruction: UnsafeMutablePointer<CacheLevel>?
    ) {
        self.levels = levels
        self.count = count
        self.totals = totals
        self.strides = strides
        self.memo = memo
        self.scratch = scratch
        self.instruction = instruction
    }
    deinit {
        if let instruction {
            instruction.pointee.deallocate()
            instruction.deinitialize(count: 1)
            instruction.deallocate()
        }
        for i in 0..<count { levels[i].deallocate() }
        levels.deinitialize(count: count)
        levels.deallocate()
        totals.deallocate()
        strides.deallocate()
        memo.deallocate()
        scratch?.deallocate()
    }
}
