import Foundation
import Reporting
import ResultsSchema
import Testing
@testable import LayoutLabKit
import TestSupport

/// `measure` times every native kernel, with or without PAPI (`measured["time"]`), says which
/// geometry it simulated, writes every measured counter and the time to the CSV, and words its
/// report after what it measured.
@Suite(.serialized) struct MeasureTimeTests {
    let dir = TestDirectory("layoutlab-measure-time")

    /// 32 x 24 x 16 = 12,288 multiply-adds, 24,576 flops per run.
    static let experiment = """
        name: t
        machine: tiny
        kernel: gemm
        shape: {m: 32, n: 24, k: 16}
        element: f32
        variants:
          - {name: ijk, loops: ijk}
          - {name: ikj, loops: ikj}

        """

    func write() throws -> String {
        try Self.experiment.write(toFile: dir.file("t.yaml"), atomically: true, encoding: .utf8)
        return dir.file("t.yaml")
    }

    func json(_ name: String) throws -> JSON {
        try JSON.parse(Data(contentsOf: URL(fileURLWithPath: dir.file(name))))
    }

    /// Every run has `measured.time` with positive times, min <= median, the repetitions asked
    /// for, GFLOP/s = 2 x 12,288 / median / 1e9, and `wallSeconds` of the same samples.
    func expectTime(_ doc: JSON, repetitions: Int) throws {
        let runs = try #require(doc["runs"]?.array)
        #expect(runs.count == 2)
        for run in runs {
            let t = try #require(run["measured"]?["time"])
            let median = try #require(t["medianSeconds"]?.double), min = try #require(t["minSeconds"]?.double)
            #expect(median > 0 && min > 0 && min <= median, "\(t)")
            #expect(t["repetitions"]?.uint64 == UInt64(repetitions))
            let gflops = try #require(t["gflops"]?.double)
            // Both figures are kept at six significant digits.
            #expect(abs(gflops - 2 * 12288 / median / 1e9) <= 1e-5 * gflops)
            #expect(run["wallSeconds"]?["median"]?.double == median && run["wallSeconds"]?["min"]?.double == min)
            // `time` is the last key of `measured` (its keys are sorted).
            #expect(run["measured"]?.object?.last?.0 == "time")
        }
    }

