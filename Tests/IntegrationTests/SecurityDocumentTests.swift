import Foundation
import Testing
@testable import LayoutLabKit
import Reporting
import ResultsSchema
import TestSupport

/// Issue 25, results documents read by `report` and `merge`: every hostile document (a bundled
/// report's JSON with one field edited) ends in a one-line error naming the file and the JSON
/// path, exit 1, never a trap (exit 132/133/134/139) or a hang; experiments' claims are checked
/// when the experiment is read; `merge` checks every run of every shard.
@Suite(.serialized) struct SecurityDocumentTests {
    let scratch = TestDirectory("layoutlab-sec-docs")
    func tmp(_ name: String) -> String { scratch.file(name) }

    /// One line on stderr, exit 1, within the time limit.
    func oneLineError(_ r: CLIProcess.Result) -> Bool {
        r.status == 1 && !r.hung && r.err.split(separator: "\n").count == 1
    }

    /// A bundled report's JSON with `edits` applied: each path (dot-separated keys, numbers index
    /// lists) gets the raw JSON text given (so `1e999` stays as written); a missing key is added.
    func hostile(_ report: String, _ edits: [(String, String)], name: String = "hostile.json") throws -> String {
        var doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: repoRoot + "/Reports/" + report)))
        for (i, e) in edits.enumerated() {
            doc = Self.set(doc, e.0.split(separator: ".").map(String.init), .string("@RAW\(i)@"))
        }
        var text = doc.serialized(pretty: true)
        for (i, e) in edits.enumerated() { text = text.replacingOccurrences(of: "\"@RAW\(i)@\"", with: e.1) }
        let path = tmp(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func set(_ j: JSON, _ path: [String], _ v: JSON) -> JSON {
        guard let head = path.first else { return v }
        let rest = Array(path.dropFirst())
        switch j {
        case .array(var a):
            let i = Int(head)!
            a[i] = set(a[i], rest, v)
            return .array(a)
        case .object(var o):
            if let i = o.firstIndex(where: { $0.0 == head }) {
                o[i].1 = set(o[i].1, rest, v)
            } else {
                o.append((head, set(.object([]), rest, v)))
            }
            return .object(o)
        default:
            return .object([(head, set(.object([]), rest, v))])
        }
    }

    static let max64 = "18446744073709551615"

    /// (bundled report, edits, JSON path the error must name)
    static let defect03Cases: [(String, [(String, String)], String)] = [
        ("gemm-loop-orders.json", [("runs.0.point.size", "1e19")], "runs[0].point.size"),
        ("gemm-loop-orders.json", [("runs.0.point.size", "1e300")], "runs[0].point.size"),
        ("gemm-loop-orders.json", [("runs.0.point.size", "1e999")], "runs[0].point.size"),
        ("gemm-loop-orders.json", [("runs.0.point.size", max64)], "runs[0].point.size"),
        ("gemm-loop-orders.json", [("sweep.size.0", "1e300")], "sweep.size[0]"),
        ("loop-orders.json", [("shape.m", max64)], "shape.m"),
        ("loop-orders.json", [("runs.0.simulatedPages", "1e19")], "runs[0].simulatedPages"),
        ("loop-orders.json", [("runs.0.predictedFaults", max64)], "runs[0].predictedFaults"),
        ("loop-orders.json", [("runs.0.accesses", max64), ("runs.1.accesses", "2")], "runs[1].accesses"),
        (
            "loop-orders.json",
            [
                ("runs.0.warp", "{\"skippedAccesses\": \(max64), \"explicitAccesses\": 0, \"period\": 1}"),
                ("runs.1.warp", "{\"skippedAccesses\": 5, \"explicitAccesses\": 0, \"period\": 1}"),
            ],
            "runs[1].warp.skippedAccesses"
        ),
        (
            "loop-orders.json",
            [
                ("runs.0.levels.0.loadMisses", max64), ("runs.0.levels.0.storeMisses", "1"),
                ("runs.0.levels.0.misses", "0"),
            ], "runs[0].levels[0].storeMisses"
        ),
        (
            "loop-orders.json", [("runs.0.levels.0.loads", max64), ("runs.0.levels.0.stores", "1")],
            "runs[0].levels[0].stores"
        ),
        ("conv-3x3.json", [("shape.h", "9223372036854775807")], "shape.h"),
        ("blis-model-zen4.json", [("variants.0.mr", "\"-4\"")], "variants[0].mr"),
        ("blis-model-zen4.json", [("variants.0.nr", "\"0\"")], "variants[0].nr"),
        ("blis-model-zen4.json", [("machine.levels.0.sets", "4611686018427387904")], "machine.levels[0].sets"),
        (
            "measure-small-callgrind.json", [("runs.0.measured.callgrind::D1mr.median", "1e300")],
            "runs[0].measured.callgrind::D1mr.median"
        ),
        (
            "measure-small-callgrind.json", [("runs.0.measured.callgrind::D1mr.median", "1e999")],
            "runs[0].measured.callgrind::D1mr.median"
        ),
        (
            "measure-small-callgrind.json", [("runs.0.measured.callgrind::Dw.median", "-1e300")],
            "runs[0].measured.callgrind::Dw.median"
        ),
        ("register-blocking.json", [("claims.0.value", "1e300")], "claims[0].value"),
        ("register-blocking.json", [("claims.0.tolerance", "1e999")], "claims[0].tolerance"),
        ("register-blocking.json", [("claims.0.variant", "\"nope\"")], "claims[0].variant"),
        ("register-blocking.json", [("claims.0.level", "\"L9\"")], "claims[0].level"),
    ]

    @Test(arguments: defect03Cases.indices)
    func defect03_hostileNumbersInDocumentsAreOneLineErrors(_ i: Int) throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let (report, edits, path) = Self.defect03Cases[i]
        let doc = try hostile(report, edits)
        for args in [["report", doc, "-o", tmp("r.md")], ["report", doc, "--csv", tmp("r.csv")]] {
            let r = try CLIProcess.run(args, limit: 30)
            #expect(oneLineError(r), "\(report) \(edits): \(r)")
            #expect(r.err.contains("hostile.json: \(path):"), "\(report) \(edits): \(r.err)")
            #expect(
                !FileManager.default.fileExists(atPath: tmp("r.md"))
                    && !FileManager.default.fileExists(atPath: tmp("r.csv")))
        }
    }

    /// Indices from document data: BLIS findings indexed the first document's runs by a level
    /// number taken from all documents' levels; a one-level machine beside a three-level one trapped.
    @Test func defect03_blisDocumentsOnDifferentMachinesReport() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let full = repoRoot + "/Reports/blis-model-zen4.json"
        var doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: full)))
        let l1 = doc["machine"]!["levels"]!.array![0]
        doc = Self.set(doc, ["machine", "levels"], .array([l1]))
        for i in doc["runs"]!.array!.indices {
            doc = Self.set(doc, ["runs", "\(i)", "levels"], .array([doc["runs"]!.array![i]["levels"]!.array![0]]))
            doc = Self.set(doc, ["runs", "\(i)", "model"], .null)
        }
        let one = tmp("one-level.json")
        try Data(doc.serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: one))
        let r = try CLIProcess.run(["report", one, full, "-o", tmp("r.md")], limit: 60)
        #expect(r.status == 0 && !r.hung, "\(r)")
    }

    /// `merge` reads the shard entry's numbers with the same care (`"index": 1e300` trapped).
    @Test(arguments: ["1e300", "1e999", max64, "-1"])
    func defect03_shardIndexOutOfRangeIsAnError(_ value: String) throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let doc = try hostile(
            "loop-orders.json",
            [("shard", "{\"index\": \(value), \"count\": 1, \"totalRuns\": 9, \"fingerprint\": \"x\", \"flags\": []}")])
        let m = try CLIProcess.run(["merge", doc, "--json", tmp("m.json")], limit: 30)
        #expect(oneLineError(m) && m.err.contains("hostile.json: shard.index:"), "\(m)")
        let r = try CLIProcess.run(["report", doc, "-o", tmp("r.md")], limit: 30)
        #expect(oneLineError(r) && r.err.contains("hostile.json: shard.index:"), "\(r)")
    }

    /// `report` hung at 100% CPU: a sweep point `size: 0` makes misses per MNK infinite. Now
    /// the report is written promptly and no chart holds a non-finite value or a runaway axis.
    @Test func defect04_zeroWorkPointDoesNotHangTheReport() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let doc = try hostile("gemm-loop-orders.json", [("runs.0.point.size", "0")])
        let r = try CLIProcess.run(["report", doc, "-o", tmp("r.md")], limit: 30)
        #expect(r.status == 0 && !r.hung, "\(r)")
        let svgs = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".svg") }
        #expect(!svgs.isEmpty)
        for f in svgs {
            let s = try String(contentsOfFile: tmp(f), encoding: .utf8)
            #expect(!s.contains("inf") && !s.contains("nan"), "\(f)")
            #expect(s.components(separatedBy: "class='tick'").count < 80, "\(f): runaway ticks")
        }
    }

    /// A Callgrind median of 1e999 (infinity) hung the log axis; it is refused where it is read.
    @Test func defect04_infiniteMedianDoesNotHangTheReport() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let doc = try hostile("measure-small-callgrind.json", [("runs.0.measured.callgrind::D1mw.median", "1e999")])
        let r = try CLIProcess.run(["report", doc, "-o", tmp("r.md")], limit: 30)
        #expect(oneLineError(r) && r.err.contains("runs[0].measured.callgrind::D1mw.median"), "\(r)")
    }

    /// The chart code itself: non-finite values never reach an axis, and an axis has a bounded
    /// number of ticks whatever the values span (1e-300 to 1e300, a subnormal, the largest double).
    @Test func defect04_chartAxesAreBoundedAndFinite() {
        let spans: [[Double]] = [
            [1, .infinity], [.nan, 3], [1e-300, 1e300], [Double.leastNonzeroMagnitude],
            [Double.greatestFiniteMagnitude], [-.infinity, 2],
        ]
        for ys in spans {
            let line = SVGChart.line(
                title: "t", xLabel: "x", yLabel: "y",
                series: [.init(name: "s", points: ys.enumerated().map { (Double($0.offset + 1), $0.element) })])
            let bars = SVGChart.bars(
                title: "t", yLabel: "y", categories: ys.indices.map { "c\($0)" }, segments: [("s", ys)])
            for s in [line, bars] {
                #expect(!s.contains("inf") && !s.contains("nan"), "\(ys)")
                #expect(s.components(separatedBy: "class='tick'").count < 40, "\(ys): runaway ticks")
            }
        }
    }

    static let claimExperiment = """
        name: claimed
        machine: tiny
        kernel: gemm
        shape: {m: 8, n: 8, k: 8}
        variants: [{name: ijk}, {name: ikj, loops: ikj}]
        claim:

        """

    /// A claim whose value or tolerance is out of range, or which names no level, trapped after
    /// the whole sweep; now the experiment is refused when it is read (file:line: key).
    @Test(arguments: [
        ("  {text: t, metric: misses, level: L1, variant: ijk, value: 1e300}", "value"),
        ("  {text: t, metric: misses, level: L1, variant: ijk, value: 1, tolerance: 1e300}", "tolerance"),
        ("  {text: t, metric: missRatio, level: L1, variant: ijk, baseline: ikj, value: 1e19}", "value"),
    ])
    func defect05_claimsAreCheckedWhenTheExperimentIsRead(_ claim: String, _ key: String) throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = tmp("claimed.yaml")
        try Data((Self.claimExperiment + claim + "\n").utf8).write(to: URL(fileURLWithPath: exp))
        let r = try CLIProcess.run(["simulate", exp, "--out", tmp("out")], limit: 60)
        #expect(oneLineError(r) && r.err.contains("claimed.yaml:7:") && r.err.contains(key), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: tmp("out/claimed.json")), "refused before the sweep")
    }

    static let sweepExperiment = """
        name: sharded
        machine: tiny
        kernel: gemm
        shape: {m: 8, n: 8, k: 8}
        variants: [{name: ijk}, {name: ikj, loops: ikj}]
        sweep: {size: [8, 16]}

        """

    /// The shards of the 4-run sweep above: PART-i-of-n.json.
    func shards(_ count: Int) throws -> [String] {
        let exp = tmp("sharded.yaml")
        try Data(Self.sweepExperiment.utf8).write(to: URL(fileURLWithPath: exp))
        return try (0..<count).map { i in
            let part = tmp("part-\(i)-of-\(count).json")
            let r = try CLIProcess.run(["simulate", exp, "--shard", "\(i)/\(count)", "--json", part], limit: 60)
            try #require(r.status == 0, "\(r)")
            return part
        }
    }

    /// A shard carrying another shard's runs merged into duplicates (exit 0).
    @Test func defect14_mergeRefusesAShardCarryingAnotherShardsRuns() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let parts = try shards(2)
        let p0 = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: parts[0])))
        let p1 = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: parts[1])))
        let forged = Self.set(p1, ["runs"], p0["runs"]!)
        try Data(forged.serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: parts[1]))
        let r = try CLIProcess.run(["merge", parts[0], parts[1], "--json", tmp("m.json")], limit: 60)
        // Run 0 of shard 1/2 is the sweep's run 1: size = 8, variant ikj; it carries run 0's ijk.
        #expect(oneLineError(r) && r.err.contains("part-1-of-2.json: runs[0]"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: tmp("m.json")))
    }

    /// A 0/1 shard claiming a smaller sweep (2 of its 4 runs, totalRuns 2) merged as complete.
    @Test func defect14_mergeRefusesAShardClaimingASmallerSweep() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let parts = try shards(1)
        var doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: parts[0])))
        doc = Self.set(doc, ["runs"], .array(Array(doc["runs"]!.array!.prefix(2))))
        doc = Self.set(doc, ["shard", "totalRuns"], .uint(2))
        try Data(doc.serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: parts[0]))
        let r = try CLIProcess.run(["merge", parts[0], "--json", tmp("m.json")], limit: 60)
        // 2 variants x 2 sizes: the experiment recorded in the shard has 4 runs.
        #expect(oneLineError(r) && r.err.contains("part-0-of-1.json: shard.totalRuns:") && r.err.contains("4"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: tmp("m.json")))
    }

    /// A shard whose run is at another point than the experiment's run order puts there.
    @Test func defect14_mergeRefusesARunAtTheWrongPoint() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let parts = try shards(2)
        var doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: parts[1])))
        doc = Self.set(doc, ["runs", "1", "point", "size"], .uint(8))
        try Data(doc.serialized(pretty: true).utf8).write(to: URL(fileURLWithPath: parts[1]))
        let r = try CLIProcess.run(["merge", parts[0], parts[1], "--json", tmp("m.json")], limit: 60)
        #expect(oneLineError(r) && r.err.contains("part-1-of-2.json: runs[1].point:"), "\(r)")
    }

    /// `merge` with no inputs named `report` in its error.
    @Test func defect14_mergeWithNoInputsNamesMerge() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let r = try CLIProcess.run(["merge", "--json", tmp("m.json")], limit: 30)
        #expect(oneLineError(r) && r.err.contains("merge") && !r.err.contains("report"), "\(r)")
    }

    /// The bundled documents still merge-check and report cleanly (no false refusals).
    @Test func defect03_bundledDocumentsStillReport() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let names = try FileManager.default.contentsOfDirectory(atPath: repoRoot + "/Reports").filter {
            $0.hasSuffix(".json")
        }.sorted()
        for n in names {
            let r = try CLIProcess.run(
                ["report", repoRoot + "/Reports/" + n, "-o", tmp("b.md"), "--csv", tmp("b.csv")], limit: 60)
            #expect(r.status == 0, "\(n): \(r)")
        }
    }
}
