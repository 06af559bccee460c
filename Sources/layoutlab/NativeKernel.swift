import ArgumentParser
import LayoutLabKit
import LayoutConfig

/// The child `measure --counters callgrind` runs under Valgrind: one run's native kernel between
/// Callgrind's start and stop requests. Not for users, so hidden from `--help`.
struct NativeKernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "native-kernel",
        abstract: "Run one native kernel between Callgrind's client requests (used by measure --counters callgrind).",
        shouldDisplay: false)

    @Argument(help: "Experiment file (YAML), or a bundled experiment name.")
    var experiment: String

    @Option(name: .long, help: "Index of the sweep point, in the experiment's order.")
    var pointIndex: Int

    @Option(name: .long, help: "Index of the variant, in the experiment's order.")
    var variantIndex: Int

    func run() throws {
        try CLI.guarded {
            try MeasureJob.nativeKernelUnderCallgrind(
                try ExperimentSpec.resolve(experiment), pointIndex: pointIndex, variantIndex: variantIndex)
        }
    }
}
