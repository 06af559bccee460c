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

    // CounterSlot.loads/stores are 0/1 = AccessKind's raw values; `access` relies on it.
    @usableFromInline static let invalid = UInt64.max
    @usableFromInline static let dirtyFlag: UInt8 = 1
    @usableFromInline static let prefetchedFlag: UInt8 = 2

    /// Builds an empty level. `config` must have no `problems`.
    public init(_ config: LevelConfig, classify: Bool) {
        ways = config.ways; sets = config.sets
        lineBytes = UInt64(config.line)
        lineShift = UInt64(config.line.trailingZeroBitCount)
        setsPow2 = config.setsArePowerOfTwo
        setMask = UInt64(config.sets - 1)
        policy = config.policy; writeBack = config.writeBack; writeAllocate = config.writeAllocate
        inclusion = config.inclusion
        prefetch = config.prefetch; prefetchDegree = config.prefetchDegree
        let n = sets * ways
        tags = .allocate(capacity: n); tags.initialize(repeating: CacheLevel.invalid, count: n)
        stamps = .allocate(capacity: n); stamps.initialize(repeating: 0, count: n)
        treeBits = .allocate(capacity: sets); treeBits.initialize(repeating: 0, count: sets)
        flags = .allocate(capacity: n); flags.initialize(repeating: 0, count: n)
        owners = .allocate(capacity: n); owners.initialize(repeating: 0, count: n)
        let c = 256 * CounterSlot.stride
        counters = .allocate(capacity: c); counters.initialize(repeating: 0, count: c)
        state = .allocate(capacity: 2)
        state.initialize(to: 0); (state + 1).initialize(to: config.seed == 0 ? 0x9E37_79B9_7F4A_7C15 : config.seed)
        if classify {
            let c = UnsafeMutablePointer<MissClassifier>.allocate(capacity: 1)
            c.initialize(to: MissClassifier(lines: n))
            classifier = c
        } else {
            classifier = nil
        }
    }

    /// Frees the level's storage; the hierarchy calls it exactly once.
    func deallocate() {
        tags.deallocate(); stamps.deallocate(); treeBits.deallocate(); flags.deallocate()
        owners.deallocate(); counters.deallocate(); state.deallocate()
        if let classifier { classifier.pointee.deallocate(); classifier.deinitialize(count: 1); classifier.deallocate() }
    }

    /// The set a line maps to: bit selection, or modulo for a non-power-of-two set count.
    @inlinable @inline(__always)
    func setIndex(_ line: UInt64) -> Int {
        setsPow2 ? Int(truncatingIfNeeded: line & setMask) : Int(truncatingIfNeeded: line % UInt64(sets))
    }

    /// The way holding `line` in the set starting at `base`, or -1.
    @inlinable @inline(__always)
    func find(_ line: UInt64, base: Int) -> Int {
        var w = 0
        while w < ways {
            if tags[base + w] == line { return w }
            w += 1
        }
        return -1
    }

    @inlinable @inline(__always)
    func bump(_ region: RegionTag, _ slot: Int, by n: UInt64 = 1) {
        counters[Int(region) &* CounterSlot.stride &+ slot] &+= n
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
