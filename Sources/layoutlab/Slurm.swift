import ArgumentParser
import Foundation
import LayoutLabKit
import Reporting
import LayoutConfig
import SafeIO

struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a sweep as a Slurm job array: one shard per task, then a merge job.",
        discussion:
            """
            Writes DIR/NAME.sbatch (a job array of N tasks; task K runs simulate --shard K/N into \
            DIR/NAME.shard-K.json and resumes from its journal when requeued) and DIR/NAME.merge.sbatch (merge \
            into DIR/NAME.json, DIR/NAME.md and DIR/NAME.csv, to run after the array with --dependency=afterok). \
            Both call this layoutlab binary by its absolute path: DIR and the binary must be on a file system \
            every node shares. A failed task K is resubmitted with sbatch --array=K DIR/NAME.sbatch.
            """
    )

    @Argument(help: "Experiment file (YAML) or bundled experiment name.")
    var experiment: String

    @Option(name: .long, help: "How many array tasks (shards) to split the sweep into.")
    var shards: Int

    @Option(name: .long, help: "The folder for the scripts, shards, logs and results (on a shared file system).")
    var out: String

    @OptionGroup var machineOverride: MachineOverride
    var machine: String? { machineOverride.machine }

    @OptionGroup var threeC: ThreeCOption
    var no3c: Bool { threeC.no3c }

    @Option(name: .long, help: "#SBATCH --partition for both jobs.")
    var partition: String?

    @Option(name: .long, help: "#SBATCH --time (time limit) for both jobs, e.g. 1:00:00.")
    var time: String?

    @Option(name: .customLong("cpus-per-task"), help: "#SBATCH --cpus-per-task for each array task.")
    var cpusPerTask: Int?

    @Option(name: .long, help: "#SBATCH --account for both jobs.")
    var account: String?

    @Flag(name: .long, help: "Submit both jobs (otherwise print the two sbatch commands).")
    var submit = false

    @Flag(
        name: .long,
        help: "With --submit: wait for the merge job, then print the results table; exit 1 naming any failed task.")
    var wait = false

    func run() throws {
        try CLI.guarded {
            if wait && !submit { throw LayoutLabError("slurm: --wait needs --submit") }
            if let c = cpusPerTask, c < 1 { throw LayoutLabError("--cpus-per-task \(c): must be at least 1") }
            let spec = try ExperimentSpec.resolve(experiment)
            let options = [
                ("partition", partition), ("time", time), ("cpus-per-task", cpusPerTask.map(String.init)),
                ("account", account),
            ].compactMap { k, v in v.map { (k, $0) } }
            let s = try SlurmJob.scripts(
                experiment: experiment, spec: spec, machine: machine, no3c: no3c, shards: shards,
                out: out, options: options)
            let m = try machine.map { try MachineSpec.resolve($0) } ?? spec.machine
            try spec.checkClaimLevels(on: m)
            // Each task must pass simulate's limit on explicit work (its shard's runs, warped
            // as simulate warps them): refuse here rather than in every task on the cluster.
            let plan = try SweepEstimate.plan(spec, warpLevels: no3c ? m.levels : nil)
            for explicit in plan.perShard(shards) {
                try SweepEstimate.checkLimit(spec, explicit: explicit, levels: m.levels, warp: true, classify: !no3c)
            }
            // The experiment is checked first, so that its errors show on any machine.
            let queue = try SlurmQueue()
            try SlurmJob.write(s)
            print("wrote \(s.arrayPath) (\(shards) task(s)) and \(s.mergePath)")
            guard submit else {
                print("submit with:\n" + SlurmJob.submitCommands(s).map { "  " + $0 }.joined(separator: "\n"))
                return
            }
            let submitted = Date()
            let array = try queue.submit(s.arrayPath)
            let merge = try queue.submit(s.mergePath, afterOK: array)
            print("submitted job array \(array) (\(shards) task(s)) and merge job \(merge) (after it)")
            guard wait else { return }
            try SlurmJob.wait(s, queue: queue, array: array, merge: merge, submitted: submitted)
            let doc = try ReportJob.read([s.resultPath])[0].0
            print(
                "\nexperiment: \(spec.name)  machine: \(TerminalText.escape(doc["machine"]?["name"]?.string ?? "?"))\n")
            print(try SimulateJob.table(document: doc), terminator: "")
            print("\nwrote \(s.resultPath), \(s.directory)/\(spec.name).md and \(s.directory)/\(spec.name).csv")
        }
    }
}
