import CacheSim
import Engine
import LayoutConfig
import Reporting

/// `layoutlab simulate --warp-plan`: per run, the predicted warping period, warm-up and share
/// of accesses skipped, from the kernels' warpable loops, without simulating.
public enum WarpPlanJob {
    public static func lines(_ spec: ExperimentSpec, machine: MachineSpec) throws -> [String] {
        var out: [String] = []
        for run in spec.runs {
            var planner = WarpPlanner(machine.levels)
            try EngineDriver.drive(run, element: spec.element, sink: &planner)
            out.append("\(run.variant) \(ReportInput.pointText(run.point)): " + describe(planner))
        }
        return out
    }

    static func describe(_ planner: WarpPlanner) -> String {
        guard let (loop, times) = planner.loops.first else { return "no warpable loop; per access" }
        let pr = planner.predict(loop)
        let (all, skipped) = planner.totals()
        let share = all == 0 ? 0 : Double(skipped) / Double(all)
        let instances = times > 1 ? " (\(times) instances)" : ""
        guard let q = pr.period else {
            let why =
                WarpPeriod.exact(planner.levels)
                ? "the period exceeds half the uniform iterations, or a period is too little work to snapshot"
                : "the machine has a prefetcher or random replacement"
            return "loop of \(loop.count) iterations\(instances), not warped: \(why); per access"
        }
        return
            """
            loop of \(loop.count) iterations\(instances), period \(q), warm-up ~\(pr.warmup), predicted skipped \
            \(Fmt.percent(share)) (\(Fmt.int(skipped)) of \(Fmt.int(all)) accesses)
            """
    }
}
