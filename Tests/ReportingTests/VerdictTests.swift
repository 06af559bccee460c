import Foundation
import Testing
@testable import LayoutLabKit
import LayoutConfig
import Reporting
import ResultsSchema
import TestSupport

/// The report's verdict on documents whose modelled times are set by hand: the fastest run by
/// ECM, what bounds it and its share, the runner-up, the roofline's agreement or its own pick, and
/// the fallback to misses when the machine lacks figures.
struct VerdictTests {
    static let machine = """
        name: hand
        core: {clock: 2, flopsPerCycle: {f32: 16}, loadsPerCycle: 2, storesPerCycle: 1, loadBytes: 32, storeBytes: 32}
        levels:
          - {name: L1, size: 256, line: 16, ways: 2, bandwidth: 32}
          - {name: L2, size: 1KiB, line: 16, ways: 4}
        memory: {bandwidth: 8}
        """

    /// Two naive runs, `a` (ijk) and `b` (ikj), simulated on `machine` (a file path or name).
    static func document(machine: String) throws -> JSON {
        let text =
            """
            name: v\nmachine: \(machine)\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants: [{name: a}, {name: b, \
            loops: ikj}]\n
            """
        let spec = try ExperimentSpec.decode(text, file: "v.yaml")
        return try SimulateSession.simulate(spec, classify: false, warp: false).json
    }

    /// A `cost` object: ECM and roofline cycles per MNK, and the ECM's terms.
    static func cost(
        ecm: Double, roofline: Double, bound: String = "L1-L2", overlap: Double = 0.1, nonOverlap: Double = 0.3,
        transfers: [Double] = [0.6, 0.1]
    ) -> JSON {
        let names = ["L1-L2", "L2-memory"]
        let boundaries: [JSON] =
            [.object([("name", .string("registers-L1")), ("bytes", .double(1)), ("cycles", .double(0.2))])]
            + zip(names, transfers).map {
                .object([("name", .string($0)), ("bytes", .double(1)), ("cycles", .double($1))])
            }
        return .object([
            ("unit", .string("MNK")), ("flops", .double(1024)), ("boundaries", .array(boundaries)),
            ("core", .object([("peakFlopsPerCycle", .double(16)), ("cycles", .double(overlap))])),
            (
                "roofline",
                .object([("cycles", .double(roofline)), ("gflops", .double(4 / roofline)), ("bound", .string(bound))])
            ),
            (
                "ecm",
                .object([
                    ("cycles", .double(ecm)), ("gflops", .double(4 / ecm)), ("overlap", .double(overlap)),
                    ("nonOverlap", .double(nonOverlap)),
                ])
            ),
        ])
    }

    /// `doc` with run i's cost replaced by `costs[i]`.
    static func withCosts(_ doc: JSON, _ costs: [JSON]) -> JSON {
        guard case .object(var o) = doc, case .array(let runs)? = doc["runs"] else { return doc }
        let edited: [JSON] = zip(runs, costs).map { run, c in
            guard case .object(let r) = run else { return run }
            return .object(r.filter { $0.0 != "cost" && $0.0 != "costNote" } + [("cost", c)])
        }
        o = o.map { $0.0 == "runs" ? ("runs", .array(edited)) : $0 }
        return .object(o)
    }

    static func verdict(_ doc: JSON) throws -> [String] {
        let md = try Report.build(
            [try ReportInput.decode(doc, file: "v.json")], stem: "v", command: "layoutlab report v.json"
        ).markdown
        let section = md.components(separatedBy: "## Verdict\n\n").dropFirst().first ?? ""
        return section.components(separatedBy: "\n\n").first?.split(separator: "\n").map(String.init) ?? []
    }

    /// A fresh folder per test (Swift Testing makes a suite instance per test), removed after it.
    let scratch = TestDirectory("layoutlab-verdict")

    func handMachine() throws -> String {
        let path = scratch.file("hand.yaml")
        try Self.machine.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func whenRooflineAndECMDisagreeBothAreSaid() throws {
        let doc = Self.withCosts(
            try Self.document(machine: try handMachine()),
            [Self.cost(ecm: 2, roofline: 0.5), Self.cost(ecm: 1, roofline: 0.8)])
        // b: ECM 1 cycle per MNK = 2 flops x 2 GHz / 1 = 4 GFLOP/s; its largest serial term is the
        // L1-L2 transfers, 0.6 of the 1.0 cycle; a is 2x slower by ECM but has the lower roofline.
        #expect(
            try Self.verdict(doc) == [
                """
                - On hand: **b** is fastest by the model (ECM 1 cycles per MNK, 4 GFLOP/s, bound by L1-L2 \
                transfers: 60% of the time); 
                """
                    + """
                    runner-up **a**, 2.0x slower; the roofline ranks **a** first (0.5 cycles per MNK, bound by \
                    L1-L2).
                    """
            ])
    }

