import Foundation
import Testing
@testable import LayoutLabKit
import LayoutConfig
import Reporting

/// `simulate` warps by default without the 3C split: the same results as `--no-warp`, with the
/// JSON's `warp` telling what was skipped; with the 3C split it is not tried (`warp` null).
@Suite struct WarpSimulateTests {
    static let experiment = """
    name: warp-small
    machine: tiny
    kernel: gemm
    shape: {m: 64, n: 16, k: 16}
    variants:
      - {name: ijk, loops: ijk}
      - {name: kij, loops: kij}
      - {name: padded, loops: ijk, pad: 1}
      - {name: blis, algorithm: blis, mr: 2, nr: 2, kc: 16, mc: 4, nc: 16}
      - {name: rb, algorithm: regblock, mr: 2, nr: 4}

    """

    @Test func warpedEqualsPerAccess() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "warp-small.yaml")
        let warped = try SimulateJob.run(spec, classify: false)
        let plain = try SimulateJob.run(spec, classify: false, warp: false)
        for (w, p) in zip(warped, plain) {
            #expect(w.stats.end == p.stats.end && w.stats.flushed == p.stats.flushed, "\(w.variant)")
            #expect(w.accesses == p.accesses && p.warp == nil)
            if let s = w.warp { #expect(s.skippedAccesses + s.explicitAccesses == w.accesses) }
        }
        // ijk on tiny: rows of 64 B, L2 16 sets x 16 B = 256 B: q = 4, well inside 64 rows.
        let ijk = try #require(warped.first { $0.variant == "ijk" }?.warp)
        #expect(ijk.period == 4 && ijk.skippedAccesses > 0)
        let json = warped[0].json.serialized()
        #expect(json.contains("\"warp\":{\"skippedAccesses\":"))
        // The report says how much was skipped.
        let doc = SimulateJob.json(spec, machine: spec.machine, results: warped)
        let md = try Report.build([try ReportInput.decode(doc, file: "w.json")], stem: "w", command: "c").markdown
        let skipped = warped.reduce(0) { $0 + ($1.warp?.skippedAccesses ?? 0) }
        // Padding by one float makes the row 68 B: q = 256 / gcd(256, 68) = 64 > 32 rows, not tried.
        #expect(warped.first { $0.variant == "padded" }?.warp == nil)
        #expect(md.contains("**Warping** (tiny): 4 of 5 run(s) tried it") && md.contains(Fmt.int(skipped)), "\(md.prefix(600))")
    }

    @Test func threeCSplitIsNotWarped() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "warp-small.yaml")
        let r = try SimulateJob.simulate(spec.run(spec.variants[0], [:]), element: .f32, levels: spec.machine.levels)
        #expect(r.warp == nil && r.json.serialized().contains("\"warp\":null"))
    }

    /// The benchmark experiments (`Configs/warp`, named in README) parse and plan.
    @Test func benchmarkExperimentsParse() throws {
        let dir = repoRoot + "/Configs/warp"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == 4)
        for f in files { _ = try ExperimentSpec.load(path: dir + "/" + f) }
    }

    @Test func planPredictsThePeriod() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "warp-small.yaml")
        let lines = try WarpPlanJob.lines(spec, machine: spec.machine)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("ijk -: loop of 64 iterations, period 4,"), "\(lines[0])")
    }
}
