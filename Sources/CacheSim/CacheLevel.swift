/// One level's tag store: flat arrays indexed `set * ways + way`. The struct itself is a
/// trivially copyable bundle of geometry and buffer pointers (no String, no class), so hot code
/// copies it into a local and writes through the pointers: no ARC, no reloads, no allocation.
public struct CacheLevel {
    @usableFromInline let ways: Int
    @usableFromInline let sets: Int
    @usableFromInline let lineShift: UInt64
    @usableFromInline let lineBytes: UInt64
    @usableFromInline let setMask: UInt64
    @usableFromInline let setsPow2: Bool
    @usableFromInline let policy: ReplacementPolicy
    @usableFromInline let writeBack: Bool
    @usableFromInline let writeAllocate: Bool
    @usableFromInline let inclusion: Inclusion
    @usableFromInline let prefetch: PrefetchKind
    @usableFromInline let prefetchDegree: Int
    @usableFromInline let prefetchDistance: UInt64
    /// Line number held by each way; `invalid` when empty.
    @usableFromInline let tags: UnsafeMutablePointer<UInt64>
    /// Per way: recency/insertion stamp (LRU, FIFO, MRU) or RRPV (SRRIP).
    @usableFromInline let stamps: UnsafeMutablePointer<UInt64>
    /// Per set: tree-PLRU bits.
    @usableFromInline let treeBits: UnsafeMutablePointer<UInt64>
    /// Per way: `dirtyFlag` | `prefetchedFlag`.
    @usableFromInline let flags: UnsafeMutablePointer<UInt8>
    /// Per way: the region whose access brought the line in.
    @usableFromInline let owners: UnsafeMutablePointer<RegionTag>
    /// Per region x `CounterSlot.stride` counters.
    @usableFromInline let counters: UnsafeMutablePointer<UInt64>
    /// [0] the recency clock, [1] the random policy's generator state.
    @usableFromInline let state: UnsafeMutablePointer<UInt64>
    @usableFromInline let classifier: UnsafeMutablePointer<MissClassifier>?
    /// True when the plain path (`CacheHierarchy.plainReference`) simulates this level exactly:
    /// write-back and write-allocate, LRU or FIFO, bit-selection sets, no prefetcher, neither
    /// inclusive nor exclusive, and no exclusive level below. DineroIV's configurations are all
    /// of this kind.
    @usableFromInline let plain: Bool
    /// True when the lean path (`CacheHierarchy.leanReference`) simulates this level exactly:
    /// write-back and write-allocate with no prefetcher, under any policy, inclusion and set
    /// count (modulo included). `plain` levels are lean too but take the plainer path.
    @usableFromInline let lean: Bool

    // CounterSlot.loads/stores are 0/1 = AccessKind's raw values; `access` relies on it.
    @usableFromInline static let invalid = UInt64.max
    @usableFromInline static let dirtyFlag: UInt8 = 1
    @usableFromInline static let prefetchedFlag: UInt8 = 2

    /// Builds an empty level. `config` must have no `problems`; `below` is the next level's
    /// configuration, nil for the last level; `lean` false keeps the level off the lean path.
    public init(_ config: LevelConfig, classify: Bool, below: LevelConfig? = nil, lean: Bool = true) {
        ways = config.ways; sets = config.sets
        lineBytes = UInt64(config.line)
        lineShift = UInt64(config.line.trailingZeroBitCount)
        setsPow2 = config.setsArePowerOfTwo
        setMask = UInt64(config.sets - 1)
        policy = config.policy; writeBack = config.writeBack; writeAllocate = config.writeAllocate
        inclusion = config.inclusion
        prefetch = config.prefetch; prefetchDegree = config.prefetchDegree
        prefetchDistance = UInt64(config.prefetchDistance)
        plain = lean && config.writeBack && config.writeAllocate && (config.policy == .lru || config.policy == .fifo)
            && config.setsArePowerOfTwo && config.prefetch == .none
            && config.inclusion == .nine && below?.inclusion != .exclusive
        self.lean = lean && config.writeBack && config.writeAllocate && config.prefetch == .none
        let n = sets * ways
        tags = LevelStorage.allocate(UInt64.self, count: n, value: CacheLevel.invalid)
        stamps = LevelStorage.allocate(UInt64.self, count: n, value: 0)
        treeBits = LevelStorage.allocate(UInt64.self, count: sets, value: 0)
        flags = LevelStorage.allocate(UInt8.self, count: n, value: 0)
        owners = LevelStorage.allocate(RegionTag.self, count: n, value: 0)
        let c = 256 * CounterSlot.stride
        counters = .allocate(capacity: c); counters.initialize(repeating: 0, count: c)
        state = .allocate(capacity: 2)
        state.initialize(to: 0); (state + 1).initialize(to: config.seed == 0 ? 0x9E37_79B9_7F4A_7C15 : config.seed)
        if classify {
            let c = UnsafeMutablePointer<MissClassifier>.allocate(capacity: 1)
            c.initialize(to: MissClassifier(lines: n, fifo: config.fifoShadow))
            classifier = c
        } else {
            classifier = nil
        }
    }

