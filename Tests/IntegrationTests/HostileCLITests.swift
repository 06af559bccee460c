import Foundation
import Testing
@testable import LayoutLabKit
import Reporting
import ResultsSchema
import TestSupport
import LayoutConfig

/// Issue 14, through the CLI: crashes, hangs, signals, closed pipes and outputs in odd places.
@Suite(.serialized) struct HostileCLITests {
    let scratch = TestDirectory("layoutlab-hostile-cli")
    func tmp(_ name: String) -> String { scratch.file(name) }
    func write(_ text: String, _ name: String) -> String {
        let p = tmp(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }
    static let small =
        """
        name: small\nmachine: tiny\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants: [{name: ijk}, {name: ikj, \
        loops: ikj}]\n
        """
    /// One line on stderr, exit 1 (besides `simulate`'s estimate before its sweep, which is progress).
    func oneLineError(_ r: CLIProcess.Result) -> Bool {
        r.status == 1 && !r.hung && r.err.split(separator: "\n").filter { !$0.hasPrefix("sweep: ") }.count == 1
    }
    func exists(_ p: String) -> Bool { FileManager.default.fileExists(atPath: p) }

    @Test func deeplyNestedYAMLIsAnErrorNotASegfault() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let d = write(
            "name: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\nlevels: []\n",
            "d.yaml")
        let r = try CLIProcess.run(["machine", "show", d])
        #expect(oneLineError(r) && r.err.contains("d.yaml:1: nests deeper than 64 levels"), "\(r)")
    }

