import CacheSim
import Engine
import Testing
import AccessSink

/// Warped and per-access simulation of the same kernel: every counter at every level and region,
/// before and after the flush, and the final state, must be equal.
struct WarpOutcome {
    var equal: Bool
    var warps: Int
    var skipped: UInt64
    var period: Int?
}

func canonicalState(_ h: CacheHierarchy) -> [UInt64] {
    var words: [UInt64] = []
    let zero = [Int64](repeating: 0, count: 256)
    zero.withUnsafeBufferPointer { h.appendState(offsets: $0.baseAddress!, to: &words) }
    return words
}

func warpDifferential(
    _ shape: GemmShape, _ v: GemmVariant, _ levels: [LevelConfig],
    settings: WarpSettings = WarpSettings(minWorkPerLine: 0)
) -> WarpOutcome {
    let w = GemmWorkload<Float>(shape: shape, variant: v)!
    var plain = CacheHierarchy(levels, classify: false)
    w.run(sink: &plain)
    w.resetC()
    var warped = WarpingSimulator(CacheHierarchy(levels, classify: false), settings: settings)
    w.run(sink: &warped)
    var equal = plain.stats() == warped.sim.stats() && canonicalState(plain) == canonicalState(warped.sim)
    plain._checkInvariants()
    warped.sim._checkInvariants()
    plain.flush()
    warped.sim.flush()
    plain._checkInvariants()
    warped.sim._checkInvariants()
    equal = equal && plain.stats() == warped.sim.stats() && canonicalState(plain) == canonicalState(warped.sim)
    return WarpOutcome(
        equal: equal, warps: warped.state.warps, skipped: warped.state.skippedAccesses, period: warped.state.period)
}

@Suite struct WarpDifferentialTests {
    static let shapes: [(String, GemmShape, Int)] = [
        ("pow2", GemmShape(m: 32, n: 16, k: 16), 0), ("odd", GemmShape(m: 29, n: 13, k: 9), 0),
        ("padded", GemmShape(m: 32, n: 16, k: 16), 3), ("wide", GemmShape(m: 24, n: 32, k: 8), 0),
        ("tall", GemmShape(m: 256, n: 16, k: 16), 0),
    ]

    static func naive(_ pad: Int) -> [GemmVariant] {
        LoopOrder.allCases.map { GemmVariant(algorithm: .naive($0), padA: pad, padB: pad, padC: pad) }
            + [
                GemmVariant(algorithm: .naive(.jik), layoutA: .colMajor, layoutC: .colMajor, padA: pad),
                GemmVariant(algorithm: .naive(.kij), layoutA: .blocked(rows: 4, cols: 4)),
            ]
    }

    @Test(arguments: WarpMachines.synthetic.map(\.0))
    func naiveSynthetic(_ machine: String) {
        let levels = WarpMachines.synthetic.first { $0.0 == machine }!.1
        var fired = 0
        for (sname, shape, pad) in Self.shapes {
            for v in Self.naive(pad) {
                let o = warpDifferential(shape, v, levels)
                #expect(o.equal, "\(machine) \(sname) \(v.algorithm)")
                if o.warps > 0 { fired += 1 }
                // LRU with bit-selection sets: a warp fires for every row-major order at a power-of-two size.
                if machine == "lru" && sname == "pow2" && v.layoutA == .rowMajor && v.layoutC == .rowMajor
                    && v.padA == 0
                {
                    #expect(o.warps > 0, "\(machine) \(sname) \(v.algorithm): no warp fired")
                }
            }
        }
        // No vacuous pass: every machine where a warp can be exact saw some fire; random
        // replacement never matches; MRU keeps lines of early iterations pinned, so never repeats.
        if machine == "random" || machine == "mru" {
            #expect(fired == 0)
        } else {
            #expect(fired > 0, "\(machine): no warp fired")
        }
    }
}

