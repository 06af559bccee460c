import ArgumentParser
import Foundation
import LayoutLabKit
import Reporting

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate every variant of an experiment at every sweep point.",
        discussion: "Without an experiment file, runs the bundled default (naive GEMM loop orders and layouts on zen4).")

    @Argument(help: "Experiment file (YAML). Default: the bundled loop-orders experiment.")
    var experiment: String?

    @Option(name: .long, help: "Machine file or bundled machine name, overriding the experiment's.")
    var machine: String?

    @Option(name: .long, help: "Write the JSON results to this file.")
    var json: String?

    @Option(name: .long, help: "Write NAME.json and the report NAME.md (with its SVG charts) into this folder.")
    var out: String?

    @Option(name: .long, help: "Write the markdown report (and its charts) to this file.")
    var report: String?

    func run() throws { try CLI.guarded { try execute() } }

    func execute() throws {
        let spec = try experiment.map { try ExperimentSpec.load(path: $0) } ?? DefaultExperiment.spec()
            let m = try machine.map { try MachineSpec.resolve($0) } ?? spec.machine
            if let out { try AtomicFile.ensureWritableDirectory(out) }
        if let report { try AtomicFile.ensureWritableDirectory(PathText.directory(report)) }
            if let json {
            try AtomicFile.ensureWritableDirectory(PathText.directory(json))
        }
            let tty = isatty(2) != 0
            let progress: (@Sendable (Int, Int) -> Void)? = tty ? Simulate.progressLine : nil
            let results = try SimulateJob.run(spec, machine: m, progress: progress)
            print("experiment: \(spec.name)  machine: \(m.name)\n")
            print(SimulateJob.table(results), terminator: "")
            let command = CLI.commandLine()
        let doc = SimulateJob.json(spec, machine: m, results: results, command: command)
        let text = doc.serialized(pretty: true) + "\n"
        if let json { try AtomicFile.write(text, to: json); print("\nwrote \(json)") }
        if let report {
            try ReportJob.write([(doc, json ?? spec.name)], output: report, command: command)
            print("wrote \(report)")
        }
        if let out {
            let base = (out as NSString).appendingPathComponent(spec.name)
            try AtomicFile.write(text, to: base + ".json")
            try ReportJob.write([(doc, base + ".json")], output: base + ".md", command: command)
            print("\nwrote \(base).json and the report \(base).md")
        }
    }

    @Sendable static func progressLine(_ done: Int, _ total: Int) {
        FileHandle.standardError.write(Data("\r[\(done)/\(total)] runs simulated".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
