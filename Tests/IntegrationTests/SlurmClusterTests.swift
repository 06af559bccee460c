import Foundation
import Testing
@testable import LayoutLabKit
import Reporting
import ResultsSchema
import TestSupport

/// `layoutlab slurm --submit --wait` on a real single-node Slurm cluster (`SlurmCluster`,
/// started and stopped by the test): the merged document equals `simulate --json` of the same
/// sweep; a failed task is named with the command that resubmits it, and that command, run
/// as printed, completes the sweep. Needs Debian's slurmctld, slurmd, slurm-client and munge
/// (`.ci/run` installs them) and root; otherwise the suite reports itself skipped.
@Suite(.enabled(if: SlurmCluster.unavailable == nil, Comment(rawValue: SlurmCluster.unavailable ?? "")), .serialized)
struct SlurmClusterTests {
    @Test func sweepRunsAsAJobArrayAndResumesAFailedTask() throws {
        try #require(CLIProcess.built, "build the layoutlab product first (swift build)")
        let cluster = SlurmCluster()
        defer { cluster.stop() }
        try cluster.start()
        let dir = cluster.dir, exp = dir + "/e.yaml", reference = dir + "/whole.json"
        try ShardMergeTests.experiment.write(toFile: exp, atomically: true, encoding: .utf8)
        let whole = try CLIProcess.run(["simulate", exp, "--json", reference], limit: 120)
        try #require(whole.status == 0, "\(whole.err)")
        let expected = ShardMergeTests.withoutCommand(try JSON.parse(Data(contentsOf: URL(fileURLWithPath: reference))))
        func merged(_ out: String) throws -> String {
            ShardMergeTests.withoutCommand(try JSON.parse(Data(contentsOf: URL(fileURLWithPath: out + "/shards.json"))))
        }

        let t0 = Date()
        let ok = try CLIProcess.run(
            ["slurm", exp, "--shards", "3", "--out", dir + "/ok", "--submit", "--wait"],
            shell: cluster.shellPrefix, limit: 120)
        let sweepSeconds = Date().timeIntervalSince(t0)
        #expect(ok.status == 0, "\(ok.err)")
        #expect(
            ok.out.contains("submitted job array") && ok.out.contains("ikj")
                && ok.out.contains("wrote \(dir)/ok/shards.json"))
        #expect(try merged(dir + "/ok") == expected)
        for k in 0..<3 { #expect(FileManager.default.fileExists(atPath: "\(dir)/ok/shards.shard-\(k).json")) }

        // Task 1 cannot write its shard (a folder stands at its path): named, exit 1, merge cancelled.
        let failDir = dir + "/fail", blocker = failDir + "/shards.shard-1.json"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: true)
        let bad = try CLIProcess.run(
            ["slurm", exp, "--shards", "3", "--out", failDir, "--submit", "--wait"],
            shell: cluster.shellPrefix, limit: 120)
        #expect(bad.status == 1 && bad.err.split(separator: "\n").count == 1, "\(bad.err)")
        #expect(
            bad.err.contains("task 1 (FAILED, exit 1:0) of job array") && bad.err.contains("merge job"), "\(bad.err)")
        #expect(try cluster.run("squeue", ["-h"]).1.isEmpty, "no job left pending")
        #expect(!FileManager.default.fileExists(atPath: failDir + "/shards.json"))

        // The printed resubmission, run as printed once the cause is gone, completes the sweep.
        try FileManager.default.removeItem(atPath: blocker)
        let parts = bad.err.split(separator: "`", omittingEmptySubsequences: false)
        try #require(parts.count >= 3, "no command in \(bad.err)")
        let again = try CLIProcess.run([], shell: cluster.shellPrefix + "; " + parts[parts.count - 2] + " #", limit: 60)
        #expect(again.status == 0, "\(again.err)")
        let deadline = Date().addingTimeInterval(60)
        while !(try cluster.run("squeue", ["-h"]).1.isEmpty) && Date() < deadline { usleep(100_000) }
        #expect(try merged(failDir) == expected)
        print(
            "slurm cluster: idle \(String(format: "%.1f", cluster.startSeconds)) s after start; "
                + "slurm --submit --wait of 6 runs in 3 tasks: \(String(format: "%.1f", sweepSeconds)) s")
    }
}
