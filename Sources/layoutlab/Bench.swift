import ArgumentParser
import Foundation
import LayoutLabKit
import Reporting

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure simulator and engine throughput (medians of several runs).",
        discussion: "Build with -c release for meaningful numbers: swift run -c release layoutlab bench")

    @Option(help: "Accesses in the generated trace.")
    var accesses: Int = 50_000_000

    @Option(help: "Timed runs per figure (the median is printed).")
    var runs: Int = 5

    @Option(help: "Machine for the figures: its first two levels, made LRU and non-inclusive (DineroIV's kind); L1-only uses the first.")
    var machine: String = "zen4"

    func run() throws {
        try CLI.guarded {
            guard accesses > 0, runs > 0 else { throw ValidationError("--accesses and --runs must be positive") }
            let spec = try MachineSpec.resolve(machine)
            guard spec.levels.count >= 2 else {
                throw ValidationError("--machine \(machine): the L1+L2 figures need a machine with at least two levels (it has one)")
            }
            let l1 = Array(spec.levels.prefix(1)).map { var c = $0; c.policy = .lru; c.inclusion = .nine; return c }
            let l12 = Array(spec.levels.prefix(2)).map { var c = $0; c.policy = .lru; c.inclusion = .nine; return c }
            let engine = EngineBench.rows(levels: l12, runs: runs)
            let rows = try BenchJob.simulatorRows(l1: l1, l12: l12, accesses: accesses, runs: runs) + engine.rows
            print(BenchTable.render(rows, notes: [engine.note], peak: BenchJob.peakMemoryBytes()), terminator: "")
        }
    }
}
