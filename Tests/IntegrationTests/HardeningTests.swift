import Foundation
import Testing
@testable import LayoutLabKit
@testable import LayoutConfig
import Reporting
import ResultsSchema
import TestSupport
import SafeIO

@Suite struct HardeningTests {
    let scratch = TestDirectory("layoutlab-hard")
    func tmp(_ name: String) -> String { scratch.file(name) }

    func configError(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func brokenConfigFilesGiveOneLineErrors() throws {
        let bin = tmp("bin.yaml"), empty = tmp("empty.yaml"), dir = tmp("dir.yaml")
        _ = FileManager.default.createFile(atPath: bin, contents: Data([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]))
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(configError { _ = try MachineSpec.load(path: bin) } == "\(bin): is a binary file, not YAML")
        #expect(configError { _ = try ExperimentSpec.load(path: bin) } == "\(bin): is a binary file, not YAML")
        #expect(configError { _ = try MachineSpec.load(path: empty) } == "\(empty): is empty")
        #expect(configError { _ = try ExperimentSpec.load(path: dir) } == "\(dir): is a directory, not a file")
        #expect(
            configError { _ = try ExperimentSpec.load(path: tmp("missing.yaml")) }.hasSuffix(
                "missing.yaml: no such file"))
        let crlfBOM = tmp("crlf.yaml")
        try Data(
            ("""
            \u{FEFF}name: e\r\nmachine: tiny\r\nkernel: gemm\r\nshape: {m: 4, n: 4, k: 4}\r\nvariants: [{name: \
            a}]\r\n
            """)
            .utf8
        ).write(to: URL(fileURLWithPath: crlfBOM))
        #expect(try ExperimentSpec.load(path: crlfBOM).variants.count == 1)
    }

