import Foundation
import Testing
@testable import LayoutLabKit
import Reporting
import ResultsSchema
import TestSupport

/// `layoutlab slurm` without a cluster: the scripts it writes, run by bash as Slurm would run
/// them (task K with `SLURM_ARRAY_TASK_ID=K`, then the merge), give `simulate --json`'s
/// document; `--submit` hands them to `sbatch` with the dependency; bad input writes nothing.
/// A stand-in `sbatch` on PATH records its arguments and prints a job id. The real cluster is
/// `SlurmClusterTests`.
@Suite struct SlurmScriptTests {
    let scratch = TestDirectory("layoutlab-slurm-scripts")
    func tmp(_ name: String) -> String { scratch.file(name) }

    /// A folder holding a fake `sbatch` that appends its arguments to `sbatch.log` and prints
    /// job ids 100, 101, ...
    func fakeSbatch() throws -> String {
        let bin = tmp("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try """
        #!/bin/sh
        echo "$@" >> '\(tmp("sbatch.log"))'
        echo $((100 + $(wc -l < '\(tmp("sbatch.log"))') - 1))
        """.write(toFile: bin + "/sbatch", atomically: true, encoding: .utf8)
        chmod(bin + "/sbatch", 0o755)
        return bin
    }

    func cli(_ args: [String], path: String) throws -> CLIProcess.Result {
        try #require(CLIProcess.built, "build the layoutlab product first (swift build)")
        return try CLIProcess.run(args, shell: "PATH='\(path)'", limit: 120)
    }

    func write() throws -> String {
        let exp = tmp("e.yaml")
        try ShardMergeTests.experiment.write(toFile: exp, atomically: true, encoding: .utf8)
        return exp
    }

    @Test func scriptsRunAsSlurmWouldGiveTheWholeSweep() throws {
        let exp = try write(), bin = try fakeSbatch(), out = tmp("out")
        let r = try cli(
            [
                "slurm", exp, "--shards", "3", "--out", out, "--partition", "debug", "--time", "5:00",
                "--cpus-per-task", "2",
            ],
            path: bin + ":/usr/bin:/bin")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("jobid=$(sbatch --parsable '\(out)/shards.sbatch')"))
        #expect(r.out.contains("sbatch --dependency=afterok:$jobid '\(out)/shards.merge.sbatch'"))
        #expect(!FileManager.default.fileExists(atPath: tmp("sbatch.log")), "nothing submitted without --submit")
        let array = try String(contentsOfFile: out + "/shards.sbatch", encoding: .utf8)
        for line in [
            "#SBATCH --array=0-2", "#SBATCH --partition=debug", "#SBATCH --time=5:00", "#SBATCH --cpus-per-task=2",
            "#SBATCH --output=\(out)/shards.shard-%a.log", "#SBATCH --requeue",
            """
            exec '\(URL(fileURLWithPath: CLIProcess.binary).resolvingSymlinksInPath().path)' simulate '\(exp)' \
            --shard \"$SLURM_ARRAY_TASK_ID\"/3
            """,
        ] {
            #expect(array.contains(line), "\(line)")
        }
        let merge = try String(contentsOfFile: out + "/shards.merge.sbatch", encoding: .utf8)
        #expect(merge.contains("#SBATCH --partition=debug") && !merge.contains("cpus-per-task"))
        for k in 0..<3 {
            let t = try CLIProcess.run(
                [], shell: "export SLURM_ARRAY_TASK_ID=\(k); exec bash '\(out)/shards.sbatch' #", limit: 120)
            #expect(t.status == 0, "task \(k): \(t.err)")
        }
        let m = try CLIProcess.run([], shell: "exec bash '\(out)/shards.merge.sbatch' #", limit: 120)
        #expect(m.status == 0, "\(m.err)")
        let reference = tmp("whole.json")
        #expect(try cli(["simulate", exp, "--json", reference], path: "/usr/bin:/bin").status == 0)
        let got = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: out + "/shards.json")))
        #expect(
            ShardMergeTests.withoutCommand(got)
                == ShardMergeTests.withoutCommand(try JSON.parse(Data(contentsOf: URL(fileURLWithPath: reference)))))
        #expect(
            FileManager.default.fileExists(atPath: out + "/shards.md")
                && FileManager.default.fileExists(atPath: out + "/shards.csv"))
    }

    @Test func submitHandsBothScriptsToSbatch() throws {
        let exp = try write(), bin = try fakeSbatch(), out = tmp("sub")
        let r = try cli(["slurm", exp, "--shards", "2", "--out", out, "--submit"], path: bin + ":/usr/bin:/bin")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("submitted job array 100 (2 task(s)) and merge job 101"))
        let log = try String(contentsOfFile: tmp("sbatch.log"), encoding: .utf8)
        #expect(
            log == "--parsable \(out)/shards.sbatch\n--parsable --dependency=afterok:100 \(out)/shards.merge.sbatch\n")
    }

    /// A one-line error, status 1, mentioning `text`; `out` not created.
    func refused(
        _ args: [String], _ text: String, path: String, out: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let r = try cli(args, path: path)
        #expect(
            r.status == 1 && r.err.hasPrefix("layoutlab: error: ") && r.err.contains(text)
                && r.err.split(separator: "\n").count == 1,
            "\(r.err)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out), "\(out) written", sourceLocation: sourceLocation)
    }

    @Test func badInputWritesNothing() throws {
        let exp = try write(), out = tmp("never")
        try refused(
            ["slurm", exp, "--shards", "2", "--out", out], "sbatch is not on PATH", path: "/nonexistent", out: out)
        let path = try fakeSbatch() + ":/usr/bin:/bin"
        try refused(
            ["slurm", exp, "--shards", "0", "--out", out], "--shards 0: must be at least 1", path: path, out: out)
        try refused(["slurm", exp, "--shards", "7", "--out", out], "the sweep has 6 run(s)", path: path, out: out)
        try refused(
            ["slurm", exp, "--shards", "2", "--out", out, "--wait"], "--wait needs --submit", path: path, out: out)
        try refused(
            ["slurm", exp, "--shards", "2", "--out", out, "--partition", "a b"],
            "--partition a b: contains white space",
            path: path, out: out)
        try refused(
            ["slurm", exp, "--shards", "2", "--out", tmp("50%")], "choose another folder", path: path, out: tmp("50%"))
        try refused(
            ["slurm", tmp("missing.yaml"), "--shards", "2", "--out", out], "missing.yaml", path: path, out: out)
    }
}
