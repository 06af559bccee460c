import Foundation
import Testing
@testable import LayoutLabKit
import LayoutConfig
import Reporting
import ResultsSchema
import TestSupport
import CacheSim

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
        let (warpedDoc, warped) = try SimulateSession.simulate(spec, classify: false)
        let plain = try SimulateSession.simulate(spec, classify: false, warp: false).runs
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
        let doc = warpedDoc
        let md = try Report.build([try ReportInput.decode(doc, file: "w.json")], stem: "w", command: "c").markdown
        let skipped = warped.reduce(0) { $0 + ($1.warp?.skippedAccesses ?? 0) }
        // Padding by one float makes the row 68 B: q = 256 / gcd(256, 68) = 64 > 32 rows, not tried.
        #expect(warped.first { $0.variant == "padded" }?.warp == nil)
        #expect(
            md.contains("**Warping** (tiny): 4 of 5 run(s) tried it") && md.contains(Fmt.int(skipped)),
            "\(md.prefix(600))")
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
        #expect(files.count == 5)
        for f in files { _ = try ExperimentSpec.load(path: dir + "/" + f) }
    }

    @Test func planPredictsThePeriod() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "warp-small.yaml")
        let lines = try WarpPlanJob.lines(spec, machine: spec.machine)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("ijk -: loop of 64 iterations, period 4,"), "\(lines[0])")
    }

    static let big =
        """
        name: big\nmachine: tiny\nkernel: gemm\nshape: {m: 10000, n: 10000, k: 10000}\nvariants: [{name: ijk, \
        loops: ijk}]\n
        """

    /// The 10^12 limit is on accesses simulated one by one: naive GEMM at 10^4 (4 x 10^12
    /// accesses) is read, refused with the 3C split or `--no-warp`, and allowed warped.
    @Test func limitIsOnExplicitWork() throws {
        let spec = try ExperimentSpec.decode(Self.big, file: "big.yaml")
        let levels = spec.machine.levels
        let warped = try SweepEstimate.plan(spec, warpLevels: levels)
        // By hand, for tiny: rows move 40,000 B; L1 8 sets x 16 B = 128 B, L2 16 x 16 = 256 B;
        // q = lcm(128 / gcd(128, 40000), 256 / gcd(256, 40000)) = lcm(2, 4) = 4. Warm-up
        // ceil(1 KiB / 80,000 B) = 1 row, first match at row 4 + 4 = 8, then all 9,992 rows
        // left are whole periods: 8 rows of 4 x 10^8 accesses are explicit.
        #expect(warped.explicit == [8 * 4e8], "\(warped.explicit)")
        try SweepEstimate.checkLimit(spec, warped, levels: levels, warp: true, classify: false)
        let all = try SweepEstimate.plan(spec)
        #expect(all.explicit == all.accesses && all.accesses[0] >= 4e12)
        func refusal(warp: Bool, classify: Bool) -> String {
            do {
                try SweepEstimate.checkLimit(spec, all, levels: levels, warp: warp, classify: classify)
                return "accepted"
            } catch { return "\(error)" }
        }
        #expect(
            refusal(warp: false, classify: false)
                == """
                big.yaml: the sweep would simulate about 4e+12 accesses one by one (limit 1e12; --no-warp \
                simulates every access); shrink the shapes or the sweep
                """
        )
        #expect(
            refusal(warp: true, classify: true).contains("(limit 1e12; warping, which could skip some, needs --no3c)"))
        // A convolution declares no warpable loop: its plan is every access, without a planner pass.
        let conv = try ExperimentSpec.decode(
            """
            name: c\nmachine: tiny\nkernel: conv\nshape: {c: 8, k: 8, h: 9, w: 9, r: 3, s: 3}\nvariants: [{name: \
            d}]\n
            """,
            file: "c.yaml")
        let cp = try SweepEstimate.plan(conv, warpLevels: levels, planFrom: 0)
        #expect(cp.explicit == cp.accesses)
        var planner = WarpPlanner(levels)
        try EngineDriver.drive(try conv.run(conv.variants[0], [:]), element: .f32, sink: &planner)
        #expect(planner.loops.isEmpty && Double(planner.outside) > 0)
    }

    /// Through the CLI: the refusal is one line, exit 1, and nothing is written (no journal);
    /// `slurm`, `trace` and `measure` refuse too (the last two never warp).
    @Test func limitRefusalWritesNothing() throws {
        try #require(CLIProcess.built, "build the layoutlab product first (swift build)")
        let dir = TestDirectory("layoutlab-warp-limit")
        let exp = dir.file("big.yaml"), out = dir.file("big.json")
        try Self.big.write(toFile: exp, atomically: true, encoding: .utf8)
        let r = try CLIProcess.run(["simulate", exp, "--json", out], limit: 120)
        #expect(
            r.status == 1
                && r.err
                    == """
                    layoutlab: error: \(exp): the sweep would simulate about 4e+12 accesses one by one (limit \
                    1e12; warping, which could skip some, needs --no3c); shrink the shapes or the sweep\n
                    """,
            "\(r.err)")
        #expect(
            !FileManager.default.fileExists(atPath: out)
                && !FileManager.default.fileExists(atPath: out + ".partial.jsonl"))
        let slurm = try CLIProcess.run(["slurm", exp, "--shards", "1", "--out", dir.file("s")], limit: 120)
        #expect(slurm.status == 1 && slurm.err.contains("limit 1e12"), "\(slurm.err)")
        let trace = try CLIProcess.run(
            ["trace", exp, "--variant", "ijk", "--format", "din", "-o", dir.file("t.din")], limit: 120)
        #expect(trace.status == 1 && trace.err.contains("(limit 1e12; a trace writes every access)"), "\(trace.err)")
        let measure = try CLIProcess.run(["measure", exp, "--json", dir.file("m.json")], limit: 120)
        #expect(
            measure.status == 1 && measure.err.contains("(limit 1e12; measure simulates every access)"),
            "\(measure.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("m.json")))
    }
}
