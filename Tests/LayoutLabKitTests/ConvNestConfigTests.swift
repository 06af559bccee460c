import LayoutLabKit
import Foundation
import Testing
@testable import LayoutLabKit
import Reporting
import ResultsSchema
import TestSupport
import Engine
import LayoutConfig
import Traces

/// Convolution loop nests and filter layouts in experiment files: defaults, errors, sweeps, and
/// a custom-order trace that replays to simulate's counts.
@Suite struct ConvNestConfigTests {
    let scratch = TestDirectory("layoutlab-convnest")

    func experiment(_ variants: String, sweep: String = "") -> String {
        """
        name: nests
        machine: tiny
        kernel: conv
        shape: {n: 2, c: 3, k: 4, h: 6, w: 5, r: 3, s: 3, stride: 2, padding: 1}
        variants:
        \(variants)
        \(sweep)
        """
    }

    func error(_ text: String) -> String {
        do {
            _ = try ExperimentSpec.decode(text, file: "e.yaml")
            return "accepted"
        } catch { return "\(error)" }
    }

    @Test func defaultsFollowTheActivationLayout() throws {
        let spec = try ExperimentSpec.decode(
            experiment(
                """
                  - {name: a, layout: nchw}\n  - {name: b, layout: nhwc}\n  - {name: c, layout: nhwc, algorithm: \
                im2col}
                """
            ), file: "e.yaml")
        guard case .conv(_, let a) = try spec.run(spec.variants[0], [:]).kernel,
            case .conv(_, let b) = try spec.run(spec.variants[1], [:]).kernel,
            case .conv(_, let c) = try spec.run(spec.variants[2], [:]).kernel
        else {
            Issue.record("not conv")
            return
        }
        #expect(a.algorithm == .direct(ConvLoopNest("nkyxcrs")!) && a.filter.description == "kcrs")
        #expect(b.algorithm == .direct(ConvLoopNest("nkyxrsc")!) && b.filter.description == "krsc")
        #expect(c.filter.description == "rsck")
    }

    @Test func badNestsAndFiltersNameFileLineAndKey() {
        let v = "  - {name: ok}\n  - {name: d, %@}"
        func bad(_ kv: String) -> String { error(experiment(v.replacingOccurrences(of: "%@", with: kv))) }
        #expect(
            bad("loops: nkyxcrz")
                == """
                e.yaml:7: variants[1].loops: `nkyxcrz` is not a permutation of the letters n k y x c r s (unknown \
                letter(s) `z`; missing `s`)
                """
        )
        #expect(
            bad("loops: nkyxcrr")
                == """
                e.yaml:7: variants[1].loops: `nkyxcrr` is not a permutation of the letters n k y x c r s (repeated \
                `r`; missing `s`)
                """
        )
        #expect(
            bad("loops: nkyxcr")
                == """
                e.yaml:7: variants[1].loops: `nkyxcr` is not a permutation of the letters n k y x c r s (missing \
                `s`)
                """
        )
        #expect(
            bad("filter: kcr")
                == "e.yaml:7: variants[1].filter: `kcr` is not a permutation of the letters k c r s (missing `s`)")
        #expect(
            bad("algorithm: im2col, filter: krsc").hasPrefix(
                """
                e.yaml:7: variants[1].filter: im2col reads the filter as its GEMM operand, so its layout is kcrs \
                with nchw
                """
            ))
        let gemm =
            "name: g\nmachine: tiny\nkernel: gemm\nshape: {m: 4, n: 4, k: 4}\nvariants:\n  - {name: a, filter: kcrs}\n"
        #expect(
            error(gemm)
                == """
                e.yaml:6: variants[0].filter: `filter` (a permutation of k c r s) applies to convolution variants \
                only
                """
        )
        #expect(
            error(experiment("  - {name: a}", sweep: "sweep: {loops: [nkyxcrs, nkyxcrs]}")).contains(
                "lists a value twice"))
        #expect(
            error(experiment("  - {name: a}", sweep: "sweep: {loops: [nkyxcrs, kyxcrs]}")).contains(
                "variants[0].loops: `kyxcrs` is not a permutation"))
    }

    /// Sweeping `loops`, `filter` and `layout`: one run per word, labelled by it, and each run
    /// equal to the same variant written with that key.
    @Test func wordsSweepLikeNumbers() throws {
        let swept = try ExperimentSpec.decode(
            experiment(
                "  - {name: d}",
                sweep: "sweep: {loops: [nkyxcrs, nyxrsck, nkcryxs], filter: [kcrs, rsck], layout: [nchw, nhwc]}"),
            file: "e.yaml")
        #expect(swept.points.count == 12)
        let runs = try SimulateSession.simulate(swept).runs
        #expect(runs.count == 12)
        for r in runs {
            let l = r.point["loops"]!.description, f = r.point["filter"]!.description,
                a = r.point["layout"]!.description
            let one = try ExperimentSpec.decode(
                experiment("  - {name: d, loops: \(l), filter: \(f), layout: \(a)}"), file: "e.yaml")
            let single = try #require(try SimulateSession.simulate(one).runs.first)
            #expect(single.accesses == r.accesses)
            for (x, y) in zip(single.stats.end.levels, r.stats.end.levels) {
                #expect(x.total == y.total, "\(l) \(f) \(a)")
            }
            #expect(ReportInput.pointText(r.point).contains("loops=\(l)"))
        }
        // The results document keeps the words as strings.
        let json = SimulateJSON.run(
            variant: "d", point: runs[0].point, accesses: 0, footprintBytes: 0, stats: runs[0].stats
        ).serialized()
        #expect(json.contains("\"loops\":\"nkyxcrs\""))
    }

    @Test(arguments: [TraceFormat.llt, .dineroBinary])
    func customOrderTraceReplaysToSimulate(_ format: TraceFormat) throws {
        let path = scratch.file("e.yaml")
        try experiment("  - {name: odd, layout: nhwc, loops: nkcryxs, filter: srkc}\n  - {name: zero, loops: crsnkyx}")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let spec = try ExperimentSpec.load(path: path)
        for r in try SimulateSession.simulate(spec).runs {
            let out = scratch.file("\(r.variant).trace")
            #expect(try TraceJob.run(spec, variant: r.variant, point: [:], format: format, output: out) == r.accesses)
            let rep = try ReplayJob.run(path: out, format: format, machine: spec.machine)
            for (a, b) in zip(rep.stats.end.levels, r.stats.end.levels) {
                #expect(a.total == b.total, "\(r.variant) \(a.config.name)")
            }
            for (a, b) in zip(rep.stats.flushed.levels, r.stats.flushed.levels) { #expect(a.total == b.total) }
        }
    }
}
