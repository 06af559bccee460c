import Foundation
import LayoutConfig
import Reporting
import SafeIO

extension SlurmJob {
    /// Job states that end a job for good (`scontrol` names; a requeued job comes back as PENDING).
    static let finalStates: Set<String> = [
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
        "PREEMPTED", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT",
    ]

    /// Waits until the merge job `merge` (submitted after the array `array`) has written the
    /// results, polling the controller (every 0.2 s, slowing to every 5 s). Throws, naming the
    /// failed array task(s) and how to resubmit them, when one failed: Slurm then leaves the
    /// merge pending for ever (`DependencyNeverSatisfied`), so it is cancelled.
    public static func wait(_ s: SlurmScripts, queue: SlurmQueue, array: String, merge: String, submitted: Date) throws
    {
        var delay = 0.2
        while true {
            if let m = try queue.states(merge)?.first {
                if m.state == "COMPLETED" { return }
                let stuck = m.state == "PENDING" && m.reason == "DependencyNeverSatisfied"
                if stuck || finalStates.contains(m.state) {
                    if stuck { queue.cancel(merge) }
                    let failed = try failedTasks(s, queue: queue, array: array, submitted: submitted)
                    if !failed.isEmpty { throw taskFailure(s, failed, array: array, merge: merge, cancelled: stuck) }
                    throw LayoutLabError(
                        """
                        slurm: merge job \(merge) \(m.state)\(m.exitCode.isEmpty ? "" : " (exit \(m.exitCode))"); \
                        see \(s.mergeLogPath)
                        """
                    )
                }
            } else {
                // The controller forgot the job (MinJobAge): the results file tells.
                if modified(s.resultPath, since: submitted) { return }
                throw LayoutLabError(
                    "slurm: merge job \(merge) ended without writing \(s.resultPath); see \(s.mergeLogPath)")
            }
            Thread.sleep(forTimeInterval: delay)
            delay = min(delay * 1.5, 5)
        }
    }

    /// The array's tasks that did not complete, with their state: from the controller, or, for
    /// tasks it no longer knows, those whose shard was not written since `submitted`.
    static func failedTasks(_ s: SlurmScripts, queue: SlurmQueue, array: String, submitted: Date) throws -> [(
        Int, String
    )] {
        let known = try queue.states(array) ?? []
        var failed: [(Int, String)] = []
        for k in 0..<s.shards {
            if let t = known.first(where: { $0.task == k }) {
                if t.state != "COMPLETED" {
                    failed.append(
                        (k, t.state + (t.exitCode.isEmpty || t.exitCode == "0:0" ? "" : ", exit \(t.exitCode)")))
                }
            } else if !modified(s.shardPath(k), since: submitted) {
                failed.append((k, "no shard written"))
            }
        }
        return failed
    }

    static func taskFailure(_ s: SlurmScripts, _ failed: [(Int, String)], array: String, merge: String, cancelled: Bool)
        -> LayoutLabError
    {
        let list =
            failed.prefix(8).map { "\($0.0) (\($0.1))" }.joined(separator: ", ") + (failed.count > 8 ? ", ..." : "")
        let ks = failed.map { String($0.0) }.joined(separator: ",")
        // The paths are quoted: the user pastes this line into a shell.
        let resubmit =
            "jobid=$(sbatch --parsable --array=\(ks) \(ShellQuote.word(s.arrayPath)))"
            + " && sbatch --dependency=afterok:$jobid \(ShellQuote.word(s.mergePath))"
        return LayoutLabError(
            """
            slurm: task\(failed.count > 1 ? "s" : "") \(list) of job array \(array) failed; see \
            \(s.logPath(failed[0].0))
            """
                + "\(cancelled ? "; merge job \(merge) cancelled" : ""); resubmit with `\(resubmit)`")
    }

    /// Whether `path` exists and was modified at or after `date` (to the second).
    static func modified(_ path: String, since date: Date) -> Bool {
        guard let m = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else {
            return false
        }
        return m.timeIntervalSince(date) > -1
    }
}
