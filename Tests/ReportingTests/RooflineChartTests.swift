import ResultsSchema
import Foundation
import Testing
@testable import Reporting
import TestSupport

/// The cache-aware roofline chart on hand-made documents: its roofs, axes and points against
/// positions computed here by hand from the documented geometry (`SVGChart.Roofline`: the plot
/// is 452 x 440 pixels from (78, 40); x spans the whole decades around every intensity and
/// ridge point, y those around every point and compute roof), and where it is not drawn.
@Suite struct RooflineChartTests {
    /// A machine of three levels with figures: 2 GHz, f64 8 flops per cycle (16 GFLOP/s), 2 loads
    /// and 1 store of 32 B per cycle (96 B/cycle = 192 GB/s), L1-L2 32 B/cycle (64 GB/s), L2-L3
    /// 40 GB/s, memory 10 GB/s.
    static func machine(_ name: String = "hand") -> JSON {
        guard case .object(var m) = HandMadeDocument.machine(name, ["L1", "L2", "L3"]),
            case .array(let levels)? = m.first(where: { $0.0 == "levels" })?.1
        else { return .null }
        let bandwidths: [JSON?] = [
            .object([("bytesPerCycle", .double(32))]), .object([("gbPerSecond", .double(40))]), nil,
        ]
        let withFigures: [JSON] = zip(levels, bandwidths).map { l, b in
            guard case .object(let o) = l, let b else { return l }
            return .object(o + [("bandwidth", b)])
        }
        m = m.map { $0.0 == "levels" ? ("levels", .array(withFigures)) : $0 }
        let core: [(String, JSON)] = [
            ("clock", .double(2)), ("flopsPerCycle", .object([("f64", .double(8))])), ("loadsPerCycle", .double(2)),
            ("storesPerCycle", .double(1)), ("loadBytes", .double(32)), ("storeBytes", .double(32)),
        ]
        return .object(
            m + [("core", .object(core)), ("memory", .object([("bandwidth", .double(10)), ("latency", .null)]))])
    }

    /// A cost of 1,000,000 flops with the given bytes per boundary and ECM GFLOP/s.
    static func cost(bytes: [Double], gflops: Double) -> JSON {
        let names = ["registers-L1", "L1-L2", "L2-L3", "L3-memory"]
        let boundaries: [JSON] = zip(names, bytes).map {
            .object([("name", .string($0)), ("bytes", .double($1)), ("cycles", .double(0.1))])
        }
        return .object([
            ("unit", .string("MNK")), ("flops", .double(1_000_000)), ("boundaries", .array(boundaries)),
            ("core", .object([("peakFlopsPerCycle", .double(8)), ("cycles", .double(0.25))])),
            ("roofline", .object([("cycles", .double(0.5)), ("gflops", .double(8)), ("bound", .string("core"))])),
            (
                "ecm",
                .object([
                    ("cycles", .double(4 / gflops)), ("gflops", .double(gflops)), ("overlap", .double(0.25)),
                    ("nonOverlap", .double(0.5)),
                ])
            ),
        ])
    }

    static func run(_ variant: String, cost: JSON, measured: Double? = nil) -> JSON {
        let levels = ["L1", "L2", "L3"].map { HandMadeDocument.level($0, accesses: 1000, misses: 10) }
        guard case .object(let o) = HandMadeDocument.run(variant, [], accesses: 1000, levels) else { return .null }
        let time: (Double) -> JSON = {
            .object([
                (
                    "time",
                    .object([
                        ("medianSeconds", .double($0)), ("minSeconds", .double($0)), ("repetitions", .int(1)),
                        ("gflops", .null),
                    ])
                )
            ])
        }
        let m: [(String, JSON)] = measured.map { [("measured", time($0))] } ?? []
        return .object(o + m + [("cost", cost)])
    }

    /// Run a: intensities 0.25, 1, 10, 50 flops/B at 2 GFLOP/s; run b: 0.5, 2, 2, 100 at 4 GFLOP/s,
    /// measured 0.5 ms (1e6 flops / 5e-4 s = 2 GFLOP/s).
    static func document(_ name: String = "hand") -> JSON {
        HandMadeDocument.doc(
            "roof", machine: machine(name),
            runs: [
                run("a", cost: cost(bytes: [4e6, 1e6, 1e5, 2e4], gflops: 2)),
                run("b", cost: cost(bytes: [2e6, 5e5, 5e5, 1e4], gflops: 4), measured: 5e-4),
            ])
    }

    static func build(_ docs: [JSON]) throws -> Report {
        try Report.build(
            docs.enumerated().map { try ReportInput.decode($1, file: "doc\($0 + 1).json") }, stem: "t",
            command: "layoutlab report")
    }

    /// Every match of `pattern` in `s`, as its capture groups.
    static func matches(_ pattern: String, _ s: String) throws -> [[String]] {
        let re = try NSRegularExpression(pattern: pattern)
        let ns = s as NSString
        return re.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
    }

    // The hand-computed geometry: x over 10^-2 ... 10^2 (the smallest value, the ridge of the
    // registers-L1 roof 16 / 192 = 0.083, lies in 10^-2 ... 10^-1; the largest intensity is
    // 100), y over 10^0 ... 10^2 (points at 2 and 4, the peak 16).
    static func px(_ x: Double) -> Double { 78 + (log10(x) + 2) / 4 * 452 }
    static func py(_ y: Double) -> Double { 40 + 440 - log10(y) / 2 * 440 }

