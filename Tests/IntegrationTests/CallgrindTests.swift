import Counters
import Foundation
import LayoutConfig
import Reporting
import ResultsSchema
import Testing
@testable import LayoutLabKit
import TestSupport

/// `measure --counters callgrind`: the compiled native kernels under Valgrind's cache simulator.
/// The end-to-end test needs Valgrind (README's test command and `.ci/run` install it); without
/// it that test is reported skipped.
@Suite struct CallgrindTests {
    let dir = TestDirectory("layoutlab-callgrind")

    @Test func totalsAreReadFromTheOutputFile() {
        // A Callgrind output written with --instr-atstart=no: `summary:` is a lone 0, `totals:` the counts.
        let text =
            """
            version: 1\ncreator: callgrind-3.19.0\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\nfl=(1) \
            x.c\nfn=(1) main\n
            """
            + "16 7 2 1\nsummary: 0\ntotals: 600004 100000 1 2 6251 1 2 6251 1\n"
        let t = Callgrind.parseTotals(text)
        #expect(
            t?["Dr"] == 100_000 && t?["Dw"] == 1 && t?["D1mr"] == 6251 && t?["D1mw"] == 1 && t?["DLmr"] == 6251
                && t?["DLmw"] == 1)
        #expect(Callgrind.parseTotals("events: Ir Dr\ntotals: 5 x\n") == nil)
        #expect(Callgrind.parseTotals("no events here\n") == nil)
    }

    @Test func geometryValgrindCannotModelIsNamed() {
        // 96 B / (32 B x 1 way) = 3 sets; lines under 16 B are refused by Valgrind too.
        #expect(
            Callgrind.Geometry(size: 96, ways: 1, line: 32).problem
                == "3 sets; Valgrind's cache simulator needs a power-of-two set count")
        #expect(
            Callgrind.Geometry(size: 256, ways: 2, line: 8).problem
                == "8-byte lines; Valgrind's cache simulator needs lines of at least 16 bytes")
        #expect(
            Callgrind.Geometry(size: 32768, ways: 8, line: 64).problem == nil
                && Callgrind.Geometry(size: 32768, ways: 8, line: 64).argument == "32768,8,64")
    }

    static let experiment =
        """
        name: cg\nmachine: zen4\nkernel: gemm\nshape: {m: 32, n: 32, k: 32}\nelement: f32\nvariants:\n  - {name: \
        ijk, loops: ijk}\n  - {name: ikj, loops: ikj}\n
        """

    func write() throws -> String {
        try Self.experiment.write(toFile: dir.file("e.yaml"), atomically: true, encoding: .utf8)
        return dir.file("e.yaml")
    }

    @Test func unmodellableGeometryIsRefusedBeforeAnyWork() throws {
        try #require(CLIProcess.built)
        let e = try write()
        try "name: odd\nlevels:\n  - {name: L1, size: 96, line: 32, ways: 1}\n".write(
            toFile: dir.file("m.yaml"), atomically: true, encoding: .utf8)
        let r = try CLIProcess.run([
            "measure", e, "--machine", dir.file("m.yaml"), "--counters", "callgrind", "--json", dir.file("o.json"),
        ])
        #expect(
            r.status == 1
                && r.err
                    == """
                    layoutlab: error: --counters callgrind: machine odd, level L1: 3 sets; Valgrind's cache \
                    simulator needs a power-of-two set count\n
                    """
        )
        #expect(!FileManager.default.fileExists(atPath: dir.file("o.json")))
        let bad = try CLIProcess.run(["measure", e, "--counters", "perf"])
        #expect(bad.status == 64 && bad.err.contains("--counters"))
    }

    /// Without Valgrind on PATH every Callgrind event is unavailable with the reason; never 0.
    @Test func missingValgrindIsUnavailable() throws {
        try #require(CLIProcess.built)
        let e = try write()
        let r = try CLIProcess.run(
            ["measure", e, "--machine", "zen4", "--counters", "callgrind", "--json", dir.file("u.json")],
            shell: "PATH=/nonexistent")
        #expect(r.status == 0, "\(r.err)")
        let doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: dir.file("u.json"))))
        let m = doc["runs"]?.array?.first?["measured"]
        #expect(m?["callgrind::D1mr"]?["status"]?.string == "unavailable")
        #expect(m?["callgrind::D1mr"]?["reason"]?.string == "valgrind is not installed (Debian package `valgrind`)")
        #expect(m?["PAPI_L1_DCM"] == nil, "PAPI is not used with --counters callgrind")
    }

    /// zen4's L1 (32 KiB 8-way, 64 B lines) holds the whole n=32 f32 problem: A, B and C are 3 x 32 x 32
    /// x 4 B = 192 lines, so a cold kernel misses at least 192 times in D1. The whole process under
    /// Callgrind misses about 10^6 times: a count below 2,000 shows only the kernel was collected.
    @Test(.enabled(if: Callgrind.valgrindPath() != nil, "valgrind is not installed (apt-get install valgrind)"))
    func kernelsRunUnderCallgrind() throws {
        try #require(CLIProcess.built)
        let e = try write()
        let r = try CLIProcess.run(
            [
                "measure", e, "--machine", "zen4", "--counters", "callgrind", "--json", dir.file("c.json"),
                "--report", dir.file("c.md"),
            ], limit: 300)
        #expect(r.status == 0, "\(r.err)")
        #expect(
            r.out.contains(
                "callgrind (Valgrind's cache simulator, D1 and LL from the simulated machine, on LayoutLab's native "
                    + "kernel (Swift, built with "))
        let doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: dir.file("c.json"))))
        let runs = try #require(doc["runs"]?.array)
        #expect(runs.count == 2)
        for run in runs {
            func v(_ e: String) -> Double? {
                guard run["measured"]?["callgrind::\(e)"]?["status"]?.string == "ok" else { return nil }
                #expect(run["measured"]?["callgrind::\(e)"]?["min"] == run["measured"]?["callgrind::\(e)"]?["max"])
                return run["measured"]?["callgrind::\(e)"]?["median"]?.double
            }
            let d1 = try #require(v("D1mr")) + (try #require(v("D1mw"))),
                dl = try #require(v("DLmr")) + (try #require(v("DLmw")))
            let accesses = try #require(v("Dr")) + (try #require(v("Dw")))
            #expect(d1 >= 192 && d1 < 2000, "D1 misses \(d1)")
            #expect(dl <= d1 && d1 <= accesses)
            // Every element of A and B is read and every element of C written at least once.
            #expect(accesses >= 3 * 32 * 32)
            #expect(run["crossCheck"]?["callgrind"]?["event"]?.string == "callgrind::D1mr+D1mw")
            #expect(run["crossCheck"]?["callgrind"]?["simulated"]?.uint64 == 192)
        }
        let taus = doc["crossCheck"]?["kendallTau"]?.array ?? []
        #expect(taus.contains { $0["event"]?.string == "callgrind::D1mr+D1mw" && $0["level"]?.string == "L1" })
        let md = try String(contentsOfFile: dir.file("c.md"), encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: dir.file("c-measured-callgrind.svg")))
        #expect(md.contains("Callgrind counts") || md.contains("Callgrind's D1 misses are within 10%"))
    }
}