    /// Frees the level's storage; the hierarchy calls it exactly once.
    func deallocate() {
        let n = sets * ways
        LevelStorage.free(tags, count: n); LevelStorage.free(stamps, count: n); LevelStorage.free(treeBits, count: sets)
        LevelStorage.free(flags, count: n); LevelStorage.free(owners, count: n)
        counters.deallocate(); state.deallocate()
        if let classifier { classifier.pointee.deallocate(); classifier.deinitialize(count: 1); classifier.deallocate() }
    }

    /// The way among `ways` tags at `tags` that holds `line`, or -1, comparing every tag with
    /// no early exit. Called with a constant `ways` it unrolls completely.
    @inlinable @inline(__always)
    static func wayHolding(_ line: UInt64, _ tags: UnsafeMutablePointer<UInt64>, _ ways: Int) -> Int {
        var found = -1, w = 0
        while w < ways {
            found = tags[w] == line ? w : found
            w &+= 1
        }
        return found
    }

    /// The first way with the lowest of `ways` stamps at `stamps`, branch-free: which way wins
    /// is unpredictable. Called with a constant `ways` it unrolls completely.
    @inlinable @inline(__always)
    static func oldest(_ stamps: UnsafeMutablePointer<UInt64>, _ ways: Int) -> Int {
        var best = 0, bestStamp = stamps[0], i = 1
        while i < ways {
            let s = stamps[i]
            let lower = s < bestStamp
            best = lower ? i : best
            bestStamp = lower ? s : bestStamp
            i &+= 1
        }
        return best
    }

    /// Counters summed over every region.
    public func totals() -> LevelCounters {
        var t = LevelCounters()
        for r in 0..<256 { t = t + CounterSlot.read(counters + r * CounterSlot.stride) }
        return t
    }

    /// Counters of each region that saw any activity.
    public func byRegion() -> [RegionTag: LevelCounters] {
        var out: [RegionTag: LevelCounters] = [:]
        for r in 0..<256 {
            let c = CounterSlot.read(counters + r * CounterSlot.stride)
            if c != LevelCounters() { out[RegionTag(r)] = c }
        }
        return out
    }

    /// Every valid line currently held (for tests and flushing), as (line, dirty).
    public func residentLines() -> [(line: UInt64, dirty: Bool)] {
        var out: [(line: UInt64, dirty: Bool)] = []
        for i in 0..<(sets * ways) where tags[i] != CacheLevel.invalid {
            out.append((tags[i], flags[i] & CacheLevel.dirtyFlag != 0))
        }
        return out
    }
}

/// The level's per-access operations, called through the pointer the hierarchy keeps, so no
/// call copies the `CacheLevel` (a method on the value would take it whole, by value).
extension UnsafeMutablePointer where Pointee == CacheLevel {
    /// The set a line maps to: bit selection, or modulo for a non-power-of-two set count.
    @inlinable @inline(__always)
    func setIndex(_ line: UInt64) -> Int {
        pointee.setsPow2 ? Int(truncatingIfNeeded: line & pointee.setMask) : Int(truncatingIfNeeded: line % UInt64(pointee.sets))
    }

    /// The way holding `line` in the set starting at `base`, or -1. Up to 16 ways every tag
    /// is compared with no early exit: where the hit lands is unpredictable, and a mispredicted
    /// loop exit costs more than the compares.
    @inlinable @inline(__always)
    func find(_ line: UInt64, base: Int) -> Int {
        let ways = pointee.ways, tags = pointee.tags + base
        if ways == 8 { return CacheLevel.wayHolding(line, tags, 8) }  // unrolled: the common case
        if ways == 16 { return CacheLevel.wayHolding(line, tags, 16) }  // and the large last levels'
        if ways <= 16 { return CacheLevel.wayHolding(line, tags, ways) }
        var w = 0
        while w < ways {
            if tags[w] == line { return w }
            w &+= 1
        }
        return -1
    }

    /// `find` with only the 8-way search inlined and the rest a call, for the plain path: the
    /// whole of `find` inlined there made the compiler call it instead, out of line, even for
    /// 8 ways (measured: 3% more instructions on a two-level replay).
    @inlinable @inline(__always)
    func findCompact(_ line: UInt64, base: Int) -> Int {
        if pointee.ways == 8 { return CacheLevel.wayHolding(line, pointee.tags + base, 8) }
        return findCall(line, base: base)
    }

    @usableFromInline @inline(never)
    func findCall(_ line: UInt64, base: Int) -> Int { find(line, base: base) }

    /// Empties a way. Its stamp goes to 0, below every valid line's, so an LRU or FIFO victim
    /// search finds the lowest empty way without a separate scan.
    @inlinable @inline(__always)
    func invalidate(_ slot: Int) {
        pointee.tags[slot] = CacheLevel.invalid
        pointee.flags[slot] = 0
        pointee.stamps[slot] = 0
    }

    @inlinable @inline(__always)
    func bump(_ region: RegionTag, _ slot: Int, by n: UInt64 = 1) {
        pointee.counters[Int(region) &* CounterSlot.stride &+ slot] &+= n
    }
}