/// The blocked kernels (tiled, register-blocked, QNNPACK-style, BLIS), the bundled machines, and
/// the mutation checks.
@Suite struct WarpKernelTests {
    static let blocked: [(String, GemmShape, GemmVariant)] = [
        ("tiled-ijk", GemmShape(m: 64, n: 16, k: 8), GemmVariant(algorithm: .tiled(.ijk, tm: 4, tn: 8, tk: 4))),
        ("tiled-ikj-partial", GemmShape(m: 66, n: 13, k: 8), GemmVariant(algorithm: .tiled(.ikj, tm: 4, tn: 5, tk: 3))),
        (
            "tiled-jik", GemmShape(m: 8, n: 64, k: 8),
            GemmVariant(algorithm: .tiled(.jik, tm: 4, tn: 4, tk: 4), layoutB: .colMajor, layoutC: .colMajor)
        ),
        (
            "tiled-kji", GemmShape(m: 8, n: 8, k: 64),
            GemmVariant(algorithm: .tiled(.kji, tm: 4, tn: 4, tk: 4), layoutA: .colMajor)
        ),
        (
            "regblock", GemmShape(m: 64, n: 16, k: 8),
            GemmVariant(algorithm: .registerBlocked(mr: 2, nr: 4, kc: 8, kInner: true))
        ),
        (
            "regblock-kouter-partial", GemmShape(m: 67, n: 15, k: 6),
            GemmVariant(algorithm: .registerBlocked(mr: 2, nr: 4, kc: 3, kInner: false))
        ),
        ("qnnpack", GemmShape(m: 64, n: 16, k: 8), GemmVariant(algorithm: .qnnpack(mr: 4, nr: 8))),
        ("qnnpack-odd", GemmShape(m: 61, n: 11, k: 5), GemmVariant(algorithm: .qnnpack(mr: 4, nr: 8))),
        ("blis", GemmShape(m: 128, n: 16, k: 8), GemmVariant(algorithm: .blis(mr: 2, nr: 4, kc: 8, mc: 4, nc: 16))),
        (
            "blis-partial", GemmShape(m: 130, n: 20, k: 12),
            GemmVariant(algorithm: .blis(mr: 2, nr: 4, kc: 8, mc: 4, nc: 16))
        ),
    ]