    @Test func roofsAxesAndPointsSitWhereTheHandComputationPutsThem() throws {
        let report = try Self.build([Self.document()])
        let chart = try #require(report.charts.first { $0.file == "t-roofline.svg" })
        #expect(report.markdown.contains("](t-roofline.svg)"))
        let svg = chart.svg
        let roofs = try Self.matches(
            "<g class='roof'><title>([^<]*)</title><line x1='([^']*)' y1='([^']*)' x2='([^']*)' y2='([^']*)'", svg)
        // Each bandwidth roof runs from where it enters the plot (x = 10^-2, or the floor y = 1 at
        // x = 1 / GB/s) to its ridge (16 GFLOP/s / GB/s); the compute roof from the leftmost ridge
        // (16 / 192) to x = 100.
        let want: [(String, Double, Double, Double, Double)] = [
            ("registers-L1 192 GB/s", 0.01, 1.92, 16.0 / 192, 16),
            ("L1-L2 64 GB/s", 1.0 / 64, 1, 0.25, 16),
            ("L2-L3 40 GB/s", 0.025, 1, 0.4, 16),
            ("L3-memory 10 GB/s", 0.1, 1, 1.6, 16),
            ("f64 peak 16 GFLOP/s", 16.0 / 192, 16, 100, 16),
        ]
        #expect(roofs.map { $0[0] } == want.map(\.0))
        for (got, w) in zip(roofs, want) {
            let xy = got.dropFirst().compactMap(Double.init)
            let expected = [Self.px(w.1), Self.py(w.2), Self.px(w.3), Self.py(w.4)]
            let close = xy.count == 4 && zip(xy, expected).allSatisfy { abs($0 - $1) < 1e-6 }
            #expect(close, "\(w.0): \(xy) vs \(expected)")
        }
        // Grid lines at every decade: x 0.01 ... 100 every 113 px from 78, y 1, 10, 100 at 480, 260, 40.
        let gx = try Self.matches("<line class='grid-x' x1='([^']*)'", svg).compactMap { Double($0[0]) }
        #expect(gx == [78, 191, 304, 417, 530])
        let gy = try Self.matches("<line class='grid-y' x1='[^']*' y1='([^']*)'", svg).compactMap { Double($0[0]) }
        #expect(gy == [480, 260, 40])
        let ticks = try Self.matches("class='tick'>([^<]*)</text>", svg).map { $0[0] }
        #expect(ticks == ["0.01", "0.1", "1", "10", "100", "1", "10", "100"])
        // 2 runs x 4 boundaries, and b's measured cross at its 4 intensities.
        #expect(try Self.matches("<g class='point'>", svg).count == 12)
        // Run a at registers-L1: 1e6 flops / 4e6 B = 0.25 flops/B, 2 GFLOP/s, a circle.
        let circle = try Self.matches(
            "<title>a at registers-L1: 0.25 flops/B, 2 GFLOP/s</title><circle cx='([^']*)' cy='([^']*)'", svg)
        let c = try #require(circle.first).compactMap(Double.init)
        #expect(c.count == 2 && abs(c[0] - Self.px(0.25)) < 1e-6 && abs(c[1] - Self.py(2)) < 1e-6, "\(c)")
        // b measured at L3-memory: 1e6 / 1e4 = 100 flops/B, 1e6 / 5e-4 s = 2 GFLOP/s: a cross centred there.
        let cross = try Self.matches(
            "<title>b at L3-memory: 100 flops/B, 2 GFLOP/s measured</title><path d='M([^,]*),([^ ]*) ", svg)
        let m = try #require(cross.first).compactMap(Double.init)
        #expect(m.count == 2 && abs(m[0] + 4 - Self.px(100)) < 1e-6 && abs(m[1] + 4 - Self.py(2)) < 1e-6, "\(m)")
    }

    @Test func noCostNoChartAndASentenceSaysWhy() throws {
        let runs = ["a", "b"].map { v -> JSON in
            let levels = ["L1", "L2"].map { HandMadeDocument.level($0, accesses: 100, misses: 10) }
            guard case .object(let o) = HandMadeDocument.run(v, [], accesses: 100, levels) else { return .null }
            return .object(o + [("cost", .null), ("costNote", .string("the machine file does not give core.clock"))])
        }
        let report = try Self.build([
            HandMadeDocument.doc("plain", machine: HandMadeDocument.machine("bare", ["L1", "L2"]), runs: runs)
        ])
        #expect(!report.charts.contains { $0.file.contains("roofline") })
        #expect(
            report.markdown.contains(
                "No roofline chart for bare: no run has a modelled time (the machine file does not give core.clock)."))
    }

    @Test func oneChartPerMachineNamedThroughChartFileName() throws {
        let report = try Self.build([Self.document("zen 4"), Self.document("n1")])
        let files = report.charts.map(\.file).filter { $0.contains("roofline") }
        #expect(files == ["t-\(ChartFileName.component("roofline-zen 4")).svg", "t-roofline-n1.svg"])
        #expect(!files[0].contains(" "))
    }
}
