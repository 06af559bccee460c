import ArgumentParser
import Foundation
import LayoutLabKit
import LayoutConfig
import Reporting

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure simulator and engine throughput (medians of several runs).",
        discussion: "Build with -c release for meaningful numbers: swift run -c release layoutlab bench")

    @Option(help: "Accesses in the generated trace.")
    var accesses: Int = 50_000_000

    @Option(help: "Timed runs per figure (the median is printed).")
    var runs: Int = 5

    @Option(
        help:
            """
            Machine for the figures: its first two levels, made LRU and non-inclusive (DineroIV's kind); L1-only \
            uses the first.
            """
    )
    var machine: String = "zen4"

    @Option(help: "Rows of C in the large-footprint case (naive ijk GEMM, n = k = 1024); 1024 is the whole product.")
    var largeRows: Int = 32

    func run() throws {
        try CLI.guarded {
            guard accesses > 0, runs > 0, largeRows > 0, largeRows <= 1024 else {
                throw ValidationError("--accesses and --runs must be positive, --large-rows 1 to 1024")
            }
            // The synthetic trace is held in memory (16 bytes per access): refuse, in one line,
            // what would not fit rather than abort on the allocation.
            let budget = MemoryBudget.current
            if Double(accesses) * 16 > budget.bytes / 2 {
                let need = String(format: "the synthetic trace needs %.3g GB in memory; ", Double(accesses) * 16 / 1e9)
                throw ValidationError("--accesses \(accesses): " + need + budget.what + " (limit: half)")
            }
            let spec = try MachineSpec.resolve(machine)
            guard spec.levels.count >= 2 else {
                throw ValidationError(
                    "--machine \(machine): the L1+L2 figures need a machine with at least two levels (it has one)")
            }
            let l1 = Array(spec.levels.prefix(1)).map {
                var c = $0
                c.policy = .lru
                c.inclusion = .nine
                return c
            }
            let l12 = Array(spec.levels.prefix(2)).map {
                var c = $0
                c.policy = .lru
                c.inclusion = .nine
                return c
            }
            // Each figure is printed as it finishes; the table of all of them follows.
            let show = { (r: BenchJob.Row) in
                print(
                    "\(r.name): "
                        + String(
                            format: "%.1f M accesses/s (median %.3f s)", r.accessesPerSecond / 1e6, r.medianSeconds))
                fflush(nil)
            }
            let sim = try BenchJob.simulatorRows(l1: l1, l12: l12, accesses: accesses, runs: runs, done: show)
            let engine = EngineBench.rows(levels: l12, runs: runs, done: show)
            let hierarchies =
                [("two-level NINE LRU", l12)]
                + (try ["zen4", "skylake"].map { ($0, try MachineSpec.resolve($0).levels) })
            let trace = BenchJob.syntheticTrace(count: accesses)
            let levels = HierarchyBench.rows(hierarchies, trace: trace, rows: largeRows, runs: runs, done: show)
            let versusC = CReferenceBench.notes(runs: runs)
            versusC.forEach { print($0) }
            print()
            print(
                BenchTable.render(
                    sim + engine.rows + levels.rows, notes: [engine.note] + levels.notes + versusC,
                    peak: BenchJob.peakMemoryBytes()), terminator: "")
        }
    }
}
