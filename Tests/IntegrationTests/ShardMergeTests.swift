import Foundation
import Testing
@testable import LayoutLabKit
import LayoutConfig
import Reporting
import ResultsSchema
import TestSupport

/// `simulate --shard` and `merge`, through the CLI: shards merged in any order give the
/// unsharded document (the reference is `simulate --json` of the same sweep), and bad input is
/// one line, exit 1, nothing written.
@Suite struct ShardMergeTests {
    /// 2 variants x 3 points = 6 runs, in the order (n=4: ijk, ikj), (n=6: ...), (n=8: ...).
    static let experiment = """
        name: shards
        machine: tiny
        kernel: gemm
        shape: {m: 6, n: 4, k: 5}
        variants:
          - {name: ijk, loops: ijk}
          - {name: ikj, loops: ikj}
        sweep:
          n: [4, 6, 8]

        """

    let scratch = TestDirectory("layoutlab-shards")
    func tmp(_ name: String) -> String { scratch.file(name) }

    func cli(_ args: [String]) throws -> CLIProcess.Result {
        try #require(CLIProcess.built, "build the layoutlab product first (swift build)")
        return try CLIProcess.run(args, limit: 120)
    }

    func doc(_ path: String) throws -> JSON { try JSON.parse(Data(contentsOf: URL(fileURLWithPath: path))) }

    /// The document without its `command`, the one field a merge may change.
    static func withoutCommand(_ j: JSON) -> String {
        JSON.object((j.object ?? []).filter { $0.0 != "command" }).serialized()
    }

    func whole(_ flags: [String] = []) throws -> JSON {
        let exp = tmp("e.yaml"), out = tmp("whole\(flags.joined()).json")
        try Self.experiment.write(toFile: exp, atomically: true, encoding: .utf8)
        let r = try cli(["simulate", exp, "--json", out] + flags)
        #expect(r.status == 0, "\(r.err)")
        return try doc(out)
    }

    func shard(_ k: Int, of n: Int, _ flags: [String] = []) throws -> String {
        let out = tmp("part\(flags.joined())-\(k)-of-\(n).json")
        let r = try cli(["simulate", tmp("e.yaml"), "--shard", "\(k)/\(n)", "--json", out] + flags)
        #expect(r.status == 0, "\(r.err)")
        return out
    }

