import Foundation
import Testing
@testable import LayoutLabKit
import Reporting
import ResultsSchema
import TestSupport
import LayoutConfig
import Traces

@Suite struct EndToEndTests {
    let experiment = """
        name: small
        machine: tiny
        kernel: gemm
        shape: {m: 12, n: 10, k: 8}
        variants:
          - {name: ijk, loops: ijk}
          - {name: blis, algorithm: blis, mr: 4, nr: 2, kc: 4, mc: 8, nc: 4}
          - {name: rb, algorithm: regblock, mr: 2, nr: 2}
          - {name: strassen, algorithm: strassen, levels: 1, base: {algorithm: blis, mr: 4, nr: 2, kc: 4, mc: 8, nc: 4}}

        """
    /// Convolution by a GEMM other than the naive loop, and by indirection.
    let convExperiment = """
        name: small-conv
        machine: tiny
        kernel: conv
        shape: {n: 1, c: 3, k: 4, h: 5, w: 5, r: 3, s: 3, padding: 1}
        variants:
          - {name: im2col-blis, algorithm: im2col, layout: nhwc, gemm: {algorithm: blis, mr: 4, nr: 2, mc: 8, nc: 4}}
          - {name: indirect, algorithm: indirect, layout: nhwc, mr: 4, nr: 2}
          - {name: winograd, algorithm: winograd, tile: 4, layout: nchw, gemm: {algorithm: qnnpack, mr: 2, nr: 4}}

        """
    /// Depthwise (groups = c = k) and dilated convolution.
    let groupedExperiment = """
        name: small-grouped
        machine: tiny
        kernel: conv
        shape: {n: 1, c: 4, k: 4, h: 6, w: 6, r: 3, s: 3, padding: 2, groups: 4, dilation: 2}
        variants:
          - {name: direct-nhwc, algorithm: direct, layout: nhwc, loops: nyxrsck, filter: rsck, vector: 4}
          - {name: im2col-nchw, algorithm: im2col, layout: nchw}

        """
    /// Channel-blocked layouts (padded lanes: 6 input and 2 output channels).
    let blockedExperiment = """
        name: small-blocked
        machine: tiny
        kernel: conv
        shape: {n: 1, c: 10, k: 6, h: 5, w: 5, r: 3, s: 3, padding: 1}
        variants:
          - {name: nchw8c, algorithm: direct, layout: nchw8c, vector: 8}
          - {name: nchw8c-block4, algorithm: direct, layout: nchw8c, loops: nKkyxCcrs}

        """

    let scratch = TestDirectory("layoutlab-test")
    func tmp(_ name: String) -> String { scratch.file(name) }

    @Test(arguments: [TraceFormat.llt, .din, .dineroBinary])
    func traceReplayReproducesSimulate(_ format: TraceFormat) throws {
        for text in [experiment, convExperiment, groupedExperiment, blockedExperiment] {
            try traceReplayReproducesSimulate(format, text)
        }
    }

