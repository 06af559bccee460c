import AccessSink
/// A `CacheHierarchy` that warps (Morelli and Reineke, PLDI 2022): inside a kernel's warpable
/// loop it snapshots the whole hierarchy at iterations `lo + j*q` (q the `WarpPeriod`), each
/// line renamed by its array's move since `lo`, and when a snapshot equals one of the last few
/// (hash first, then every word, so a collision never changes a count), p iterations earlier,
/// the iterations from there repeat that stretch's hits and misses exactly: it adds k times its
/// counter deltas (every level, region and field), moves every cached line k*p iterations on,
/// and runs the rest of the loop explicitly. Accesses outside warpable loops, and nested
/// warpable loops, go straight to the hierarchy. Where warping cannot be exact
/// (`CacheHierarchy.warpable` false) every loop runs per access.
public struct WarpingSimulator: AccessSink {
    public var sim: CacheHierarchy
    public let state: WarpState

    public init(_ sim: CacheHierarchy, settings: WarpSettings = WarpSettings()) {
        self.sim = sim
        state = WarpState(settings, levels: sim.configs, enabled: sim.warpable)
    }

    @inlinable @inline(__always)
    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        sim.access(address: address, size: size, kind: kind, region: region)
    }
    @inlinable
    public mutating func accessMisc(address: UInt64, size: UInt32, region: RegionTag) {
        sim.accessMisc(address: address, size: size, region: region)
    }
    @inlinable
    public mutating func copyBack(address: UInt64, size: UInt32) { sim.copyBack(address: address, size: size) }
    @inlinable
    public mutating func invalidate(address: UInt64, size: UInt32) { sim.invalidate(address: address, size: size) }

    public mutating func warpLoop(_ loop: WarpLoop, _ body: (inout WarpingSimulator, Int) -> Void) {
        guard state.depth == 0, let q = state.period(loop) else {
            var t = 0
            while t < loop.count {
                body(&self, t)
                t += 1
            }
            return
        }
        state.depth += 1
        defer { state.depth -= 1 }
        state.attempted = true
        state.period = max(state.period ?? 0, q)
        let lo = loop.uniform.lowerBound, hi = min(loop.uniform.upperBound, loop.count)
        var offsets = [Int64](repeating: 0, count: 256)
        // The last few snapshots, newest last: a state may come back only after several
        // periods (tree-PLRU and SRRIP keep physical way order, which can cycle more slowly).
        var history: [(hash: (UInt64, UInt64), words: [UInt64], counters: [UInt64], t: Int)] = []
        var t = 0
        while t < loop.count {
            if t >= lo && t + q <= hi && (t - lo) % q == 0 {
                for s in loop.shifts { offsets[Int(s.region)] = Int64(t - lo) &* s.bytes }
                var words: [UInt64] = []
                words.reserveCapacity(history.last?.words.count ?? 0)
                offsets.withUnsafeBufferPointer {
                    sim.appendState(offsets: $0.baseAddress!, to: &words, omit: state.settings.omit)
                }
                let hash = state.settings.collideHashes ? (0, 0) : WarpState.hash(words)
                let counters = sim.counterWords()
                state.snapshots += 1
                if let p = history.last(where: { $0.hash == hash && $0.words == words }), t + (t - p.t) <= hi {
                    let period = t - p.t, k = (hi - t) / period
                    for s in loop.shifts { offsets[Int(s.region)] = Int64(k * period) &* s.bytes }
                    sim.addCounters(now: counters, then: p.counters, times: UInt64(k))
                    offsets.withUnsafeBufferPointer { sim.translate(offsets: $0.baseAddress!) }
                    state.skippedAccesses &+=
                        UInt64(k)
                        &* (sim.accesses(inCounterWords: counters) &- sim.accesses(inCounterWords: p.counters))
                    state.warps += 1
                    t += k * period
                    history.removeAll()
                    continue
                }
                if history.count == state.settings.history { history.removeFirst() }
                history.append((hash, words, counters, t))
            }
            body(&self, t)
            t += 1
        }
    }
}

/// How warping decides; the defaults are what `simulate` uses.
public struct WarpSettings: Sendable {
    /// Try a loop only when one period's accesses are at least this many times the lines the
    /// hierarchy holds (a snapshot costs about one step per line). 0 tries every loop (tests).
    public var minWorkPerLine: Double = 1
    /// Compare every snapshot in full, as if every hash collided (tests: counts stay exact).
    public var collideHashes = false
    /// Snapshots kept to compare with: a match with the one j periods back warps by j periods.
    public var history = 8
    /// Leave one component out of the snapshot (mutation tests: the differential suite fails).
    public var omit: SnapshotPart? = nil
    public init(minWorkPerLine: Double = 1, collideHashes: Bool = false, omit: SnapshotPart? = nil) {
        self.minWorkPerLine = minWorkPerLine
        self.collideHashes = collideHashes
        self.omit = omit
    }
}

/// What warping did in one run, and its settings. A class: the simulator is passed `inout` to
/// the loop bodies, and the caller reads the totals after the run.
public final class WarpState {
    public let settings: WarpSettings
    let levels: [LevelConfig]
    let lines: Int
    let enabled: Bool
    var depth = 0
    /// Whether any loop was tried (the JSON's `warp` is null otherwise).
    public internal(set) var attempted = false
    /// The largest period of a loop tried.
    public internal(set) var period: Int?
    /// Accesses accounted for by jumps instead of simulated one by one.
    public internal(set) var skippedAccesses: UInt64 = 0
    /// Jumps taken and snapshots compared.
    public internal(set) var warps = 0
    public internal(set) var snapshots = 0

    init(_ settings: WarpSettings, levels: [LevelConfig], enabled: Bool) {
        self.settings = settings
        self.levels = levels
        self.enabled = enabled
        lines = WarpPeriod.lines(levels)
    }

    /// The period to try `loop` with, or nil when warping is off, impossible or not worth it
    /// (no whole period after the first comparison fits the uniform range).
    func period(_ loop: WarpLoop) -> Int? {
        enabled ? WarpPeriod.tried(levels, loop, settings: settings, lines: lines) : nil
    }

    /// Two independent 64-bit hashes of the words (a 128-bit fingerprint).
    static func hash(_ words: [UInt64]) -> (UInt64, UInt64) {
        var a: UInt64 = 0x243F_6A88_85A3_08D3, b: UInt64 = 0x1319_8A2E_0370_7344
        for w in words {
            a = (a ^ w) &* 0x9E37_79B9_7F4A_7C15
            a ^= a >> 29
            b = (b &+ w) &* 0xBF58_476D_1CE4_E5B9
            b ^= b >> 31
        }
        return (a, b)
    }
}
