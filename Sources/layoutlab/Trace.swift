import ArgumentParser
import LayoutLabKit
import Reporting
import LayoutConfig
import Traces
import SafeIO

struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the exact accesses `simulate` feeds the simulator for one run to a trace file.",
        discussion:
            """
            Replaying the file with `layoutlab replay` reproduces simulate's counts. dinero-binary holds 32-bit \
            addresses and 16-bit sizes; a run that does not fit is refused.
            """
    )

    @Argument(help: "Experiment file (YAML), or a bundled experiment name (layoutlab simulate --list).")
    var experiment: String

    @Option(name: .long, help: "Variant name.")
    var variant: String

    @Option(name: .long, help: "Sweep point, key=value,... (unnamed axes take their first value).")
    var point: String?

    @Option(name: .long, help: "din | dinero-binary | llt")
    var format: TraceFormat

    @Option(name: .shortAndLong, help: "Output file.")
    var output: String

    func run() throws {
        try CLI.guarded {
            let spec = try ExperimentSpec.resolve(experiment)
            let p = try point.map { try spec.point(parsing: $0) } ?? spec.point(parsing: "")
            if format == .lackey {
                throw ValidationError("--format: lackey is read-only; write din, dinero-binary or llt")
            }
            try OutputCheck.file(output, option: "-o")
            try OutputLock.acquire([output])
            Interrupt.onInterrupt(
                "interrupted: no trace was written", removing: [TraceWriter.temporaryPath(for: output)])
            let n = try TraceJob.run(spec, variant: variant, point: p, format: format, output: output)
            print("wrote \(n) accesses to \(output) (\(format.rawValue))")
        }
    }
}
