import ArgumentParser
import LayoutLabKit
import Reporting

/// The `layoutlab` command: each subcommand parses its options, calls one library job and
/// hands the result to a writer in Reporting.
struct LayoutLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layoutlab",
        abstract:
            """
            How many cache misses does this loop order, data layout or blocking cause, where do they come from, \
            and does the real CPU agree?
            """,
        version: LayoutLabVersion.string,
        subcommands: [
            Simulate.self, Merge.self, Slurm.self, Measure.self, Report.self, Replay.self, Trace.self, Machine.self,
            Bench.self, NativeKernel.self,
        ],
        defaultSubcommand: nil)
}