    @Test func timeWithPAPIAndTheHostGeometrySaid() throws {
        try #require(CLIProcess.built)
        let e = try write()
        let r = try CLIProcess.run([
            "measure", e, "--repetitions", "3", "--events", "LAYOUTLAB_NO_SUCH_EVENT,perf::PAGE-FAULTS",
            "--json", dir.file("p.json"), "--csv", dir.file("p.csv"), "--report", dir.file("p.md"),
        ])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("measure: simulated: this host's caches as sysfs describes them (L1 "), "\(r.err)")
        #expect(
            r.err.contains(
                "; the experiment's machine (tiny) is not used for a real run on this host unless --machine names it "
                    + "(--machine tiny)\n"))
        #expect(r.out.contains("wall time (one warm-up run, then 3 timed runs of LayoutLab's native kernel"))
        let doc = try json("p.json")
        try expectTime(doc, repetitions: 3)
        #expect(doc["crossCheck"]?["cpuSource"]?.string == "PAPI" && doc["crossCheck"]?["repetitions"]?.uint64 == 3)
        #expect(doc["crossCheck"]?["simulated"]?["from"]?.string == "sysfs")
        #expect(doc["crossCheck"]?["simulated"]?["experimentMachine"]?.string == "tiny")
        try expectCSVMatchesJSON(doc, csv: dir.file("p.csv"))
        let md = try String(contentsOfFile: dir.file("p.md"), encoding: .utf8)
        #expect(md.contains("### PAPI on the host CPU\n\nMedians over 3 repetitions per event group"))
        #expect(md.contains("### Wall time\n") && md.contains("| variant | point | median ms | min ms | GFLOP/s |"))
        #expect(md.components(separatedBy: "- CPU: ").count == 2 && !md.contains("compiled code"))
    }

    @Test func timeWithoutPAPIAndTheNamedMachineSaid() throws {
        try #require(CLIProcess.built)
        let e = try write()
        // Valgrind hidden: Callgrind's counters are unavailable, the time is measured all the same.
        let r = try CLIProcess.run(
            [
                "measure", e, "--machine", "zen4", "--counters", "callgrind", "--repetitions", "1",
                "--json", dir.file("c.json"), "--csv", dir.file("c.csv"), "--report", dir.file("c.md"),
            ], shell: "PATH=/nonexistent")
        #expect(r.status == 0, "\(r.err)")
        #expect(
            r.err.contains(
                "measure: simulated: machine zen4, named by --machine (L1 32 KiB 8-way 64 B lines, L2 1 MiB 8-way "
                    + "64 B lines, L3 32 MiB 16-way 64 B lines); the native kernels ran on this host"), "\(r.err)")
        let doc = try json("c.json")
        try expectTime(doc, repetitions: 1)
        let host = CPUInfo.host()
        #expect(doc["crossCheck"]?["cpuSource"]?.string == "/proc/cpuinfo")
        #expect(doc["crossCheck"]?["model"]?.string == host.model)
        #expect(doc["crossCheck"]?["vendor"]?.string == host.vendor)
        try expectCSVMatchesJSON(doc, csv: dir.file("c.csv"))
        let md = try String(contentsOfFile: dir.file("c.md"), encoding: .utf8)
        #expect(
            md.contains("### Valgrind's cache simulator (D1 32 KiB 8-way 64 B lines, LL 32 MiB 16-way 64 B lines)\n"))
        #expect(!md.contains("### PAPI"))
        #expect(md.components(separatedBy: "- CPU: ").count == 2 && !md.contains("not read"))
        #expect(!md.lowercased().contains("median"), "one repetition: no medians")
        #expect(!md.contains("compiled code") && !md.contains("compiled kernel"))
        #expect(md.contains("LayoutLab's native kernel (Swift, built with "))
        #expect(md.contains("- Simulated: machine zen4, named by --machine (L1 32 KiB 8-way 64 B lines"))
    }

    /// The CSV's measured columns against the JSON: one per measured event (sorted), then the time;
    /// each cell the event's median, empty (never 0) where it was unavailable.
    func expectCSVMatchesJSON(_ doc: JSON, csv path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(rows.first)
        let runs = try #require(doc["runs"]?.array)
        let events = (runs[0]["measured"]?.object ?? []).map(\.0).filter { $0 != "time" }
        #expect(!events.isEmpty)
        let tail = events + ["timeMedianSeconds", "timeMinSeconds", "timeRepetitions", "gflops"]
        #expect(Array(header.suffix(tail.count)) == tail, "\(header)")
        let levelCount = runs[0]["levels"]?.array?.count ?? 0
        #expect(rows.count == 1 + runs.count * levelCount)
        for (i, run) in runs.enumerated() {
            for row in rows[(1 + i * levelCount)..<(1 + (i + 1) * levelCount)] {
                let cells = Array(row.suffix(tail.count))
                #expect(row[2] == run["variant"]?.string)
                for (j, e) in events.enumerated() {
                    let m = run["measured"]?[e]
                    if m?["status"]?.string == "ok" {
                        #expect(Double(cells[j]) == m?["median"]?.double, "\(e)")
                    } else {
                        #expect(cells[j] == "", "\(e) unavailable: an empty cell")
                    }
                }
                let t = run["measured"]?["time"]
                let n = events.count
                #expect(Double(cells[n]) == t?["medianSeconds"]?.double)
                #expect(Double(cells[n + 1]) == t?["minSeconds"]?.double)
                #expect(cells[n + 2] == "\(t?["repetitions"]?.uint64 ?? 0)")
                #expect(Double(cells[n + 3]) == t?["gflops"]?.double)
            }
        }
    }
}
