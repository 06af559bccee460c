import Counters
import Foundation
@testable import LayoutLabKit
import Reporting
import ResultsSchema
import Testing
import TestSupport

/// Issue 25's process, file, folder and signal defects, end to end through the CLI: the
/// Callgrind scratch folder (1), output locks (6), paths and children's arguments (11),
/// signals and limits (13) and the smaller ones (14).
@Suite(.serialized) struct SecurityProcessTests {
    let dir = TestDirectory("secproc")
    func tmp(_ name: String) -> String { dir.file(name) }
    @discardableResult func write(_ text: String, _ name: String) -> String {
        FileManager.default.createFile(atPath: tmp(name), contents: Data(text.utf8))
        return tmp(name)
    }
    func exists(_ p: String) -> Bool { FileManager.default.fileExists(atPath: p) }
    func entries(_ d: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: d)) ?? []).sorted() }
    /// Exit 1 and one line on stderr (besides simulate's sweep estimate).
    func oneLineError(_ r: CLIProcess.Result) -> Bool {
        r.status == 1 && !r.hung && r.err.split(separator: "\n").filter { !$0.hasPrefix("sweep: ") }.count == 1
    }
    /// `s` as one sh word.
    func sh(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static let small =
        "name: small\nmachine: zen4\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\n"
        + "variants: [{name: ijk}, {name: ikj, loops: ikj}]\n"
    /// Eight variants: several seconds of Valgrind runs, one after another.
    static let eight =
        "name: eight\nmachine: zen4\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants: ["
        + ["ijk", "ikj", "jik", "jki", "kij", "kji", "ijk", "ikj"].enumerated()
        .map { "{name: v\($0.offset), loops: \($0.element)}" }.joined(separator: ", ") + "]\n"

    var callgrindUsable: Bool { Callgrind.clientRequestsBuiltIn && Callgrind.valgrindPath() != nil }

    /// The callgrind::Dr median of every run in a measure document.
    func callgrindReads(_ path: String) throws -> [Double] {
        let doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: path)))
        return (doc["runs"]?.array ?? []).map { $0["measured"]?["callgrind::Dr"]?["median"]?.double ?? -1 }
    }

    /// Pids of processes whose command line contains `text`.
    func processes(containing text: String) -> [Int32] {
        entries("/proc").compactMap { Int32($0) }.filter { pid in
            guard let d = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: d.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text)
        }
    }

    // MARK: defect 1: the Callgrind scratch folder

    @Test func defect01_callgrindScratchIsPrivateAndAPlantedFolderIsNotUsed() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        try #require(callgrindUsable, "needs valgrind and valgrind/callgrind.h")
        let exp = write(Self.small, "e.yaml"), tdir = tmp("tmp"), json = tmp("m.json")
        try FileManager.default.createDirectory(atPath: tdir, withIntermediateDirectories: false)
        // Another user's trap at the old predictable name TMPDIR/layoutlab-callgrind-PID (the
        // shell's $$ is the pid layoutlab runs as after exec): a 0777 folder, a script inside.
        let planted = "printf '#!/bin/sh\\ntouch \(tmp("PWNED"))\\n'"
        let shell =
            "export TMPDIR=\(sh(tdir)); d=\"$TMPDIR/layoutlab-callgrind-$$\"; mkdir -m 0777 \"$d\"; "
            + "\(planted) > \"$d/layoutlab-nodebug\"; chmod 0777 \"$d/layoutlab-nodebug\"; "
            + "echo \"$d\" > \(sh(tmp("planted")))"
        var seen: [String: (mode: mode_t, uid: uid_t)] = [:]
        let r = try CLIProcess.run(
            ["measure", exp, "--counters", "callgrind", "--machine", "zen4", "--json", json],
            shell: shell, limit: 120
        ) { _ in
            for e in entries(tdir) where e.hasPrefix("layoutlab-callgrind-") {
                var st = stat()
                if lstat(tdir + "/" + e, &st) == 0 { seen[e] = (st.st_mode & 0o7777, st.st_uid) }
            }
            return false
        }
        #expect(r.status == 0, "\(r.err)")
        let plantedDir = try String(contentsOfFile: tmp("planted"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let plantedName = (plantedDir as NSString).lastPathComponent
        // The planted folder and script are untouched (neither used nor removed), nothing ran it.
        #expect(exists(plantedDir + "/layoutlab-nodebug"), "the planted folder was used and removed")
        #expect(!exists(tmp("PWNED")))
        // The folder measure did use: its own, 0700, owned by this user, gone afterwards.
        let own = seen.filter { $0.key != plantedName }
        #expect(!own.isEmpty, "no private scratch folder was seen (the planted one was used)")
        for (name, s) in own {
            #expect(s.mode == 0o700 && s.uid == geteuid(), "\(name): mode \(String(s.mode, radix: 8)), uid \(s.uid)")
        }
        #expect(entries(tdir) == [plantedName], "\(entries(tdir))")
        // Measured for real: every run read data under Callgrind.
        let reads = try callgrindReads(json)
        #expect(reads.count == 2 && reads.allSatisfy { $0 > 0 }, "\(reads)")
    }

    @Test func defect01_sigtermKillsValgrindAndRemovesTheScratchFolder() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        try #require(callgrindUsable, "needs valgrind and valgrind/callgrind.h")
        let exp = write(Self.eight, "e8.yaml"), tdir = tmp("tmp-term")
        try FileManager.default.createDirectory(atPath: tdir, withIntermediateDirectories: false)
        var children: [Int32] = []
        let r = try CLIProcess.run(
            ["measure", exp, "--counters", "callgrind", "--machine", "zen4"],
            shell: "export TMPDIR=\(sh(tdir))", limit: 120
        ) { pid in
            // Valgrind's tool process names the scratch folder (inside TMPDIR) in its arguments.
            let found = processes(containing: "--callgrind-out-file=\(tdir)/").filter { $0 != pid }
            guard !found.isEmpty else { return false }
            children = found
            usleep(200_000)
            kill(pid, SIGTERM)
            return true
        }
        #expect(!children.isEmpty, "measure ended before Valgrind was seen")
        #expect(r.status == 130 && r.err.contains("interrupted"), "\(r.status) \(r.err)")
        usleep(300_000)
        #expect(processes(containing: "--callgrind-out-file=\(tdir)/").isEmpty, "a Valgrind child outlived layoutlab")
        #expect(entries(tdir).isEmpty, "left in TMPDIR: \(entries(tdir))")
        for pid in children { kill(pid, SIGKILL) }
    }

    // MARK: defect 6: one output set, one run at a time

    @Test func defect06_twoSimulatesIntoOneOutRefuseTheSecond() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(
            "name: busy\nmachine: zen4\nkernel: gemm\nshape: {m: 24, n: 24, k: 24}\n"
                + "variants: [{name: ijk}, {name: ikj, loops: ikj}, {name: jik, loops: jik}]\n"
                + "sweep: {n: [16, 24, 32, 40]}\n", "busy.yaml")
        let out = tmp("out")
        var second: CLIProcess.Result?
        var firstPid: Int32 = 0
        let first = try CLIProcess.run(["simulate", exp, "--out", out, "--quiet"], limit: 300) { pid in
            // Once the first run holds the folder's lock, stop it there and start the second.
            guard let text = try? String(contentsOfFile: out + "/.busy.lock", encoding: .utf8),
                Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) == pid
            else { return false }
            firstPid = pid
            kill(pid, SIGSTOP)
            second = try? CLIProcess.run(["simulate", exp, "--out", out, "--machine", "tiny", "--quiet"], limit: 60)
            kill(pid, SIGCONT)
            return true
        }
        let s = try #require(second, "the first run was never seen holding the lock")
        #expect(oneLineError(s) && s.err.contains("in use by another layoutlab run (pid \(firstPid))"), "\(s)")
        #expect(first.status == 0, "\(first.err)")
        // The outputs are the first run's alone (zen4, not the second's tiny).
        let doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: out + "/busy.json")))
        #expect(doc["machine"]?["name"]?.string == "zen4")
        let md = try String(contentsOfFile: out + "/busy.md", encoding: .utf8)
        let csv = try String(contentsOfFile: out + "/busy.csv", encoding: .utf8)
        #expect(md.contains("zen4") && !md.contains("tiny") && !csv.contains("tiny"))
        #expect(!entries(out).contains { $0.contains(".tmp-") || $0.hasSuffix(".partial.jsonl") }, "\(entries(out))")
    }

    @Test func defect06_reportTraceAndMergeRefuseAnOutputInUse() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml"), doc = tmp("d.json")
        #expect(try CLIProcess.run(["simulate", exp, "--json", doc, "--quiet"]).status == 0)
        // This test process holds the locks, as a running layoutlab would.
        var fds: [Int32] = []
        defer { for fd in fds { close(fd) } }
        for name in [".r.md.lock", ".t.din.lock", ".m.json.lock"] {
            // Close-on-exec: a layoutlab another test spawns meanwhile would otherwise inherit the
            // descriptor and hold the lock after this test closes it (a failure seen under load).
            let fd = open(tmp(name), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
            _ = "\(getpid())\n".withCString { Foundation.write(fd, $0, strlen($0)) }
            fds.append(fd)
        }
        let busy = "in use by another layoutlab run (pid \(getpid()))"
        let report = try CLIProcess.run(["report", doc, "-o", tmp("r.md")])
        #expect(oneLineError(report) && report.err.contains(busy), "\(report)")
        let trace = try CLIProcess.run(["trace", exp, "--variant", "ijk", "--format", "din", "-o", tmp("t.din")])
        #expect(oneLineError(trace) && trace.err.contains(busy), "\(trace)")
        let shard0 = tmp("s0.json"), shard1 = tmp("s1.json")
        #expect(try CLIProcess.run(["simulate", exp, "--shard", "0/2", "--json", shard0, "--quiet"]).status == 0)
        #expect(try CLIProcess.run(["simulate", exp, "--shard", "1/2", "--json", shard1, "--quiet"]).status == 0)
        let merge = try CLIProcess.run(["merge", shard0, shard1, "--json", tmp("m.json")])
        #expect(oneLineError(merge) && merge.err.contains(busy), "\(merge)")
        #expect(!exists(tmp("r.md")) && !exists(tmp("t.din")) && !exists(tmp("m.json")))
        // A holder that is gone (its lock released, its pid left in the file) blocks nothing.
        for fd in fds { close(fd) }
        fds = []
        #expect(try CLIProcess.run(["report", doc, "-o", tmp("r.md")]).status == 0)
        #expect(try CLIProcess.run(["merge", shard0, shard1, "--json", tmp("m.json")]).status == 0)
    }

    // MARK: defect 11: paths and children's arguments

    @Test func defect11_anExperimentPathStartingWithDashReachesTheChildAsAPath() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        try #require(callgrindUsable, "needs valgrind and valgrind/callgrind.h")
        write(Self.small, "-h")
        let json = tmp("dash.json")
        let args = ["measure", "--counters", "callgrind", "--machine", "zen4", "--json", json, "--", "-h"]
        let r = try CLIProcess.run(
            args,
            shell: "cd \(sh(dir.path)) && export TMPDIR=\(sh(dir.path))", limit: 120)
        #expect(r.status == 0, "\(r.err)")
        // Measured, not the child's --help read as 0 misses.
        let reads = try callgrindReads(json)
        #expect(reads.count == 2 && reads.allSatisfy { $0 > 0 }, "\(reads)")
    }

    @Test func defect11_aMissingTMPDIRIsAnErrorAndIsNotCreated() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        try #require(callgrindUsable, "needs valgrind and valgrind/callgrind.h")
        let exp = write(Self.small, "e.yaml"), missing = tmp("no-such/tmp")
        let r = try CLIProcess.run(
            ["measure", exp, "--counters", "callgrind", "--machine", "zen4"],
            shell: "export TMPDIR=\(sh(missing))", limit: 120)
        #expect(oneLineError(r) && r.err.contains("TMPDIR=\(missing)"), "\(r)")
        #expect(!exists(tmp("no-such")), "TMPDIR was created")
    }

    @Test func defect11_aDeletedWorkingFolderIsAnError() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml"), gone = tmp("gone")
        let name = "layoutlab-sec-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: "/" + name) }
        let r = try CLIProcess.run(
            ["slurm", exp, "--shards", "2", "--out", name],
            shell: "mkdir \(sh(gone)) && cd \(sh(gone)) && rmdir \(sh(gone))")
        #expect(oneLineError(r) && r.err.contains("working folder was deleted"), "\(r)")
        #expect(!exists("/" + name), "slurm wrote /\(name)")
        let s = try CLIProcess.run(
            ["simulate", exp, "--json", "x.json"],
            shell: "mkdir \(sh(gone)) && cd \(sh(gone)) && rmdir \(sh(gone))")
        #expect(oneLineError(s) && s.err.contains("working folder was deleted"), "\(s)")
    }

    // MARK: defect 13: signals and limits

    @Test func defect13_sigtermDuringReportRemovesItsTemporaries() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml"), doc = tmp("d.json"), rdir = tmp("rep")
        #expect(try CLIProcess.run(["simulate", exp, "--json", doc, "--quiet"]).status == 0)
        try FileManager.default.createDirectory(atPath: rdir, withIntermediateDirectories: false)
        // A FIFO at the report's own temporary (its pid is the shell's $$) holds the run after
        // the charts' temporaries are written and before anything is renamed.
        let r = try CLIProcess.run(
            ["report", doc, "-o", rdir + "/r.md"],
            shell: "mkfifo \(sh(rdir))/.r.md.tmp-$$", limit: 30
        ) { pid in
            guard entries(rdir).contains(where: { $0.hasSuffix(".svg.tmp-\(pid)") }) else { return false }
            usleep(100_000)
            kill(pid, SIGTERM)
            return true
        }
        #expect(r.status == 130 && r.err.contains("interrupted"), "\(r.status) \(r.err)")
        // The output's lock file stays (documented); nothing else may.
        #expect(entries(rdir).filter { $0 != ".r.md.lock" }.isEmpty, "left behind: \(entries(rdir))")
    }

    @Test func defect13_replayExits130OnSIGTERM() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let fifo = tmp("in.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let started = Date()
        // Standard input a FIFO opened read-write: replay waits for input that never comes.
        let r = try CLIProcess.run(
            ["replay", "-", "--machine", "tiny", "--format", "din"],
            shell: "exec 0<>\(sh(fifo))", limit: 30
        ) { pid in
            guard Date().timeIntervalSince(started) > 0.7 else { return false }
            kill(pid, SIGTERM)
            return true
        }
        #expect(r.status == 130 && !r.hung && r.err.contains("interrupted"), "\(r.status) \(r.err)")
    }

    @Test func defect13_aFileSizeLimitIsAOneLineErrorNotSIGXFSZ() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml"), doc = tmp("d.json")
        #expect(try CLIProcess.run(["simulate", exp, "--json", doc, "--quiet"]).status == 0)
        // 1 block: every output below is larger. SIGXFSZ at its default, as in a login shell (the
        // test runner may have it ignored, and exec keeps an ignored signal ignored).
        let limit = "ulimit -f 1; exec env --default-signal=XFSZ \"$0\" \"$@\""
        let report = try CLIProcess.run(["report", doc, "-o", tmp("r.md")], shell: limit)
        #expect(oneLineError(report) && report.err.contains("File too large"), "\(report)")
        let trace = try CLIProcess.run(
            ["trace", exp, "--variant", "ijk", "--format", "din", "-o", tmp("t.din")],
            shell: limit)
        #expect(oneLineError(trace) && trace.err.contains("File too large"), "\(trace)")
        // The sweep journal's first append (a run's line is over a block).
        let sim = try CLIProcess.run(["simulate", exp, "--json", tmp("s.json"), "--quiet"], shell: limit)
        #expect(oneLineError(sim) && sim.err.contains("File too large"), "\(sim)")
        #expect(!entries(dir.path).contains { $0.contains(".tmp-") }, "\(entries(dir.path))")
        #expect(!exists(tmp("r.md")) && !exists(tmp("t.din")) && !exists(tmp("s.json")))
    }

    @Test func defect13_anAddressSpaceLimitIsAOneLineRefusalNotAnAbort() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml")
        let din = write((0..<1000).map { "r \(String($0 * 4096, radix: 16)) 4\n" }.joined(), "t.din")
        // 140,000 KiB: the runtime loads (about 75 MiB), little is left beside it and its threads.
        for args in [["simulate", exp, "--quiet"], ["replay", din, "--machine", "zen4"]] {
            let r = try CLIProcess.run(args, shell: "ulimit -v 140000")
            #expect(oneLineError(r) && r.err.contains("ulimit -v"), "\(args[0]): \(r.status) \(r.err.prefix(300))")
        }
        let bench = try CLIProcess.run(["bench", "--accesses", "1000000000000"], shell: "ulimit -v 400000")
        #expect(
            oneLineError(bench) && bench.err.contains("--accesses 1000000000000"),
            "\(bench.status) \(bench.err.prefix(300))")
    }

    // MARK: defect 14: the smaller ones

    @Test func defect14_slurmMergeScriptStaysSmallWithSixtyThousandShards() throws {
        let s = SlurmScripts(
            binary: "/opt/bin/layoutlab", directory: "/shared/sweeps/run one", name: "big",
            experiment: "/shared/e.yaml", machine: nil, no3c: false, shards: 60_000, options: [])
        // Listing 60,000 shard paths inline made a 4.7 MB script the kernel would not exec.
        #expect(s.mergeScript.utf8.count < 4096, "\(s.mergeScript.utf8.count) bytes")
        let list = s.shardList.split(separator: "\n")
        #expect(
            list.count == 60_000 && list.first == "/shared/sweeps/run one/big.shard-0.json"
                && list.last == "/shared/sweeps/run one/big.shard-59999.json")
    }

    @Test func defect14_mergeReadsItsPartsFromAList() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.small, "e.yaml"), shard0 = tmp("s0.json"), shard1 = tmp("s1.json"), whole = tmp("w.json")
        #expect(try CLIProcess.run(["simulate", exp, "--shard", "0/2", "--json", shard0, "--quiet"]).status == 0)
        #expect(try CLIProcess.run(["simulate", exp, "--shard", "1/2", "--json", shard1, "--quiet"]).status == 0)
        #expect(try CLIProcess.run(["simulate", exp, "--json", whole, "--quiet"]).status == 0)
        let list = write(shard0 + "\n" + shard1 + "\n", "parts.list")
        let r = try CLIProcess.run(["merge", "--parts-from", list, "--json", tmp("m.json")])
        #expect(r.status == 0, "\(r.err)")
        let merged = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: tmp("m.json"))))
        let reference = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: whole)))
        #expect(merged["runs"] == reference["runs"])
    }

    @Test func defect14_aValgrindFailureGivesValgrindsOwnReason() throws {
        let stderr = """
            ==11295== Callgrind, a call-graph generating cache profiler
            ==11295== Copyright (C) 2002-2017, and GNU GPL'd, by Josef Weidendorfer et al.
            ==11295== Using Valgrind-3.19.0 and LibVEX; rerun with -h for copyright info
            ==11295== Command: /tmp/x/layoutlab-nodebug native-kernel
            ==11295==
            --11295-- warning: L3 cache found, using its data for the LL simulation.
            --11295-- warning: specified LL cache: line_size 64  assoc 1  total_size 335,544,320
            ==11295== Callgrind: cannot continue: the minimum line size (16)
            ==11295==   must be equal to or larger than the maximum register size (32)
            ==11295==   but it is not.  Exiting now.
            """
        let why = Callgrind.failureReason(stderr, status: 1)
        let stated = "the minimum line size (16) must be equal to or larger than the maximum register size (32)"
        #expect(why.contains(stated), "\(why)")
        #expect(
            Callgrind.failureReason("valgrind: Bad option: --D1=3,1,1\nvalgrind: Use --help\n", status: 1)
                == "valgrind: Bad option: --D1=3,1,1")
        // Refused up front on a host whose widest register is 32 bytes (AVX).
        let narrow = Callgrind.Geometry(size: 4096, ways: 4, line: 16).problem(registerBytes: 32)
        #expect(narrow?.contains("at least 32 bytes") == true)
        #expect(Callgrind.Geometry(size: 4096, ways: 4, line: 32).problem(registerBytes: 32) == nil)
    }

    @Test func defect14_sixteenByteLinesOnAnAVXHostAreRefusedWithTheReason() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        try #require(callgrindUsable, "needs valgrind and valgrind/callgrind.h")
        let flags =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("flags") } ?? ""
        try #require(flags.split(separator: " ").contains("avx"), "needs an AVX host")
        let m = write(
            "name: narrow\nlevels:\n  - {name: L1, size: 4KiB, line: 16, ways: 4}\n"
                + "  - {name: L2, size: 64KiB, line: 64, ways: 8}\n", "narrow.yaml")
        let exp = write(Self.small, "e.yaml")
        let r = try CLIProcess.run(["measure", exp, "--counters", "callgrind", "--machine", m], limit: 120)
        #expect(oneLineError(r) && r.err.contains("level L1") && r.err.contains("maximum register size, 32"), "\(r)")
    }

    @Test func defect14_theStaleSweepKeepsOtherProgramsTemporaries() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let done = Process()
        done.executableURL = URL(fileURLWithPath: "/bin/true")
        try done.run()
        done.waitUntilExit()
        let dead = done.processIdentifier
        let exp = write(Self.small, "e.yaml"), json = tmp("s.json")
        let others = [
            ".dat.nosync\(String(dead, radix: 16)).Ab12Cd", ".s.json.tmp-\(dead)x", ".s.json.tmp-+\(dead)",
            ".other.json.tmp-\(dead)",
        ]
        for name in others { write("theirs", name) }
        write("stale", ".s.json.tmp-\(dead)")
        #expect(try CLIProcess.run(["simulate", exp, "--json", json, "--quiet"]).status == 0)
        for name in others { #expect(exists(tmp(name)), "\(name) was deleted") }
        #expect(!exists(tmp(".s.json.tmp-\(dead)")), "this output's own stale temporary stayed")
    }

    @Test func defect14_aLongDinLineReadsFromStandardInputAsFromAFile() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let din = write("r 40 4\nr 0 4" + String(repeating: " ", count: 200_000) + "\nw 80 4\n", "long.din")
        let file = try CLIProcess.run(["replay", din, "--machine", "tiny"])
        let pipe = try CLIProcess.run(["replay", "-", "--machine", "tiny"], shell: "exec 0<\(sh(din))")
        #expect(file.status == 0 && file.out.contains("3 accesses"), "\(file.err)")
        #expect(pipe.status == 0 && pipe.out.contains("3 accesses"), "\(pipe.err)")
    }

    @Test func defect14_aNULByteInADinTraceIsNamedWithItsLine() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        FileManager.default.createFile(atPath: tmp("nul.din"), contents: Data("r 40 4\nr 0\u{0} 4\nw 80 4\n".utf8))
        let r = try CLIProcess.run(["replay", tmp("nul.din"), "--machine", "tiny"])
        #expect(oneLineError(r) && r.err.contains("nul.din:2: a NUL byte"), "\(r)")
    }
}
