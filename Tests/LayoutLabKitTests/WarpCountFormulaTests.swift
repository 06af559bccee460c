import Foundation
import Testing
@testable import LayoutLabKit
import CacheSim
import LayoutConfig
import Reporting
import ResultsSchema

/// The JSON's `warp.skippedAccesses` and `warp.explicitAccesses` against a formula (issue 26:
/// `explicit` is `accesses - skipped`, so `skipped + explicit == accesses` held by construction, and
/// warping that stopped one period early kept every count exact while both figures were wrong).
///
/// The run: naive ijk GEMM, m = 64, n = k = 16, f32, row-major. Its warpable loop is i, 64
/// iterations, all uniform (lo = 0, hi = 64); an iteration makes 4·n·k = 1024 accesses (load A,
/// load B, load C, store C per multiply-add), 4·m·n·k = 65536 in all; it moves A and C one row,
/// 64 bytes, per iteration, and B stays.
///
/// Formula, for period q and warm-up W (the iterations after which the hierarchy's state, its
/// lines renamed by their arrays' move, no longer depends on the iterations before the last few):
/// snapshots are taken at the iterations lo + j·q; the first one at or after W equals the next,
/// so the first jump is at `first = lo + ⌈W / q⌉·q + q`; it jumps over every whole period left,
/// `skippedIterations = ⌊(hi - first) / q⌋·q` (when `first + q <= hi`), and runs the rest one by
/// one. skipped = skippedIterations · 1024, explicit = 65536 - skipped.
@Suite struct WarpCountFormulaTests {
    static let experiment = """
        name: warp-formula
        machine: tiny
        kernel: gemm
        shape: {m: 64, n: 16, k: 16}
        variants:
          - {name: ijk, loops: ijk}

        """
    static let (m, n, k) = (64, 16, 16)

    /// The formula above.
    static func skippedIterations(q: Int, warmup: Int, lo: Int = 0, hi: Int) -> Int {
        let first = lo + (warmup + q - 1) / q * q + q
        return first + q <= hi ? (hi - first) / q * q : 0
    }

    /// Simulates the run on `levels` and checks the document's figures against the formula.
    func check(_ levels: [LevelConfig], q: Int, warmup: Int, _ what: String) throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "warp-formula.yaml")
        let run = try spec.run(spec.variants[0], spec.points[0])
        let r = try SimulateJob.simulate(run, element: .f32, levels: levels, classify: false)
        let doc = try JSON.parse(Data(r.json.serialized().utf8))
        let accesses = UInt64(4 * Self.m * Self.n * Self.k)
        let perIteration = UInt64(4 * Self.n * Self.k)
        let skipped = UInt64(Self.skippedIterations(q: q, warmup: warmup, hi: Self.m)) * perIteration
        #expect(skipped > 0, "\(what): the formula skips something")
        #expect(doc["accesses"]?.uint64 == accesses, "\(what): accesses \(String(describing: doc["accesses"]))")
        let warp = try #require(doc["warp"], "\(what): no warp object")
        #expect(warp["period"]?.uint64 == UInt64(q), "\(what): period")
        #expect(
            warp["skippedAccesses"]?.uint64 == skipped,
            "\(what): skippedAccesses \(warp["skippedAccesses"]?.uint64 ?? 0), formula \(skipped)")
        #expect(
            warp["explicitAccesses"]?.uint64 == accesses - skipped,
            "\(what): explicitAccesses \(warp["explicitAccesses"]?.uint64 ?? 0), formula \(accesses - skipped)")
    }

    /// One level, 256 B, 2-way, 16 B lines (8 sets, 128 B per way). q = 128 / gcd(128, 64) = 2.
    /// W = 1: B alone is 64 lines, 8 in every set, so after any whole iteration each set holds the
    /// two most recent distinct lines of that iteration, in an order and dirtiness that iteration
    /// alone fixes. first = ⌈1/2⌉·2 + 2 = 4 (the snapshot at 4 equals the one at 2), skipped =
    /// ⌊60 / 2⌋·2 = 60 iterations = 61440 accesses, explicit = 4096 (iterations 0 to 3).
    @Test func defect26_warpSkipsWhatTheFormulaSaysOnOneLevel() throws {
        let l1 = LevelConfig(name: "L1", size: 256, line: 16, ways: 2)
        #expect(Self.skippedIterations(q: 2, warmup: 1, hi: 64) == 60)
        try check([l1], q: 2, warmup: 1, "one level")
    }

    /// `tiny`: L1 as above, L2 1 KiB 4-way, 16 B lines (16 sets, 256 B per way). q = lcm(2, 256 /
    /// gcd(256, 64)) = 4. W = 2: L1 is as above (W = 1). B's 64 lines put 4 in every L2 set, and each
    /// misses L1 in every iteration (for one j the 16 lines B(0..15, j) fall in 2 L1 sets of 2 ways,
    /// a cyclic pattern of 8 lines that misses every time), so after an iteration each L2 set holds
    /// the 4 lines that iteration referenced last there; that order depends on which accesses hit
    /// L1, fixed by L1's state at the iteration's start, a function of the iteration before. So
    /// from t = 2 on the state repeats: first = ⌈2/4⌉·4 + 4 = 8, skipped = ⌊56 / 4⌋·4 = 56
    /// iterations = 57344 accesses, explicit = 8192 (iterations 0 to 7).
    @Test func defect26_warpSkipsWhatTheFormulaSaysOnTiny() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "warp-formula.yaml")
        #expect(Self.skippedIterations(q: 4, warmup: 2, hi: 64) == 56)
        try check(spec.machine.levels, q: 4, warmup: 2, "tiny")
    }
}