    func traceReplayReproducesSimulate(_ format: TraceFormat, _ text: String) throws {
        let path = tmp("e.yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let spec = try ExperimentSpec.load(path: path)
        let sim = try SimulateSession.simulate(spec).runs
        for r in sim {
            let out = tmp("trace-\(r.variant).\(format.rawValue)")
            let n = try TraceJob.run(spec, variant: r.variant, point: [:], format: format, output: out)
            #expect(n == r.accesses)
            let rep = try ReplayJob.run(path: out, format: nil, machine: spec.machine)
            #expect(rep.format == format)
            for (a, b) in zip(rep.stats.end.levels, r.stats.end.levels) {
                #expect(a.total == b.total, "\(r.variant) \(a.config.name)")
            }
            for (a, b) in zip(rep.stats.flushed.levels, r.stats.flushed.levels) { #expect(a.total == b.total) }
            if format == .llt {
                #expect(rep.stats.end.levels[0].regions.keys.sorted() == r.stats.end.levels[0].regions.keys.sorted())
            }
            try? FileManager.default.removeItem(atPath: out)
        }
    }

    func replayError(_ bytes: [UInt8], _ format: TraceFormat?) -> String {
        let p = tmp("bad")
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: p) }
        do {
            _ = try ReplayJob.run(path: p, format: format, machine: MachineSpec.resolve("tiny"))
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func malformedTracesNameLineOrOffset() {
        #expect(replayError(Array("0 1000\n1 zz\n".utf8), .din).hasSuffix(":2: address zz is not a hexadecimal number"))
        #expect(replayError(Array("0 1000\r\n1 1004\r\n".utf8), .din) == "no error")
        #expect(
            replayError([0, 0, 0, 1, 4, 0, 0, 0, 9, 9], .dineroBinary).hasSuffix(
                "truncated record at byte offset 8: 2 of 8 bytes"))
        #expect(replayError([0, 0, 0, 1, 4, 0, 7, 0], .dineroBinary).contains("unknown access type 7"))
        #expect(
            replayError(Array("LLTRACE\0".utf8) + [1, 0, 0, 0] + [1, 2, 3], .llt).contains(
                "truncated record at byte offset 12"))
        #expect(
            replayError(Array(" L 1000,4\n X 1,2\n".utf8), .lackey).hasSuffix(
                ":2: unknown Lackey record `X` (expected I, L, S or M)"))
        #expect(replayError([], nil) == "no error")
    }

    @Test func lackeyAndDinAgree() throws {
        // The same accesses in Lackey (M = load + store) and extended din give the same counts.
        let lackey = "==1== banner\nI  0400,3\n L 1000,8\n M 2004,4\n S 3000,4\n"
        let din = "i 400 3\nr 1000 8\nr 2004 4\nw 2004 4\nw 3000 4\n"
        let a = tmp("a.lackey"), b = tmp("b.din")
        try lackey.write(toFile: a, atomically: true, encoding: .utf8)
        try din.write(toFile: b, atomically: true, encoding: .utf8)
        let ra = try ReplayJob.run(path: a, format: nil, machine: MachineSpec.resolve("tiny"))
        let rb = try ReplayJob.run(path: b, format: nil, machine: MachineSpec.resolve("tiny"))
        #expect(ra.format == .lackey && rb.format == .din)
        #expect(ra.summary == rb.summary && ra.summary.accesses == 4 && ra.summary.skipped == 1)
        #expect(ra.stats.end.levels[0].total == rb.stats.end.levels[0].total)
    }

    @Test func withoutThreeCTheSplitIsUnknownNotZero() throws {
        let din = tmp("no3c.din")
        try "r 1000 8\nr 2000 4\nw 1000 4\nr 9000 4\nr 1000 4\n".write(toFile: din, atomically: true, encoding: .utf8)
        let machine = try MachineSpec.resolve("tiny")
        let with = try ReplayJob.run(path: din, format: nil, machine: machine)
        let without = try ReplayJob.run(path: din, format: nil, machine: machine, classify: false)
        // tiny's L1: 8 sets of 2 ways, 16-byte lines; 0x1000, 0x2000 and 0x9000 all map to
        // set 0. Miss, miss, hit (w 1000), miss (evicts 2000, the LRU), hit: three misses,
        // all first references, so three compulsory.
        #expect(with.stats.end.classified && with.stats.end.levels[0].total.compulsory == 3)
        #expect(!without.stats.end.classified)
        let a = StatsJSON.replay(accesses: 5, skipped: 0, stats: with.stats)
        let b = StatsJSON.replay(accesses: 5, skipped: 0, stats: without.stats)
        let l1a = a["levels"]?.array?.first, l1b = b["levels"]?.array?.first
        #expect(l1a?["compulsory"]?.uint64 == 3 && l1b?["compulsory"] == JSON.null && l1b?["conflict"] == JSON.null)
        #expect(l1a?["misses"]?.uint64 == l1b?["misses"]?.uint64 && l1b?["misses"]?.uint64 == 3)
        let table = StatsTable.render(without.stats)
        #expect(table.split(separator: "\n")[2].split(separator: " ").filter { $0 == "-" }.count == 3)
    }

    @Test func cliRunsEndToEnd() throws {
        let bin = URL(fileURLWithPath: repoRoot).appendingPathComponent(".build/debug/layoutlab").path
        #expect(FileManager.default.isExecutableFile(atPath: bin), "build the layoutlab product first (swift build)")
        guard FileManager.default.isExecutableFile(atPath: bin) else { return }
        let exp = tmp("cli.yaml"), outDir = tmp("cli-out")
        try experiment.write(toFile: exp, atomically: true, encoding: .utf8)
        func run(_ args: [String], env: [String: String] = [:]) throws -> (Int32, String, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: bin)
            p.arguments = args
            // Only the child sees `env`: setenv here would reach other suites running in this process.
            p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
            let o = Pipe(), e = Pipe()
            p.standardOutput = o
            p.standardError = e
            try p.run()
            p.waitUntilExit()
            return (
                p.terminationStatus, String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                String(decoding: e.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            )
        }
        let (s1, out1, _) = try run(["simulate", exp, "--out", outDir])
        #expect(s1 == 0 && out1.contains("blis"))
        let json = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: outDir + "/small.json")))
        #expect(json["experiment"]?.string == "small" && json["runs"]?.array?.count == 4)
        #expect(FileManager.default.fileExists(atPath: outDir + "/small.md"))
        // --no3c: the same counters, the 3C split null in the JSON and "-" in the report, no 3C chart.
        let fastDir = tmp("cli-no3c")
        let (s1f, _, _) = try run(["simulate", exp, "--no3c", "--out", fastDir])
        #expect(s1f == 0)
        let fast = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: fastDir + "/small.json")))
        let full = try ReportInput.decode(json, file: "full"), lean = try ReportInput.decode(fast, file: "fast")
        #expect(full.threeC && !lean.threeC)
        #expect(fast["runs"]?.array?.first?["levels"]?.array?.first?["conflict"] == JSON.null)
        for (a, b) in zip(full.runs, lean.runs) {
            #expect(
                zip(a.levels, b.levels).allSatisfy { $0.c.misses == $1.c.misses && $0.c.writebacks == $1.c.writebacks })
        }
        let leanReport = try String(contentsOfFile: fastDir + "/small.md", encoding: .utf8)
        #expect(leanReport.contains("| - | - | - |") && !leanReport.contains("misses by cause (3C)"))
        #expect(!FileManager.default.fileExists(atPath: fastDir + "/small-3c-L1.svg"))
        #expect(FileManager.default.fileExists(atPath: outDir + "/small-3c-L1.svg"))
        let (s2, _, err2) = try run(["replay", "/nonexistent", "--machine", "tiny"])
        #expect(
            s2 == 1 && err2.hasPrefix("layoutlab: error: /nonexistent: cannot open")
                && err2.split(separator: "\n").count == 1)
        let (s3, _, err3) = try run(["simulate", exp, "--machine", "nope"])
        #expect(s3 == 1 && err3.contains("`nope` is neither a bundled machine"))
        // Without libpapi, measure fails in one line and simulate still runs.
        let absent = ["LAYOUTLAB_PAPI_LIBRARY": "libpapi-absent.so"]
        let (s4, _, err4) = try run(["measure", exp, "--machine", "tiny"], env: absent)
        #expect(s4 == 1 && err4.contains("libpapi is not installed") && err4.split(separator: "\n").count == 1)
        let (s5, _, _) = try run(["simulate", exp], env: absent)
        #expect(s5 == 0)
    }
}
