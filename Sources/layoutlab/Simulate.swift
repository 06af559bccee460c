import ArgumentParser
import Foundation
import LayoutLabKit
import Reporting
import LayoutConfig
import SafeIO

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate every variant of an experiment at every sweep point.",
        discussion: "Without an experiment file, runs the bundled default (naive GEMM loop orders and layouts on zen4)."
    )

    @Argument(
        help:
            """
            Experiment file (YAML) or bundled experiment name (see --list). Default: the bundled loop-orders \
            experiment.
            """
    )
    var experiment: String?

    @Flag(name: .long, help: "List the bundled experiments (runnable by name) and exit.")
    var list = false

    @OptionGroup var machineOverride: MachineOverride
    var machine: String? { machineOverride.machine }

    @Option(name: .long, help: "Write the JSON results to this file.")
    var json: String?

    @Option(name: .long, help: "Write one CSV row per run and level to this file.")
    var csv: String?

    @Option(
        name: .long, help: "Write NAME.json, NAME.csv and the report NAME.md (with its SVG charts) into this folder.")
    var out: String?

    @Option(name: .long, help: "Write the markdown report (and its charts) to this file.")
    var report: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            Compute only the runs whose position in the sweep's run order is INDEX modulo COUNT (INDEX from 0), \
            into the partial document --json writes; `layoutlab merge` joins the shards.
            """,
            valueName: "INDEX/COUNT"))
    var shard: String?

    @OptionGroup var threeC: ThreeCOption
    var no3c: Bool { threeC.no3c }

    @Flag(name: .long, help: "No progress on stderr: neither the sweep's estimate nor the live line a terminal gets.")
    var quiet = false

    @Flag(
        name: .long,
        help:
            """
            Simulate every access one by one instead of warping the kernels' warpable loops (warping is exact: \
            same counts).
            """
    )
    var noWarp = false

    @Flag(
        name: .long,
        help: "Print, per run, the predicted warping period, warm-up and share of accesses skipped, without simulating."
    )
    var warpPlan = false

    func run() throws { try CLI.guarded { try execute() } }

    func execute() throws {
        if list {
            for (name, text) in BundledExperiments.all.sorted(by: { $0.key < $1.key }) {
                let spec = try ExperimentSpec.decode(text, file: "builtin:\(name)")
                let about = (spec.description ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                print(
                    """
                    \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(spec.kernel.rawValue) on \
                    \(spec.machine.name), \(spec.variants.count) variant(s) x \(spec.points.count) point(s): \
                    \(about.prefix(110))\(about.count > 110 ? "..." : "")
                    """
                )
            }
            return
        }
        let spec = try experiment.map { try ExperimentSpec.resolve($0) } ?? DefaultExperiment.spec()
        let m = try machine.map { try MachineSpec.resolve($0) } ?? spec.machine
        try spec.checkClaimLevels(on: m)
        if warpPlan {
            for line in try WarpPlanJob.lines(spec, machine: m) { print(TerminalText.escape(line)) }
            return
        }
        let part = try shard.map(SweepShard.init(parsing:))
        let outputs = SimulateSession.Outputs(json: json, report: report, csv: csv, out: out)
        var session = try SimulateSession(
            spec: spec, machine: m, outputs: outputs, shard: part,
            classify: !no3c, warp: !noWarp)
        let command = CLI.commandLine()
        let base = session.base
        _ = try session.run(
            command: command, quiet: quiet, live: isatty(2) != 0,
            log: { text, newline in CLI.stderr(text, newline: newline) },
            onInterrupt: { Interrupt.onInterrupt($0, removing: $1) }
        ) { doc in
            print("experiment: \(spec.name)  machine: \(TerminalText.escape(m.name))\n")
            print(try SimulateJob.table(document: doc), terminator: "")
            try CLI.writeOutputs(doc, json: json, report: report, name: spec.name, command: command)
            try CLI.writeOutputs(doc, json: nil, report: nil, csv: csv, name: spec.name, command: command)
            if let base {
                try CLI.writeOutputs(
                    doc, json: base + ".json", report: base + ".md", csv: base + ".csv",
                    name: spec.name, command: command)
            }
        }
    }
}