    @Test func withinFivePercentIsAboutEqualAndTheArithmeticCanBound() throws {
        // a: T_OL 1.0 above T_nOL + transfers (0.3 + 0.6 + 0.1): bound by the arithmetic.
        let doc = Self.withCosts(
            try Self.document(machine: try handMachine()),
            [Self.cost(ecm: 1.0, roofline: 1.0, bound: "core", overlap: 1.0), Self.cost(ecm: 1.04, roofline: 1.0)])
        let lines = try Self.verdict(doc)
        #expect(
            lines == [
                "- On hand: **a** is fastest by the model (ECM 1 cycles per MNK, 4 GFLOP/s, bound by the arithmetic); "
                    + "runner-up **b**, about equal (1.04x); the roofline agrees."
            ])
    }

    @Test func missingFiguresAreNamedAndMissesDecide() throws {
        // tiny gives no figures: the cost is null and the last level's misses rank the runs.
        let doc = try Self.document(machine: "tiny")
        let input = try ReportInput.decode(doc, file: "v.json")
        let l2 = input.runs.map { $0.levels[1].c.misses }
        let lines = try Self.verdict(doc)
        #expect(lines.count == 1)
        #expect(
            lines[0].hasPrefix(
                "- On tiny: no modelled time (the machine file gives no performance figures: core, "
                    + "a level's bandwidth, memory); by misses at L2, the last level, "))
        if l2[0] != l2[1] {
            let (best, other) = l2[0] < l2[1] ? ("a", "b") : ("b", "a")
            #expect(lines[0].contains("**\(best)** has the fewest (\(Fmt.int(min(l2[0], l2[1]))))"), "\(lines)")
            #expect(lines[0].contains("runner-up **\(other)** (\(Fmt.int(max(l2[0], l2[1])))"), "\(lines)")
        } else {
            #expect(lines[0].contains("all 2 runs make \(Fmt.int(l2[0])): the counts do not decide."), "\(lines)")
        }
    }

    @Test func partialFiguresNameWhatIsMissing() throws {
        // Without memory's bandwidth the last boundary has no time: the note names `memory.bandwidth`.
        let machine = try handMachine()
        try Self.machine.replacingOccurrences(of: "memory: {bandwidth: 8}", with: "").write(
            toFile: machine, atomically: true, encoding: .utf8)
        let doc = try Self.document(machine: machine)
        #expect(doc["runs"]?.array?.first?["cost"] == .null)
        #expect(doc["runs"]?.array?.first?["costNote"] == .string("the machine file does not give memory.bandwidth"))
        #expect(
            try Self.verdict(doc).first?.contains("no modelled time (the machine file does not give memory.bandwidth)")
                == true)
    }

    /// `doc` with run i measured: `seconds[i]` as its median wall time (5 repetitions).
    static func withTimes(_ doc: JSON, _ seconds: [Double]) -> JSON {
        guard case .object(var o) = doc, case .array(let runs)? = doc["runs"] else { return doc }
        let edited: [JSON] = zip(runs, seconds).map { run, t in
            guard case .object(let r) = run else { return run }
            let time: JSON = .object([
                ("medianSeconds", .double(t)), ("minSeconds", .double(t)), ("repetitions", .int(5)),
            ])
            return .object(r.filter { $0.0 != "measured" } + [("measured", .object([("time", time)]))])
        }
        o = o.map { $0.0 == "runs" ? ("runs", .array(edited)) : $0 }
        return .object(o)
    }

    @Test func aMeasuredDocumentSaysWhatRanFastestAndHowFarTheModelWas() throws {
        // ECM: a 2, b 1 cycles per MNK; 8 x 8 x 8 = 512 MNK at 2 GHz: a 512 ns, b 256 ns. Measured:
        // a 1,024 ns (ECM off by (512 - 1024) / 1024 = -50%), b 3,072 ns ((256 - 3072) / 3072 = -92%),
        // so a ran fastest and the model's pick, b, took 3072 / 1024 = 3.0x as long.
        let doc = Self.withTimes(
            Self.withCosts(
                try Self.document(machine: try handMachine()),
                [Self.cost(ecm: 2, roofline: 0.5), Self.cost(ecm: 1, roofline: 0.25)]),
            [1.024e-6, 3.072e-6])
        let lines = try Self.verdict(doc)
        #expect(lines.count == 2)
        let measured = lines.last ?? ""
        #expect(measured.hasPrefix("- Measured on the host: **a** is fastest (median "))
        #expect(measured.contains("; the model's pick, b, took 3.0x as long;"))
        #expect(measured.hasSuffix("; the ECM times were off by -92% to -50% over these 2 runs."))
        #expect(measured.components(separatedBy: "**").count == 3, "one bold name: the measured winner")
    }

    @Test func measuredTimesWithinOnePercentTieAndTheModelCanAgree() throws {
        // b is the model's pick (ECM 1 against 2) and measures 0.5% slower than a: a tie, which holds it.
        let doc = Self.withTimes(
            Self.withCosts(
                try Self.document(machine: try handMachine()),
                [Self.cost(ecm: 2, roofline: 0.5), Self.cost(ecm: 1, roofline: 0.25)]),
            [1.0e-3, 1.005e-3])
        let measured = try Self.verdict(doc).last ?? ""
        #expect(measured.hasPrefix("- Measured on the host: **a** and **b** tie as fastest (times within 1%)"))
        #expect(measured.contains("; the model's pick agrees;"))
    }
}