    @Test func tracesWithBOMOrCRLFOrDirectories() throws {
        let p = tmp("bom.din")
        try Data([0xEF, 0xBB, 0xBF] + Array("0 1000\r\n1 1004\r\n".utf8)).write(to: URL(fileURLWithPath: p))
        let r = try ReplayJob.run(path: p, format: .din, machine: MachineSpec.resolve("tiny"))
        #expect(r.summary.accesses == 2)
        let d = tmp("tracedir")
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        #expect(
            configError { _ = try ReplayJob.run(path: d, format: nil, machine: MachineSpec.resolve("tiny")) }
                == "\(d): is a directory, not a trace file")
        #expect(
            configError { _ = try ReportJob.run(inputs: [d], output: tmp("r.md"), command: "") }
                == "\(d): is a directory, not a results file")
    }

    @Test func absurdShapesAreRefusedUpFront() {
        // 2^24 per dimension: the arrays alone would pass the 64-bit address space.
        let conv =
            """
            name: e\nmachine: tiny\nkernel: conv\nshape: {n: 16777216, c: 16777216, k: 1, h: 16777216, w: \
            16777216}\nvariants: [{name: a}]\n
            """
        #expect(configError { _ = try ExperimentSpec.decode(conv, file: "e.yaml") }.contains("e.yaml"))
        // More than 10^15 accesses in all, with arrays of 64 MiB each: a 4096 x 4096 image and a
        // 4095 x 4095 filter padded to keep the size make 6 x 4096^2 x 4095^2 = 1.7 x 10^15.
        let big =
            """
            name: e\nmachine: tiny\nkernel: conv\nshape: {c: 1, k: 1, h: 4096, w: 4096, r: 4095, s: 4095, padding: \
            2047}\nvariants: [{name: a}]\n
            """
        #expect(
            configError { _ = try ExperimentSpec.decode(big, file: "e.yaml") }.contains(
                "(limit 1e15, even with warping)"))
        // Few accesses but terabytes of arrays: m = n = 2^22, k = 1 (C alone is 64 TiB).
        let wide =
            "name: e\nmachine: tiny\nkernel: gemm\nshape: {m: 4194304, n: 4194304, k: 1}\nvariants: [{name: a}]\n"
        #expect(configError { _ = try ExperimentSpec.decode(wide, file: "e.yaml") }.contains("to compute real results"))
        // A machine whose tag store would not fit in memory.
        let huge = "name: h\nlevels:\n  - size: 1048576GiB\n    line: 64\n    ways: 8\n"
        #expect(
            configError { _ = try MachineSpec.decode(huge, file: "m.yaml") }.contains("more than half of this machine"))
    }

    @Test func unwritableOutputIsAnErrorBeforeWork() {
        let file = tmp("plainfile")
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        #expect(configError { try AtomicFile.ensureWritableDirectory(file) } == "\(file): exists and is not a folder")
    }

    static let sweep = """
        name: resume
        machine: tiny
        kernel: gemm
        shape: {m: 48, n: 48, k: 48}
        variants:
          - {name: ijk, loops: ijk}
          - {name: ikj, loops: ikj}
          - {name: jki, loops: jki}
        sweep:
          size: [24, 32, 40, 48, 56, 64]

        """

    @Test func journalResumesToTheSameResults() throws {
        let spec = try ExperimentSpec.decode(Self.sweep, file: "resume.yaml")
        let whole = try SimulateJob.runResumable(spec, machine: spec.machine, journal: nil)
        // A journal holding 5 finished runs and a torn sixth line, as a kill -9 mid-write leaves it.
        let path = tmp("resume.partial.jsonl")
        let fp = SimulateJob.fingerprint(spec, machine: spec.machine)
        do {
            let j = try SweepJournal(path: path, fingerprint: fp)
            let keys = spec.points.flatMap { p in spec.variants.map { SimulateJob.key($0.name, p) } }
            for i in 0..<5 { try j.append(key: keys[i], run: whole[i]) }
        }
        let h = FileHandle(forWritingAtPath: path)!
        h.seekToEndOfFile()
        h.write(Data("{\"fingerprint\":\"\(fp)\",\"key\":\"ij".utf8))
        h.closeFile()
        let j2 = try SweepJournal(path: path, fingerprint: fp)
        #expect(j2.done.count == 5)
        let resumed = try SimulateJob.runResumable(spec, machine: spec.machine, journal: j2)
        #expect(resumed.count == whole.count)
        #expect(zip(resumed, whole).allSatisfy { $0.serialized() == $1.serialized() })
        // A journal from another experiment is refused, not silently mixed in.
        #expect(
            configError { _ = try SweepJournal(path: path, fingerprint: "other") }.contains(
                "left by a different experiment"))
        unlink(path)
    }

    @Test func killedSweepResumesThroughTheCLI() throws {
        let bin = URL(fileURLWithPath: repoRoot).appendingPathComponent(".build/debug/layoutlab").path
        guard FileManager.default.isExecutableFile(atPath: bin) else {
            Issue.record("build the layoutlab product first")
            return
        }
        let exp = tmp("kill.yaml"), out = tmp("kill.json"), ref = tmp("ref.json")
        try Self.sweep.write(toFile: exp, atomically: true, encoding: .utf8)
        func run(_ args: [String], killWhenJournalHas lines: Int? = nil) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: bin)
            p.arguments = args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            if let lines {
                let journal = out + ".partial.jsonl"
                while p.isRunning {
                    let n = (try? String(contentsOfFile: journal, encoding: .utf8))?.split(separator: "\n").count ?? 0
                    if n >= lines {
                        kill(p.processIdentifier, SIGKILL)
                        break
                    }
                    usleep(2000)
                }
            }
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(try run(["simulate", exp, "--json", ref]) == 0)
        _ = try run(["simulate", exp, "--json", out], killWhenJournalHas: 3)
        #expect(!FileManager.default.fileExists(atPath: out), "a killed sweep must not leave a results file")
        #expect(FileManager.default.fileExists(atPath: out + ".partial.jsonl"))
        #expect(try run(["simulate", exp, "--json", out]) == 0)
        #expect(
            !FileManager.default.fileExists(atPath: out + ".partial.jsonl"),
            "the journal is removed once results are written")
        // Identical results; only the recorded command differs (it names the output file).
        func runs(_ p: String) throws -> String {
            try JSON.parse(Data(contentsOf: URL(fileURLWithPath: p)))["runs"]!.serialized()
        }
        #expect(try runs(out) == runs(ref))
    }
}

@Suite struct InputLimitTests {
    @Test func devicesAndHugeSweepsAreRefused() {
        func err(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(err { _ = try MachineSpec.load(path: "/dev/zero") } == "/dev/zero: is not a regular file")
        // 2 variants x 400 x 400 points = 320,000 runs.
        let vals = (1...400).map(String.init).joined(separator: ", ")
        let e =
            """
            name: e\nmachine: tiny\nkernel: gemm\nshape: {k: 4}\nvariants: [{name: a}, {name: b}]\nsweep:\n  m: \
            [\(vals)]\n  n: [\(vals)]\n
            """
        #expect(err { _ = try ExperimentSpec.decode(e, file: "e.yaml") }.contains("makes 3.2e+05 runs"))
    }
}
