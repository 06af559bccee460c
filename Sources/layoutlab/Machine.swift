import ArgumentParser
import LayoutLabKit
import Reporting
import LayoutConfig
import SafeIO

struct Machine: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect machine files and the host's caches.",
        subcommands: [Detect.self, Show.self])

    struct Detect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print the host's data-cache hierarchy (from sysfs), clock and vector width as a machine file.")
        func run() throws {
            try CLI.guarded {
                let core = MachineDetect.core(
                    cpuinfo: MachineDetect.read(MachineDetect.cpuinfoPath),
                    maxFreq: MachineDetect.read(MachineDetect.maxFreqPath))
                print(try MachineDetect.yaml(core: core), terminator: "")
                CLI.stderr(
                    "machine detect: not detected (give them for the cost model): "
                        + MachineDetect.notDetected(core).joined(separator: ", "))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a machine file and print its geometry (sets, ways, capacity).")
        @Argument(help: "Machine file, or a bundled machine name.")
        var file: String
        func run() throws {
            try CLI.guarded {
                let spec = try MachineSpec.resolve(file)
                print("machine: \(TerminalText.escape(spec.name)) (\(spec.source))\n")
                print(StatsTable.machine(spec.levels), terminator: "")
                for l in spec.levels where !l.setsArePowerOfTwo {
                    print(
                        """
                        note: \(l.name) has \(l.sets) sets, not a power of two: sets are indexed by line number \
                        modulo \(l.sets)
                        """
                    )
                }
                print("")
                for line in MachinePerformanceText.lines(spec) { print(line) }
            }
        }
    }
}
