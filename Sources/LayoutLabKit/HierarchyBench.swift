import CacheSim
import Dispatch
import Engine

/// `layoutlab bench`'s per-hierarchy figures: the two-level NINE LRU path against real
/// hierarchies (zen4: inclusive L2, exclusive L3; skylake: PLRU L1, inclusive L3) on the same
/// accesses, the synthetic trace from memory and a large-footprint naive ijk GEMM
/// (n = k = 1024, `rows` rows of C: each row walks all of B's 4 MiB, as the full n = 1024 does),
/// each with its time as a multiple of the two-level one. 3C off: the path is what is timed.
public enum HierarchyBench {
    /// Runs every figure, calling `done` with each row as it finishes, and returns the rows and
    /// the ratio notes. `hierarchies` are (name, levels); the first is the two-level baseline.
    public static func rows(_ hierarchies: [(String, [LevelConfig])], trace: [(UInt64, UInt32, AccessKind)],
                            rows: Int, runs: Int, done: (BenchJob.Row) -> Void) -> (rows: [BenchJob.Row], notes: [String]) {
        var out: [BenchJob.Row] = [], notes: [String] = []
        let shape = GemmShape(m: rows, n: 1024, k: 1024)
        let gemm = GemmWorkload<Float>(shape: shape, variant: GemmVariant(algorithm: .naive(.ijk)))!
        let cases: [(String, UInt64, ([LevelConfig]) -> Double)] = [
            ("synthetic trace, from memory", UInt64(trace.count),
             { BenchJob.fromMemory($0, trace, classify: false, runs: runs) }),
            ("naive GEMM ijk n=k=1024, \(rows) rows", UInt64(4 * rows * 1024 * 1024), { levels in
                BenchJob.median((0..<max(1, min(runs, 3))).map { _ in
                    var sim = CacheHierarchy(levels, classify: false)
                    return EngineBench.time { gemm.run(sink: &sim) }
                })
            }),
        ]
        for (what, accesses, measure) in cases {
            var base = 0.0
            var ratios: [String] = []
            for (i, (name, levels)) in hierarchies.enumerated() {
                let row = BenchJob.Row(name: "hierarchy: \(name), \(what)", accesses: accesses, medianSeconds: measure(levels))
                done(row); out.append(row)
                if i == 0 { base = row.medianSeconds } else {
                    ratios.append("\(name) " + String(format: "%.2f", row.medianSeconds / base) + "x")
                }
            }
            notes.append("time against \(hierarchies[0].0), \(what): " + ratios.joined(separator: ", "))
        }
        return (out, notes)
    }
}