    @Test(arguments: [1, 3, 4, 6])
    func mergedShardsEqualTheWholeSweep(_ n: Int) throws {
        let reference = try whole()
        let all = reference["runs"]?.array ?? []
        #expect(all.count == 6)
        var parts = try (0..<n).map { try shard($0, of: n) }
        for (k, p) in parts.enumerated() {
            let d = try doc(p)
            // Shard k holds the runs at positions k, k+n, k+2n, ... below 6.
            let expected = stride(from: k, to: 6, by: n).map { all[$0] }
            #expect(d["runs"]?.array == expected, "shard \(k)/\(n)")
            let s = d["shard"]
            #expect(
                s?["index"]?.uint64 == UInt64(k) && s?["count"]?.uint64 == UInt64(n) && s?["totalRuns"]?.uint64 == 6)
            #expect(s?["fingerprint"]?.string?.isEmpty == false && s?["flags"]?.array == [])
        }
        parts.reverse()  // the order given does not matter
        let merged = tmp("merged.json")
        let r = try cli(["merge"] + parts + ["--json", merged])
        #expect(r.status == 0, "\(r.err)")
        #expect(Self.withoutCommand(try doc(merged)) == Self.withoutCommand(reference))
        #expect(try doc(merged)["command"]?.string?.hasPrefix("layoutlab merge ") == true)
    }

    @Test func mergeOutWritesJSONReportAndCSV() throws {
        let reference = try whole(["--no3c"])
        let parts = try (0..<2).map { try shard($0, of: 2, ["--no3c"]) }
        #expect(try doc(parts[0])["shard"]?["flags"]?.array == [.string("--no3c")])
        let r = try cli(["merge"] + parts + ["--out", tmp("o")])
        #expect(r.status == 0 && r.out.contains("ikj"), "\(r.err)")
        #expect(Self.withoutCommand(try doc(tmp("o/shards.json"))) == Self.withoutCommand(reference))
        for f in ["o/shards.md", "o/shards.csv"] { #expect(FileManager.default.fileExists(atPath: tmp(f)), "\(f)") }
    }

    /// A one-line error, status 1, mentioning `text`; `unwritten` does not exist afterwards.
    func refused(_ args: [String], _ text: String, unwritten: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let r = try cli(args)
        #expect(r.status == 1, "\(r.err)", sourceLocation: sourceLocation)
        #expect(
            r.err.hasPrefix("layoutlab: error: ") && r.err.contains(text) && r.err.split(separator: "\n").count == 1,
            "\(r.err)", sourceLocation: sourceLocation)
        #expect(
            !FileManager.default.fileExists(atPath: unwritten), "\(unwritten) written", sourceLocation: sourceLocation)
    }

    @Test func badShardsAreRefused() throws {
        _ = try whole()
        let e = tmp("e.yaml"), out = tmp("never.json")
        try refused(["simulate", e, "--shard", "0/0", "--json", out], "COUNT must be at least 1", unwritten: out)
        try refused(["simulate", e, "--shard", "3/3", "--json", out], "INDEX must be from 0 to 2", unwritten: out)
        try refused(["simulate", e, "--shard=-1/3", "--json", out], "INDEX must be from 0 to 2", unwritten: out)
        try refused(["simulate", e, "--shard", "one/3", "--json", out], "expected INDEX/COUNT", unwritten: out)
        try refused(["simulate", e, "--shard", "0/7", "--json", out], "the sweep has 6 run(s)", unwritten: out)
        try refused(["simulate", e, "--shard", "0/3", "--out", tmp("d")], "give --json PART.json", unwritten: tmp("d"))
    }

    @Test func mergeRefusesMissingDuplicateAndForeignShards() throws {
        let wholeDoc = tmp("whole.json")
        _ = try whole()
        let p = try (0..<3).map { try shard($0, of: 3) }
        let out = tmp("m/merged.json")
        try refused(["merge", p[0], p[2], "--json", out], "1 of 3 shard(s) missing: 1/3", unwritten: tmp("m"))
        try refused(["merge", p[0], p[1], p[1], p[2], "--json", out], "shard 1/3 given twice", unwritten: tmp("m"))
        try refused(["merge", p[0], p[1], wholeDoc, "--json", out], "\(wholeDoc): not a shard", unwritten: tmp("m"))
        let four = try shard(1, of: 4)
        try refused(
            ["merge", p[0], four, "--json", out], "\(four): shard 1/4, but \(p[0]) is shard 0/3", unwritten: tmp("m"))
        // The same sweep without the 3C split, and another experiment.
        let lean = try shard(1, of: 3, ["--no3c"])
        try refused(
            ["merge", p[0], lean, p[2], "--json", out], "(flags --no3c) than \(p[0]) (flags none)", unwritten: tmp("m"))
        try Self.experiment.replacingOccurrences(of: "name: shards", with: "name: other")
            .write(toFile: tmp("e.yaml"), atomically: true, encoding: .utf8)
        let other = try shard(1, of: 3)
        try refused(
            ["merge", p[0], other, p[2], "--json", out], "(experiment other) than \(p[0]) (experiment shards)",
            unwritten: tmp("m"))
        // Another version: the version is part of the shard's identity.
        var edited = try doc(p[2]).object ?? []
        edited = edited.map { $0.0 == "layoutlab" ? ($0.0, .string("0.0-other")) : $0 }
        try JSON.object(edited).serialized().write(toFile: tmp("v.json"), atomically: true, encoding: .utf8)
        try refused(
            ["merge", p[0], tmp("v.json"), "--json", out], "(LayoutLab version 0.0-other)", unwritten: tmp("m"))
        try refused(["merge", p[0], p[1], p[2]], "give --json OUT.json or --out DIR", unwritten: tmp("m"))
        // A report of one shard would state findings about part of the sweep.
        try refused(
            ["report", p[0], "-o", tmp("r.md")], "\(p[0]): shard 0/3 of a sweep, not the whole sweep",
            unwritten: tmp("r.md"))
        try refused(["report", p[0], "--csv", tmp("r.csv")], "shard 0/3 of a sweep", unwritten: tmp("r.csv"))
    }

    /// Killed (-9) mid-shard, the same command resumes (saying so) and writes the shard an
    /// uninterrupted run writes; the journal is then removed.
    @Test func killedShardResumesThroughTheCLI() throws {
        try #require(CLIProcess.built, "build the layoutlab product first (swift build)")
        let exp = tmp("kill.yaml"), out = tmp("kill.json"), ref = tmp("ref.json"), journal = out + ".partial.jsonl"
        try HardeningTests.sweep.write(toFile: exp, atomically: true, encoding: .utf8)  // 18 runs: shard 1/2 has 9
        #expect(try CLIProcess.run(["simulate", exp, "--shard", "1/2", "--json", ref]).status == 0)
        let killed = try CLIProcess.run(["simulate", exp, "--shard", "1/2", "--json", out]) { pid in
            let n = (try? String(contentsOfFile: journal, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if n >= 3 {
                kill(pid, SIGKILL)
                return true
            }
            return false
        }
        #expect(
            killed.status != 0 && !FileManager.default.fileExists(atPath: out), "the shard finished before the kill")
        let resumed = try CLIProcess.run(["simulate", exp, "--shard", "1/2", "--json", out])
        #expect(resumed.status == 0 && resumed.err.contains("resuming: "), "\(resumed.err)")
        #expect(!FileManager.default.fileExists(atPath: journal))
        #expect(Self.withoutCommand(try doc(out)) == Self.withoutCommand(try doc(ref)))
        #expect(try doc(out)["runs"]?.array?.count == 9)
    }

    /// A shard resumes from its journal like a whole sweep: a run found there is taken as is
    /// (here one doctored to 12345 accesses, which no simulation gives), the rest computed.
    @Test func shardResumesFromItsJournal() throws {
        try Self.experiment.write(toFile: tmp("e.yaml"), atomically: true, encoding: .utf8)
        let spec = try ExperimentSpec.load(path: tmp("e.yaml"))
        let shard = try SweepShard(index: 1, count: 2)
        let fresh = try SimulateJob.runResumable(spec, machine: spec.machine, journal: nil, shard: shard)
        #expect(fresh.count == 3)
        let fp = SimulateJob.fingerprint(spec, machine: spec.machine)
        let journal = try SweepJournal(path: tmp("j.partial.jsonl"), fingerprint: fp)
        // Position 3 (n=6, ikj) is this shard's second run.
        let doctored = JSON.object((fresh[1].object ?? []).map { $0.0 == "accesses" ? ($0.0, .uint(12345)) : $0 })
        try journal.append(key: SimulateJob.key("ikj", ["n": .int(6)]), run: doctored)
        let resumed = try SimulateJob.runResumable(
            spec, machine: spec.machine,
            journal: try SweepJournal(path: tmp("j.partial.jsonl"), fingerprint: fp), shard: shard)
        #expect(resumed == [fresh[0], doctored, fresh[2]])
    }
}