/// The report's Callgrind findings on a hand-made measure document (shape 200 x 300 x 150, so
/// 9,000,000 multiply-adds; each run 36,000,000 engine accesses = 4.00 per multiply-add).
@Suite struct CallgrindReportTests {
    static func run(_ variant: String, sim: UInt64, d1: (Int, Int), accesses: (Int, Int)) -> JSON {
        guard
            case .object(var o) = HandMadeDocument.run(
                variant, [], accesses: 36_000_000,
                [HandMadeDocument.level("L1", accesses: 36_000_000, misses: sim)])
        else { return .null }
        func ok(_ v: Int) -> JSON {
            .object([
                ("status", .string("ok")), ("median", .uint(UInt64(v))), ("min", .uint(UInt64(v))),
                ("max", .uint(UInt64(v))),
            ])
        }
        o.append(
            (
                "measured",
                .object([
                    ("callgrind::D1mr", ok(d1.0)), ("callgrind::D1mw", ok(d1.1)), ("callgrind::DLmr", ok(0)),
                    ("callgrind::DLmw", ok(0)), ("callgrind::Dr", ok(accesses.0)), ("callgrind::Dw", ok(accesses.1)),
                ])
            ))
        return .object(o)
    }

    @Test func findingsNameTheDifferencesAndTheAccessesPerMAC() throws {
        // a: 1,000,000 simulated against 1,500,000 (1.50x): a finding with 27,000,000 / 9,000,000 = 3.00
        //    accesses per multiply-add. b: 1,000,000 against 1,050,000 (5% off): within 10%, but
        //    72,000,000 / 9,000,000 = 8.00 accesses per multiply-add against 4.00.
        let doc = HandMadeDocument.doc(
            "cg", machine: HandMadeDocument.machine("m", ["L1"]),
            runs: [
                Self.run("a", sim: 1_000_000, d1: (1_400_000, 100_000), accesses: (18_000_000, 9_000_000)),
                Self.run("b", sim: 1_000_000, d1: (1_000_000, 50_000), accesses: (63_000_000, 9_000_000)),
            ])
        let report = try Report.build(
            [try ReportInput.decode(doc, file: "cg.json")], stem: "t", command: "layoutlab report")
        let findings = report.markdown.components(separatedBy: "## Charts")[0]
        #expect(
            findings.contains(
                "**a**: Callgrind counts 1,500,000 D1 misses in LayoutLab's native kernel (Swift) against 1,000,000 "
                    + "simulated L1 misses (1.50x); it makes 3.00 data accesses (Dr + Dw) per multiply-add, "
                    + "the engine 4.00."))
        #expect(findings.contains("Callgrind's D1 misses are within 10% of the simulated L1 misses for 1 of 2 run(s)."))
        #expect(
            findings.contains(
                "per multiply-add of LayoutLab's native kernel (Swift) still differ from the engine's by more "
                    + "than 10%: **b** 8.00 (engine 4.00)."))
        #expect(!findings.contains("**b**: Callgrind counts"))
        #expect(report.markdown.contains("t-measured-callgrind.svg"))
    }
}
