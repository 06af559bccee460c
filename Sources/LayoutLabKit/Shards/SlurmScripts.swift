import Foundation
import Reporting
import LayoutConfig
import SafeIO

/// The two batch scripts `layoutlab slurm` writes for a sweep NAME into DIR: `NAME.sbatch`, a
/// job array of `shards` tasks where task K runs `simulate --shard K/shards` into
/// `NAME.shard-K.json`, and `NAME.merge.sbatch`, which merges the shards into `NAME.json`,
/// `NAME.md` and `NAME.csv`. Both call the same `layoutlab` binary by absolute path and assume
/// DIR is on a file system every node shares. A task requeued or resubmitted alone
/// (`sbatch --array=K NAME.sbatch`) resumes from its shard's journal.
public struct SlurmScripts: Sendable {
    /// Absolute paths: the binary, the output folder; `experiment` and `machine` are absolute
    /// paths of files or names of bundled ones.
    public var binary: String
    public var directory: String
    public var name: String
    public var experiment: String
    public var machine: String?
    public var no3c: Bool
    public var shards: Int
    /// `#SBATCH` options given on the command line, as (option, value), e.g. ("partition", "debug").
    public var options: [(String, String)]

    public var arrayPath: String { directory + "/" + name + ".sbatch" }
    public var mergePath: String { directory + "/" + name + ".merge.sbatch" }
    public var resultPath: String { directory + "/" + name + ".json" }
    public func shardPath(_ k: Int) -> String { directory + "/" + name + ".shard-\(k).json" }
    public func logPath(_ k: Int) -> String { directory + "/" + name + ".shard-\(k).log" }
    public var mergeLogPath: String { directory + "/" + name + ".merge.log" }
    /// The shards the merge job reads, one path a line: a list file rather than arguments, so
    /// that the script stays small and its command fits the kernel's argument limit whatever
    /// the shard count (60,000 shards listed inline made a 4.7 MB script that could not exec).
    public var shardListPath: String { directory + "/" + name + ".shards.list" }
    public var shardList: String { (0..<shards).map { shardPath($0) + "\n" }.joined() }

    /// The job array.
    public var arrayScript: String {
        var args = [
            "simulate", Self.quote(experiment), "--shard", "\"$SLURM_ARRAY_TASK_ID\"/\(shards)",
            "--json", Self.quote(directory + "/" + name + ".shard-") + "\"$SLURM_ARRAY_TASK_ID\"" + Self.quote(".json"),
        ]
        if let machine { args += ["--machine", Self.quote(machine)] }
        if no3c { args.append("--no3c") }
        return header(
            """
            # LayoutLab: sweep \(name) as a job array of \(shards) task(s); task K computes shard K/\(shards)
            # into \(name).shard-K.json. A requeued task, or one resubmitted alone with
            # `sbatch --array=K \(ShellQuote.word(arrayPath))`, resumes from its journal \
            (\(name).shard-K.json.partial.jsonl).
            """,
            [
                "job-name=\(jobName)", "array=0-\(shards - 1)", "output=\(directory)/\(name).shard-%a.log",
                "open-mode=append", "requeue",
            ] + options.map { "\($0.0)=\($0.1)" })
            + "exec \(Self.quote(binary)) " + args.joined(separator: " ") + "\n"
    }

    /// The merge job, submitted with `--dependency=afterok:` on the array; it reads the shards'
    /// paths from `shardListPath`.
    public var mergeScript: String {
        return header(
            """
            # LayoutLab: merges the \(shards) shard(s) of sweep \(name) into \(name).json, \(name).md and \(name).csv.
            # Submit after the array: sbatch --dependency=afterok:ARRAY_JOB_ID \(ShellQuote.word(mergePath))
            """,
            ["job-name=\(jobName)-merge", "output=\(mergeLogPath)", "open-mode=append"]
                + options.filter { $0.0 != "cpus-per-task" }.map { "\($0.0)=\($0.1)" })
            + "exec \(Self.quote(binary)) merge --parts-from \(Self.quote(shardListPath)) \\\n"
            + "    --out \(Self.quote(directory))\n"
    }

    func header(_ comment: String, _ directives: [String]) -> String {
        "#!/bin/bash\n\(comment)\n" + directives.map { "#SBATCH --\($0)\n" }.joined() + "set -eu\n"
    }

    /// The name Slurm shows: the experiment's name with anything but letters, digits, `.`, `_`
    /// and `-` replaced.
    var jobName: String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }

    /// `s` as one shell word, always in single quotes (`ShellQuote.always`).
    public static func quote(_ s: String) -> String { ShellQuote.always(s) }

    /// Why `value` cannot go on an `#SBATCH` line (Slurm reads those lines itself, without a
    /// shell), or nil: no white space, quotes, backslashes, `%` (an output-name pattern) or
    /// control characters.
    public static func problem(_ value: String) -> String? {
        for ch in value.unicodeScalars {
            if ch.properties.isWhitespace || ch.value < 0x20 || ch.value == 0x7f || "\"'\\%".unicodeScalars.contains(ch)
            {
                let what =
                    ch.value < 0x20 || ch.value == 0x7f
                    ? "a control character" : ch.properties.isWhitespace ? "white space" : "`\(ch)`"
                return "contains \(what), which an #SBATCH line cannot carry"
            }
        }
        return value.isEmpty ? "is empty" : nil
    }
}
