import CacheSim
import Dispatch
import Foundation
import LayoutConfig
import Reporting

/// The `sweep: N runs, X accesses, estimated T` line: T from a short calibration of this
/// machine's simulation rate for the hierarchy (the bench's synthetic trace, 30 ms at most),
/// over the runs that can go side by side.
public enum SweepEstimate {
    /// Accesses per second of `levels` on this machine, from about `seconds` of simulation.
    public static func calibrate(_ levels: [LevelConfig], classify: Bool, seconds: Double = 0.03) -> Double {
        let trace = BenchJob.syntheticTrace(count: 1 << 14)
        var sim = CacheHierarchy(levels, classify: classify)
        let t0 = DispatchTime.now().uptimeNanoseconds
        var n = 0, elapsed = 0.0
        repeat {
            trace.withUnsafeBufferPointer { buf in
                for r in buf { sim.access(address: r.0, size: r.1, kind: r.2, region: 0) }
            }
            n += trace.count
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        } while elapsed < seconds
        return Double(n) / max(elapsed, 1e-9)
    }

    /// The line for the runs still to do (`estimated` accesses each), at `rate` per run and
    /// `cores` runs at once.
    public static func line(estimated: [Double], rate: Double, cores: Int) -> String {
        let total = estimated.reduce(0, +)
        let parallel = Double(max(1, min(cores, estimated.count)))
        return ProgressText.sweep(runs: estimated.count, accesses: total, seconds: total / (rate * parallel))
    }
}

extension SweepEstimate {
    /// Every run's estimated accesses, in sweep order, and the indices `journal` already holds;
    /// with `shard`, that shard's runs only (indexed as `runResumable` indexes them).
    public static func runs(_ spec: ExperimentSpec, journal: SweepJournal?, shard: SweepShard? = nil) throws -> (estimated: [Double], done: Set<Int>) {
        var estimated: [Double] = [], done = Set<Int>(), position = -1
        for p in spec.points {
            for v in spec.variants {
                position += 1
                if let shard, !shard.contains(position) { continue }
                let r = try spec.run(v, p)
                if journal?.done[SimulateJob.key(r.variant, r.point)] != nil { done.insert(estimated.count) }
                estimated.append(r.estimatedAccesses)
            }
        }
        return (estimated, done)
    }
}
