import Foundation
import LayoutConfig
import Reporting
import SafeIO

/// `layoutlab slurm`: a sweep as a Slurm job array plus a merge job (see `SlurmScripts`),
/// written, optionally submitted, optionally waited for.
public enum SlurmJob {
    /// The scripts for `spec`, checked: at least one shard and no more than the sweep's runs;
    /// paths made absolute (the jobs run elsewhere); `#SBATCH` values that Slurm can read.
    /// `experiment` and `machine` are as typed: a file (made absolute) or a bundled name.
    public static func scripts(
        experiment: String, spec: ExperimentSpec, machine: String?, no3c: Bool, shards: Int,
        out: String, options: [(String, String)]
    ) throws -> SlurmScripts {
        let total = spec.runs.count
        if shards < 1 { throw LayoutLabError("--shards \(shards): must be at least 1") }
        if shards > total {
            throw LayoutLabError(
                """
                --shards \(shards): the sweep has \(total) run(s), so at most \(total) shards (a task would have \
                nothing to do)
                """
            )
        }
        if let why = SafeName.problem(spec.name) { throw LayoutLabError("\(experiment): name: \(why)") }
        let dir = absolute(out)
        if let why = SlurmScripts.problem(dir + "/" + spec.name) {
            throw LayoutLabError(
                """
                --out \(TerminalText.escape(out)): the path of \(TerminalText.escape(spec.name)).sbatch's logs \
                \(why); choose another folder
                """
            )
        }
        for (option, value) in options {
            if let why = SlurmScripts.problem(value) {
                throw LayoutLabError("--\(option) \(TerminalText.escape(value)): \(why)")
            }
        }
        return SlurmScripts(
            binary: executablePath(), directory: dir, name: spec.name, experiment: fileOrName(experiment),
            machine: machine.map { MachinePresets.all[$0] != nil ? $0 : absolute($0) }, no3c: no3c, shards: shards,
            options: options)
    }

    /// Writes both scripts and the merge job's shard list (each to a temporary, renamed).
    public static func write(_ s: SlurmScripts) throws {
        try AtomicFile.ensureWritableDirectory(s.directory)
        try AtomicFile.write(s.arrayScript, to: s.arrayPath)
        try AtomicFile.write(s.shardList, to: s.shardListPath)
        try AtomicFile.write(s.mergeScript, to: s.mergePath)
    }

    /// The commands that submit the scripts, for a user to run.
    public static func submitCommands(_ s: SlurmScripts) -> [String] {
        [
            "jobid=$(sbatch --parsable \(SlurmScripts.quote(s.arrayPath)))",
            "sbatch --dependency=afterok:$jobid \(SlurmScripts.quote(s.mergePath))",
        ]
    }

    /// The running binary's absolute path (the scripts call this very build): /proc/self/exe,
    /// else argv[0] made absolute.
    public static func executablePath() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), p.hasPrefix("/") {
            return p
        }
        let a0 = CommandLine.arguments.first ?? "layoutlab"
        if !a0.contains("/"), let found = SlurmQueue.which(a0) { return found }
        return absolute(a0)
    }

    /// A path made absolute against the working directory, `.` and `..` removed.
    static func absolute(_ p: String) -> String {
        let full = p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p
        return (URL(fileURLWithPath: full).standardized.path as NSString).standardizingPath
    }

    /// An existing file as an absolute path, anything else (a bundled name) unchanged, as
    /// `ExperimentSpec.resolve` chooses between them (a bundled machine's name wins over a file).
    static func fileOrName(_ s: String) -> String {
        FileManager.default.fileExists(atPath: s) ? absolute(s) : s
    }
}
