import ArgumentParser
import Foundation
import LayoutLabKit
import Reporting
import LayoutConfig
import SafeIO

struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            """
            Run each variant's native kernel under PAPI or Valgrind's cache simulator and set the counters beside \
            the simulation.
            """,
        discussion: """
            papi: per event group a warm-up run, then the repetitions, each on fresh never-touched buffers, with the \
            thread pinned to CPU 0 and the counters around the kernel only. Events that do not exist here are \
            reported as unavailable with PAPI's reason. Default events: \(EventPlanDefaults.list). \
            callgrind: each kernel runs once under `valgrind --tool=callgrind --cache-sim=yes`, D1 and LL set to \
            the machine's first and last level, collecting only the kernel \
            (callgrind::Dr, Dw, D1mr, D1mw, DLmr, DLmw); \
            it works without hardware counters and needs Valgrind (Debian package `valgrind`). \
            Each native kernel is also timed (a warm-up run, then the repetitions: median, minimum, GFLOP/s), \
            with or without PAPI. The simulation uses the host's cache geometry from sysfs unless --machine is \
            given: the experiment's `machine:` is not used for a real run on this host (stderr says which was).
            """)

    @Argument(help: "Experiment file (YAML), or a bundled experiment name (layoutlab simulate --list).")
    var experiment: String

    @Option(name: .long, help: "Machine file or bundled machine for the simulated side (default: detected from sysfs).")
    var machine: String?

    @Option(name: .long, help: "Comma-separated PAPI events (presets or native), overriding the experiment's `events`.")
    var events: String?

    @Option(
        name: .long, help: "Measured repetitions per event group (default: the experiment's `repetitions`, else 5).")
    var repetitions: Int?

    @Option(
        name: .long,
        help: "Real-run counters: papi (hardware, default), callgrind (Valgrind's cache simulator) or both.")
    var counters: CounterSource = .papi

    @Option(name: .long, help: "Write the JSON results to this file.")
    var json: String?

    @Option(name: .long, help: "Write the markdown report (and its charts) to this file.")
    var report: String?

    @Option(name: .long, help: "Write the CSV table (with a column per measured event and the time) to this file.")
    var csv: String?

    func run() throws { try CLI.guarded { try execute() } }

    func execute() throws {
        // The same range as the experiment's `repetitions` key: a billion repetitions is a hang, not a measurement.
        if let r = repetitions, r < 1 || r > 1000 {
            throw ValidationError("--repetitions must be from 1 to 1000, got \(r)")
        }
        let spec = try ExperimentSpec.resolve(experiment)
        let m = try machine.map { try MachineSpec.resolve($0) }
        if let m { try spec.checkClaimLevels(on: m) }
        try CLI.checkOutputs(json: json, report: report, csv: csv)
        try OutputLock.acquire([json, report, csv].compactMap { $0 })
        let evs = events.map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let result = try MeasureJob.run(
            spec, machine: m, events: evs, repetitions: repetitions, counters: counters,
            callgrind: CallgrindSetup(executable: exe, experiment: experiment))
        // After the run, so that an error before it stays the one line on stderr.
        CLI.stderr("measure: " + TerminalText.escape(result.simulatedSentence))
        print("experiment: \(spec.name)  simulated machine: \(TerminalText.escape(result.machine.name))\n")
        print(MeasureJob.table(result), terminator: "")
        let command = CLI.commandLine()
        let doc = MeasureJob.json(spec, result, command: command)
        print(MeasureJob.timeModelText(result, doc: doc), terminator: "")
        try CLI.writeOutputs(doc, json: json, report: report, csv: csv, name: spec.name, command: command)
    }
}

extension CounterSource: ExpressibleByArgument {}
