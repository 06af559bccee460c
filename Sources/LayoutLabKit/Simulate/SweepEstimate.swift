import CacheSim
import Engine
import Dispatch
import Foundation
import LayoutConfig
import Reporting

/// The `sweep: N runs, X accesses, estimated T` line: T is the accesses to simulate one by one
/// (`SweepPlan`) at the rate of the runs a resumed sweep's journal timed, else of a short
/// calibration of this machine for the hierarchy (the bench's synthetic trace, 30 ms at most),
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

    /// The line for the runs still to do: `accesses` each in all, `explicit` each simulated one
    /// by one (the rest warped), at `rate` explicit accesses per second per run and `cores` runs
    /// at once.
    public static func line(accesses: [Double], explicit: [Double], rate: Double, cores: Int) -> String {
        let parallel = Double(max(1, min(cores, accesses.count)))
        return ProgressText.sweep(
            runs: accesses.count, accesses: accesses.reduce(0, +),
            seconds: explicit.reduce(0, +) / (rate * parallel))
    }
}

extension SweepEstimate {
    /// The plan of the sweep's runs (with `shard`, that shard's only, indexed as `runResumable`
    /// indexes them). `warpLevels`: the hierarchy when warping will be tried (nil: every access
    /// is explicit). A prediction drives the kernel through a `WarpPlanner`, which runs no
    /// warpable loop's body; it is made only for runs of at least `planFrom` accesses, and only
    /// for GEMM (convolutions declare no warpable loop, so the planner would visit every access).
    public static func plan(
        _ spec: ExperimentSpec, shard: SweepShard? = nil,
        warpLevels: [LevelConfig]? = nil, planFrom: Double = 1e8
    ) throws -> SweepPlan {
        var plan = SweepPlan(accesses: [], explicit: [], done: [], journaledRate: nil, keys: [])
        var groups: Set<Int> = []
        for (position, r) in spec.runs.enumerated() {
            if let shard, !shard.contains(position) { continue }
            plan.keys.append(SimulateJob.key(r.variant, r.point))
            plan.accesses.append(r.estimatedAccesses)
            plan.copyOf.append(r.sameAs)
            // A run that copies one this command simulates costs nothing (`SimulateJob+Reuse.swift`).
            if !groups.insert(r.sameAs ?? position).inserted {
                plan.explicit.append(0)
                continue
            }
            plan.explicit.append(
                try explicitAccesses(r, element: spec.element, warpLevels: warpLevels, planFrom: planFrom))
        }
        return plan
    }

    /// The accesses `run` will simulate one by one (see `plan`).
    static func explicitAccesses(_ run: RunSpec, element: ElementType, warpLevels: [LevelConfig]?, planFrom: Double)
        throws -> Double
    {
        guard let levels = warpLevels, WarpPeriod.exact(levels), run.estimatedAccesses >= planFrom,
            case .gemm = run.kernel
        else { return run.estimatedAccesses }
        var planner = WarpPlanner(levels)
        // Never-touched pages: the planner runs no loop body, so the arrays need no values.
        try EngineDriver.drive(run, element: element, sink: &planner, buffers: Buffers(pages: MmapPages()))
        let (all, skipped) = planner.totals()
        return Double(all &- skipped)
    }

    /// Refuses, in one line naming the experiment file, a command whose runs (all of them, done
    /// or not, so that a resume is judged as the first start was) would simulate more than
    /// 10^12 accesses one by one (`ExperimentSpec.checkExplicitWork`). `warp`: whether
    /// warping was asked for; `classify`: the 3C split (which warping cannot keep exact).
    public static func checkLimit(
        _ spec: ExperimentSpec, _ plan: SweepPlan, levels: [LevelConfig], warp: Bool, classify: Bool
    ) throws {
        try checkLimit(spec, explicit: plan.explicit.reduce(0, +), levels: levels, warp: warp, classify: classify)
    }

    /// The same for `explicit` accesses (one shard's of a whole sweep's plan, `SweepPlan.perShard`).
    public static func checkLimit(
        _ spec: ExperimentSpec, explicit: Double, levels: [LevelConfig], warp: Bool, classify: Bool
    ) throws {
        let why: String
        if !warp {
            why = "--no-warp simulates every access"
        } else if !WarpPeriod.exact(levels) {
            why = "the machine's prefetcher or random replacement rules warping out"
        } else if classify {
            why = "warping, which could skip some, needs --no3c"
        } else {
            why = "that is what warping is predicted not to skip, as --warp-plan shows"
        }
        try spec.checkExplicitWork(explicit, why: why)
    }
}
