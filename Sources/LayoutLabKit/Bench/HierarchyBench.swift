import CacheSim
import Dispatch
import Engine
import AccessSink

/// `layoutlab bench`'s per-hierarchy figures: the two-level NINE LRU path against real
/// hierarchies (zen4: inclusive L2, exclusive L3; skylake: PLRU L1, inclusive L3) on the same
/// accesses, the synthetic trace from memory and a large-footprint naive ijk GEMM
/// (n = k = 1024, `rows` rows of C: each row walks all of B's 4 MiB, as the full n = 1024 does),
/// each with its time as a multiple of the two-level one. 3C off: the path is what is timed.
public enum HierarchyBench {
    /// Runs every figure, calling `done` with each row as it finishes, and returns the rows and
    /// the ratio notes. `hierarchies` are (name, levels); the first is the two-level baseline.
    /// Each case times the hierarchies in turn, round after round (`runs` rounds; up to 3 for
    /// the GEMM), so that a drift of the machine's speed reaches every hierarchy alike and the
    /// ratios of the medians compare like with like.
    public static func rows(
        _ hierarchies: [(String, [LevelConfig])], trace: [(UInt64, UInt32, AccessKind)],
        rows: Int, runs: Int, done: (BenchJob.Row) -> Void
    ) -> (rows: [BenchJob.Row], notes: [String]) {
        var out: [BenchJob.Row] = [], notes: [String] = []
        let shape = GemmShape(m: rows, n: 1024, k: 1024)
        let gemm = GemmWorkload<Float>(shape: shape, variant: GemmVariant(algorithm: .naive(.ijk)))!
        let cases: [(String, UInt64, Int, ([LevelConfig]) -> Double)] = [
            (
                "synthetic trace, from memory", UInt64(trace.count), max(1, runs),
                { BenchJob.fromMemory($0, trace, classify: false, runs: 1) }
            ),
            (
                "naive GEMM ijk n=k=1024, \(rows) rows", UInt64(4 * rows * 1024 * 1024), max(1, min(runs, 3)),
                { levels in
                    var sim = CacheHierarchy(levels, classify: false)
                    return EngineBench.time { gemm.run(sink: &sim) }
                }
            ),
        ]
        for (what, accesses, rounds, measure) in cases {
            var seconds = [[Double]](repeating: [], count: hierarchies.count)
            for _ in 0..<rounds {
                for (i, h) in hierarchies.enumerated() { seconds[i].append(measure(h.1)) }
            }
            let medians = seconds.map(BenchJob.median)
            for (i, (name, _)) in hierarchies.enumerated() {
                let row = BenchJob.Row(
                    name: "hierarchy: \(name), \(what)", accesses: accesses, medianSeconds: medians[i])
                done(row)
                out.append(row)
            }
            let ratios = hierarchies.indices.dropFirst().map {
                "\(hierarchies[$0].0) " + String(format: "%.2f", medians[$0] / medians[0]) + "x"
            }
            notes.append(
                "time against \(hierarchies[0].0), \(what): " + ratios.joined(separator: ", ")
                    + " (medians of \(rounds) alternating rounds)")
        }
        return (out, notes)
    }
}