    @Test(arguments: WarpMachines.synthetic.map(\.0))
    func blockedKernelsSynthetic(_ machine: String) {
        let levels = WarpMachines.synthetic.first { $0.0 == machine }!.1
        var fired: [String] = []
        for (name, shape, v) in Self.blocked {
            let o = warpDifferential(shape, v, levels)
            #expect(o.equal, "\(machine) \(name)")
            if o.warps > 0 { fired.append(name) }
        }
        print("WARPK \(machine) fired: \(fired.joined(separator: " "))")
        if machine == "random" || machine == "mru" { #expect(fired.isEmpty) }
        // LRU: every kernel family warps on its uniform shape.
        if machine == "lru" {
            for k in ["tiled-ijk", "regblock", "qnnpack", "blis"] { #expect(fired.contains(k), "\(k) did not warp") }
        }
    }

    /// The bundled machines, at sizes a debug build simulates in seconds, with the default
    /// settings' threshold off so that every loop with a period is tried.
    @Test(arguments: WarpMachines.bundled.map(\.0))
    func bundledMachines(_ machine: String) {
        let levels = WarpMachines.bundled.first { $0.0 == machine }!.1
        var fired = 0
        for v in LoopOrder.allCases.map({ GemmVariant(algorithm: .naive($0)) }) + [
            GemmVariant(algorithm: .naive(.ijk), padA: 1, padB: 1, padC: 1)
        ] {
            let shape = machine == "tiny" ? GemmShape(m: 48, n: 16, k: 16) : GemmShape(m: 160, n: 256, k: 2)
            let o = warpDifferential(shape, v, levels)
            #expect(o.equal, "\(machine) \(v.algorithm)")
            if o.warps > 0 { fired += 1 }
        }
        for (name, shape, v) in WarpKernelTests.blocked.prefix(machine == "tiny" ? 10 : 0) {
            #expect(warpDifferential(shape, v, levels).equal, "\(machine) \(name)")
        }
        print("WARPB \(machine) fired \(fired)")
        // a53: L2 512 sets x 64 B = 32 KiB, a row of 256 floats is 1 KiB: q = 32, and with k = 2
        // the warm-up (L2 / 2 KiB moved per row = 256 rows) is past m... so only the tiny machine
        // is asserted to fire here; the large machines are covered by the benchmark's counts.
        if machine == "tiny" { #expect(fired > 0) }
    }

    /// Forcing every hash to collide sends every snapshot to the full comparison: counts stay exact.
    @Test func collidingHashesStayExact() {
        let levels = WarpMachines.synthetic.first { $0.0 == "lru" }!.1
        for (name, shape, v) in Self.blocked
        where ["tiled-ijk", "tiled-jik", "regblock", "qnnpack", "blis"].contains(name) {
            let o = warpDifferential(shape, v, levels, settings: WarpSettings(minWorkPerLine: 0, collideHashes: true))
            #expect(o.equal && o.warps > 0)
        }
    }

    /// Leaving one component out of the snapshot must make the differential check fail: random
    /// uniform loops (a random prefix, then iterations of 1 to 4 accesses, some to an array that
    /// moves one sets x line per iteration, some to a stationary one) on small hierarchies, warped
    /// with the component left out, until one differs from the per-access run. The same loops
    /// warped with the full snapshot never differ.
    @Test(arguments: SnapshotPart.allCases)
    func droppingASnapshotPartIsCaught(_ part: SnapshotPart) {
        var rng = RandomLoops(state: 0x5EED)
        var caught = false, fullExact = true, fullFired = 0
        for _ in 0..<3000 where !caught {
            let (levels, kernel) = rng.kernel(policy: part == .treeBits ? .plru : part == .rrpv ? .srrip : nil)
            func run(_ settings: WarpSettings?) -> (CacheHierarchy, Int) {
                let h = CacheHierarchy(levels, classify: false)
                guard let settings else {
                    var p = h
                    kernel.run(&p)
                    return (p, 0)
                }
                var w = WarpingSimulator(h, settings: settings)
                kernel.run(&w)
                return (w.sim, w.state.warps)
            }
            var (plain, _) = run(nil), (full, fired) = run(WarpSettings(minWorkPerLine: 0))
            var (mutant, _) = run(WarpSettings(minWorkPerLine: 0, omit: part))
            func same(_ a: CacheHierarchy, _ b: CacheHierarchy) -> Bool {
                a.stats() == b.stats() && canonicalState(a) == canonicalState(b)
            }
            var ok = same(plain, full), bad = !same(plain, mutant)
            plain.flush()
            full.flush()
            mutant.flush()
            ok = ok && same(plain, full)
            bad = bad || !same(plain, mutant)
            fullExact = fullExact && ok
            if fired > 0 { fullFired += 1 }
            caught = caught || bad
        }
        #expect(fullExact && fullFired > 0)
        #expect(caught, "leaving out \(part) went unnoticed")
    }
}

/// Random warpable loops for the mutation checks.
struct RandomLoops {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(n))
    }

    struct Kernel {
        var prefix: [(UInt64, AccessKind, RegionTag)]
        var body: [(UInt64, AccessKind, RegionTag)]
        var shift: Int64
        var count: Int
        func run<S: AccessSink>(_ s: inout S) {
            for (a, k, r) in prefix { s.access(address: a, size: 4, kind: k, region: r) }
            s.warpLoop(
                WarpLoop(
                    count: count, uniform: 0..<count, accessesPerIteration: UInt64(body.count), WarpShift(1, shift))
            ) { s, t in
                for (a, k, r) in body {
                    s.access(address: r == 1 ? a &+ UInt64(t) &* UInt64(shift) : a, size: 4, kind: k, region: r)
                }
            }
        }
    }

    /// A random hierarchy (L1 of `policy` when given) and loop.
    mutating func kernel(policy: ReplacementPolicy? = nil) -> ([LevelConfig], Kernel) {
        let policies: [ReplacementPolicy] = [.lru, .fifo, .plru, .srrip]
        let p = policy ?? policies[next(4)], ways = [2, 4][next(2)], sets = [1, 2][next(2)]
        var levels = [LevelConfig(name: "L1", size: 16 * ways * sets, line: 16, ways: ways, policy: p)]
        if next(2) == 0 {
            levels.append(
                LevelConfig(name: "L2", size: 16 * 4 * sets * 2, line: 16, ways: 4, policy: policies[next(4)]))
        }
        let unit = Int64(16 * sets * levels.count)
        func pick(_ moving: Bool) -> (UInt64, AccessKind, RegionTag) {
            let off = UInt64(next(6)) * 16 * UInt64(sets)
            // The stationary array sits just below the moving one, where lines the moving one left
            // behind land once renamed: only the owner tells them apart.
            return moving
                ? (0x10000 + off, next(2) == 0 ? .store : .load, 1)
                : (0x10000 - 8 * 16 * UInt64(sets) + off, next(2) == 0 ? .store : .load, 2)
        }
        let prefix = (0..<next(8)).map { _ in pick(next(2) == 0) }
        let body = (0..<(1 + next(4))).map { _ in pick(next(3) != 0) }
        return (levels, Kernel(prefix: prefix, body: body, shift: unit * Int64(1 + next(2)), count: 16))
    }
}