    @Test func aClosedStdoutDoesNotLoseTheJSON() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml"), json = tmp("s.json")
        let r = try CLIProcess.run(["simulate", exp, "--json", json], closedStdout: true)
        #expect(r.status == 0, "\(r)")
        #expect(try JSON.parse(Data(contentsOf: URL(fileURLWithPath: json)))["runs"]?.array?.count == 2)
    }

    static let bigTrace =
        "name: big\nmachine: tiny\nkernel: gemm\nshape: {m: 160, n: 160, k: 160}\nvariants: [{name: ijk}]\n"

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalRemovesTheTraceTemporary(_ sig: Int32) throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.bigTrace, "big.yaml"), out = tmp("t.llt")
        var temporary: String?
        let r = try CLIProcess.run(["trace", exp, "--variant", "ijk", "--format", "llt", "-o", out]) { pid in
            let t = out + ".tmp-\(pid)"
            guard (try? FileManager.default.attributesOfItem(atPath: t)[.size] as? Int) ?? 0 > 0 else { return false }
            temporary = t
            kill(pid, sig)
            return true
        }
        #expect(temporary != nil, "the trace finished before it could be interrupted")
        #expect(r.status == 130 && r.err.contains("interrupted"), "\(r)")
        #expect(!exists(temporary ?? out + ".tmp") && !exists(out))
    }

    @Test func staleTemporariesAreCleanedByTheNextRun() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        // A pid that no longer runs: a finished child's.
        let done = Process()
        done.executableURL = URL(fileURLWithPath: "/bin/true")
        try done.run()
        done.waitUntilExit()
        let dead = done.processIdentifier, live = getpid()
        let exp = write(Self.small, "e.yaml"), out = tmp("t.din"), json = tmp("s.json")
        let stale = [out + ".tmp-\(dead)", tmp(".s.json.tmp-\(dead)")]
        // Not this program's names for these outputs (issue 25, defect 14): another program's.
        let kept = [
            out + ".tmp-\(live)", tmp(".s.json.tmp-\(live)"), tmp("s.json.notes"),
            tmp(".dat.nosync\(String(dead, radix: 16, uppercase: true)).Ab12Cd"),
        ]
        for p in stale + kept { _ = write("x", (p as NSString).lastPathComponent) }
        #expect(try CLIProcess.run(["trace", exp, "--variant", "ijk", "--format", "din", "-o", out]).status == 0)
        #expect(try CLIProcess.run(["simulate", exp, "--json", json]).status == 0)
        for p in stale { #expect(!exists(p), "\(p) left behind") }
        for p in kept { #expect(exists(p), "\(p) removed") }
    }

    @Test func aFIFOOrSymlinkAtTheJournalIsRefused() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml")
        #expect(mkfifo(tmp("v.json.partial.jsonl"), 0o600) == 0)
        let r = try CLIProcess.run(["simulate", exp, "--json", tmp("v.json")], limit: 20)
        #expect(
            !r.hung && oneLineError(r)
                && r.err.contains("v.json.partial.jsonl: the sweep journal is not a regular file"), "\(r)")
        let victim = write("keep\n", "victim.txt")
        try FileManager.default.createSymbolicLink(atPath: tmp("w.json.partial.jsonl"), withDestinationPath: victim)
        let s = try CLIProcess.run(["simulate", exp, "--json", tmp("w.json")], limit: 20)
        #expect(oneLineError(s) && s.err.contains("w.json.partial.jsonl: is a symbolic link"), "\(s)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep\n")
    }

    /// Reads a FIFO to its end on a thread; the result once the writer closes it.
    func drain(_ fifo: String) -> () -> String {
        let box = Locked(Data()), sem = DispatchSemaphore(value: 0)
        Thread {
            let h = FileHandle(forReadingAtPath: fifo)!
            let d = h.readDataToEndOfFile()
            box.with { $0 = d }
            sem.signal()
        }.start()
        return {
            _ = sem.wait(timeout: .now() + 30)
            return String(decoding: box.with { $0 }, as: UTF8.self)
        }
    }

    @Test func devicesAndFIFOsAreWrittenInPlace() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        // A FIFO stands for /dev/null and /dev/stdout (a rename would replace the node; this runs as root).
        let exp = write(Self.small, "e.yaml"), fifo = tmp("out.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        var got = drain(fifo)
        #expect(try CLIProcess.run(["simulate", exp, "--json", fifo]).status == 0)
        #expect(try JSON.parse(Data(got().utf8))["runs"]?.array?.count == 2)
        got = drain(fifo)
        #expect(try CLIProcess.run(["trace", exp, "--variant", "ijk", "--format", "din", "-o", fifo]).status == 0)
        // 8 x 8 x 8 naive GEMM: A, B loaded, C loaded and stored per step: 4 x 512 lines.
        #expect(got().split(separator: "\n").count == 4 * 512)
        var st = stat()
        #expect(stat(fifo, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO, "the FIFO was replaced")
        #expect(!exists(fifo + ".partial.jsonl"))
        // A full disk says so (/dev/full answers every write with ENOSPC).
        let full = try CLIProcess.run(["simulate", exp, "--json", "/dev/full"])
        #expect(oneLineError(full) && full.err.contains("/dev/full: cannot write: No space left on device"), "\(full)")
    }

    @Test func outputsAreCheckedBeforeAnyWork() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml"), dir = tmp("D"), fifo = tmp("r.fifo")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(mkfifo(fifo, 0o600) == 0)
        // The summary table is printed after the sweep: its absence shows nothing ran.
        for (args, message) in [
            (["simulate", exp, "--json", ""], "--json: the output file name is empty"),
            (["simulate", exp, "--json", dir], "\(dir): is a folder; --json needs a file name"),
            (["simulate", exp, "--report", dir], "\(dir): is a folder; --report needs a file name"),
            (["simulate", exp, "--report", fifo], "\(fifo): is a device or FIFO; --report needs a regular file"),
            (
                ["trace", exp, "--variant", "ijk", "--format", "llt", "-o", dir],
                "\(dir): is a folder; -o needs a file name"
            ),
        ] {
            let r = try CLIProcess.run(args)
            #expect(oneLineError(r) && r.err.contains(message) && !r.out.contains("experiment:"), "\(args): \(r)")
        }
        let json = tmp("x.json")
        #expect(try CLIProcess.run(["simulate", exp, "--json", json]).status == 0)
        let before = try String(contentsOfFile: json, encoding: .utf8)
        let r = try CLIProcess.run(["report", json, "-o", json])
        #expect(oneLineError(r) && r.err.contains("is also an input of this report"), "\(r)")
        #expect(try String(contentsOfFile: json, encoding: .utf8) == before)
    }

    @Test func journalsThatAreNotThisSweepsRunsAreRefusedUpFront() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml"), json = tmp("j.json"), journal = json + ".partial.jsonl"
        _ = write("{\"hello\": 1}\n", "j.json.partial.jsonl")
        let r = try CLIProcess.run(["simulate", exp, "--json", json])
        #expect(
            oneLineError(r) && r.err.contains("\(journal):1: valid JSON but not a finished run")
                && r.err.contains("delete \(journal)"), "\(r)")
        #expect(!r.out.contains("experiment:"))
        // A --no3c sweep killed after its first run, then resumed without the flag.
        unlink(journal)
        let spec = try ExperimentSpec.load(path: exp)
        let run = try SimulateJob.simulate(
            spec.run(spec.variants[0], [:]), element: .f32, levels: spec.machine.levels, classify: false)
        try SweepJournal(
            path: journal, fingerprint: SimulateJob.fingerprint(spec, machine: spec.machine, classify: false),
            threeC: false
        )
        .append(key: SimulateJob.key("ijk", [:]), run: run.json)
        let s = try CLIProcess.run(["simulate", exp, "--json", json])
        #expect(
            oneLineError(s)
                && s.err.contains(":1: left by a sweep run with --no3c; run the same command with --no3c to resume"),
            "\(s)")
        let t = try CLIProcess.run(["simulate", exp, "--json", json, "--no3c"])
        #expect(t.status == 0 && t.err.contains("resuming: 1 finished run(s)"), "\(t)")
    }

    @Test func anAddressSpaceLimitIsAnErrorNotAnAbort() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        // C alone is 16000 x 16000 x 4 bytes = 1.02 GB, over half of a 1.5 GB (1,500,000 KiB) ulimit -v.
        let exp = write(
            "name: big\nmachine: tiny\nkernel: gemm\nshape: {m: 16000, n: 16000, k: 1}\nvariants: [{name: a}]\n",
            "big.yaml")
        let r = try CLIProcess.run(["simulate", exp, "--no3c"], shell: "ulimit -v 1500000")
        #expect(oneLineError(r) && r.err.contains("the address-space limit (ulimit -v) is 1.54 GB"), "\(r)")
    }

    @Test func usageErrorsExit64AsREADMESays() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let r = try CLIProcess.run(["simulate", "--no-such-option"])
        #expect(r.status == 64)
        let readme = try String(contentsOfFile: repoRoot + "/README.md", encoding: .utf8).split(
            whereSeparator: \.isWhitespace
        ).joined(separator: " ")
        #expect(readme.contains("A usage error (an unknown option, a missing argument) exits with status 64"))
    }

    @Test func controlCharactersInNamesArePrintedEscaped() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let m = write("name: \"a\\e[2Jb\\rc\\0d\"\nlevels:\n  - {size: 1KiB, line: 64, ways: 2}\n", "m.yaml")
        let r = try CLIProcess.run(["machine", "show", m])
        #expect(r.status == 0 && r.out.hasPrefix("machine: a\\u{1B}[2Jb\\u{D}c\\u{0}d ("), "\(r)")
        let exp = write(Self.small.replacingOccurrences(of: "{name: ikj,", with: "{name: \"i\\e[31mkj\","), "e.yaml")
        let s = try CLIProcess.run(["simulate", exp])
        #expect(s.status == 0 && s.out.contains("i\\u{1B}[31mkj") && !s.out.contains("\u{1B}"), "\(s)")
        let dup = write(
            Self.small.replacingOccurrences(of: "{name: ijk}", with: "{name: \"x\\e[31m\"}, {name: \"x\\e[31m\"}"),
            "dup.yaml")
        let t = try CLIProcess.run(["simulate", dup])
        #expect(
            oneLineError(t) && t.err.contains("variant name `x\\u{1B}[31m` is used twice") && !t.err.contains("\u{1B}"),
            "\(t)")
    }
}
