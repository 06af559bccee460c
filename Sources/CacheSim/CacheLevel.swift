import AccessSink
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
    /// Per way: recency/insertion stamp (LRU, FIFO, MRU) or RRPV (SRRIP); one unused entry
    /// for an order-word level (`LevelPath.orderWord`), which keeps `order` instead.
    @usableFromInline let stamps: UnsafeMutablePointer<UInt64>
    /// Per set of an order-word level: its ways' order as 4-bit way numbers, newest in the low
    /// nibble (`CacheLevel+Order.swift`); one unused entry for other levels.
    @usableFromInline let order: UnsafeMutablePointer<UInt64>
    /// Per way of an order-word level (plus 16 bytes of padding, so that two words can be read
    /// at any set): its line's one-byte hint; 16 unused bytes for other levels.
    @usableFromInline let hints: UnsafeMutablePointer<UInt8>
    /// log2 of the set count (the hint hashes the tag bits above the set index).
    @usableFromInline let setBits: UInt64
    /// The top bit of each of the first min(ways, 8) bytes, and of the next ways - 8 bytes.
    @usableFromInline let hintMask: UInt64
    @usableFromInline let hintMaskHigh: UInt64
    /// 4 x (ways - 1): where the oldest way sits in an order word; the nibbles below it.
    @usableFromInline let oldestShift: UInt64
    @usableFromInline let belowOldest: UInt64
    /// Per set: tree-PLRU bits.
    @usableFromInline let treeBits: UnsafeMutablePointer<UInt64>
    /// Per way of a tree-PLRU level: the tree bits on its path and the values a touch gives
    /// them (`plruTouch`), two words each; two unused words for other levels.
    @usableFromInline let plruPaths: UnsafeMutablePointer<UInt64>
    /// Per way of a lean tree-PLRU level: when it was last touched (hit or filled; emptying it
    /// leaves this alone), from which the tree bits follow (`CacheLevel+PLRU.swift`); one
    /// unused entry for other levels.
    @usableFromInline let touches: UnsafeMutablePointer<UInt64>
    /// A lean tree-PLRU level: its tree lives in `touches`, so an L1 hit is counted inline like
    /// an LRU one (a stamp), instead of in `treeBits`.
    @usableFromInline let plruByTouches: Bool
    /// Per way: `dirtyFlag` | `prefetchedFlag`.
    @usableFromInline let flags: UnsafeMutablePointer<UInt8>
    /// Per way: the region whose access brought the line in.
    @usableFromInline let owners: UnsafeMutablePointer<RegionTag>
    /// Per region x `CounterSlot.stride` counters.
    @usableFromInline let counters: UnsafeMutablePointer<UInt64>
    /// [0] the recency clock, [1] the random policy's generator state.
    @usableFromInline let state: UnsafeMutablePointer<UInt64>
    @usableFromInline let classifier: UnsafeMutablePointer<MissClassifier>?
    /// The path that simulates this level (`LevelPath.select`, where the table of paths is).
    @usableFromInline let path: LevelPath
    /// L1's hit path (`LevelPath.L1Hit`); `none` for every other level.
    @usableFromInline let l1Hit: LevelPath.L1Hit
    /// The level below is exclusive: this level's victims go there (`insertVictim`).
    @usableFromInline let exclusiveBelow: Bool
    /// Every level above is a data level with this level's line size, so a back-invalidation
    /// looks up one line per level above (`orderWordBackInvalidate`).
    @usableFromInline let sameLinesAbove: Bool

    // CounterSlot.loads/stores are 0/1 = AccessKind's raw values; `access` relies on it.
    @usableFromInline static let invalid = UInt64.max
    @usableFromInline static let dirtyFlag: UInt8 = 1
    @usableFromInline static let prefetchedFlag: UInt8 = 2

    /// Builds an empty level. `config` must have no `problems`; `below` is the next level's
    /// configuration, nil for the last level; `above` the levels nearer the core, an instruction
    /// level beside L1 included; `lean` false keeps the level on the general path.
    public init(
        _ config: LevelConfig, classify: Bool, below: LevelConfig? = nil, above: [LevelConfig] = [],
        lean: Bool = true
    ) {
        ways = config.ways
        sets = config.sets
        lineBytes = UInt64(config.line)
        lineShift = UInt64(config.line.trailingZeroBitCount)
        setsPow2 = config.setsArePowerOfTwo
        setMask = UInt64(config.sets - 1)
        policy = config.policy
        writeBack = config.writeBack
        writeAllocate = config.writeAllocate
        inclusion = config.inclusion
        prefetch = config.prefetch
        prefetchDegree = config.prefetchDegree
        prefetchDistance = UInt64(config.prefetchDistance)
        (path, l1Hit) = LevelPath.select(config, first: above.isEmpty, below: below, fastPaths: lean)
        let orderWord = path == .orderWord
        exclusiveBelow = below?.inclusion == .exclusive
        sameLinesAbove = above.allSatisfy { !$0.instruction && $0.line == config.line }
        let n = sets * ways
        tags = LevelStorage.allocate(UInt64.self, count: n, value: CacheLevel.invalid)
        stamps = LevelStorage.allocate(UInt64.self, count: orderWord ? 1 : n, value: 0)
        order = LevelStorage.allocate(
            UInt64.self, count: orderWord ? sets : 1,
            value: UnsafeMutablePointer<CacheLevel>.initialOrder(ways: min(ways, 16)))
        hints = LevelStorage.allocate(UInt8.self, count: orderWord ? n + 16 : 16, value: 0)
        setBits = UInt64(config.sets.trailingZeroBitCount)
        let top: UInt64 = 0x8080_8080_8080_8080
        hintMask = ways >= 8 ? top : top & ((1 << UInt64(8 * ways)) - 1)
        hintMaskHigh = ways >= 16 ? top : ways <= 8 ? 0 : top & ((1 << UInt64(8 * (ways - 8))) - 1)
        oldestShift = UInt64(4 * (min(ways, 16) - 1))
        belowOldest = (1 << oldestShift) - 1
        treeBits = LevelStorage.allocate(UInt64.self, count: sets, value: 0)
        plruPaths = LevelStorage.allocate(UInt64.self, count: config.policy == .plru ? 2 * ways : 2, value: 0)
        if config.policy == .plru { CacheLevel.tabulatePaths(plruPaths, ways: ways) }
        plruByTouches = path != .general && config.policy.traits.inlineHitByTouches
        touches = LevelStorage.allocate(UInt64.self, count: plruByTouches ? n : 1, value: 0)
        flags = LevelStorage.allocate(UInt8.self, count: n, value: 0)
        owners = LevelStorage.allocate(RegionTag.self, count: n, value: 0)
        let c = 256 * CounterSlot.stride
        counters = .allocate(capacity: c)
        counters.initialize(repeating: 0, count: c)
        state = .allocate(capacity: 2)
        state.initialize(to: 0)
        (state + 1).initialize(to: config.seed == 0 ? 0x9E37_79B9_7F4A_7C15 : config.seed)
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
        let orderWord = path == .orderWord
        LevelStorage.free(tags, count: n)
        LevelStorage.free(stamps, count: orderWord ? 1 : n)
        LevelStorage.free(order, count: orderWord ? sets : 1)
        LevelStorage.free(hints, count: orderWord ? n + 16 : 16)
        LevelStorage.free(treeBits, count: sets)
        LevelStorage.free(plruPaths, count: policy == .plru ? 2 * ways : 2)
        LevelStorage.free(touches, count: plruByTouches ? n : 1)
        LevelStorage.free(flags, count: n)
        LevelStorage.free(owners, count: n)
        counters.deallocate()
        state.deallocate()
        if let classifier {
            classifier.pointee.deallocate()
            classifier.deinitialize(count: 1)
            classifier.deallocate()
        }
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
