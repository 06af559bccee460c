import LayoutConfig
import Reporting
import ResultsSchema

/// A run the sweep's axis does not change (`RunSpec.sameAs`: a naive loop at each `tile`) is
/// simulated once and its counts reused at every other point, marked `"sameAs"` in the document.
/// Runs are grouped by the first run of their kind in the whole sweep, so a shard or a resumed
/// sweep marks the same runs as the whole sweep: a shard that lacks a group's first run
/// simulates the first of the group it holds, and a resume copies a group member the journal has.
extension SimulateJob {
    /// Which of `todo` (indices into `runs`, whose positions in the whole sweep are `positions`)
    /// are simulated, and which copy another's result: `copies` copy a group whose result is
    /// already `known` (group ids), `followers[i]` copy leader `i` once it is simulated.
    struct ReusePlan {
        var leaders: [Int] = []
        var followers: [Int: [Int]] = [:]
        var copies: [Int] = []
    }

    /// The group of run `i`: the sweep position of the first run of its kind.
    static func group(_ runs: [RunSpec], positions: [Int], _ i: Int) -> Int { runs[i].sameAs ?? positions[i] }

    static func reusePlan(_ runs: [RunSpec], positions: [Int], todo: [Int], known: Set<Int>) -> ReusePlan {
        var plan = ReusePlan()
        var leaderOf: [Int: Int] = [:]
        for i in todo {
            let g = group(runs, positions: positions, i)
            if known.contains(g) {
                plan.copies.append(i)
            } else if let l = leaderOf[g] {
                plan.followers[l, default: []].append(i)
            } else {
                leaderOf[g] = i
                plan.leaders.append(i)
            }
        }
        return plan
    }

    /// `result` as run `run`'s: its point, and its `sameAs`.
    static func reused(_ result: RunResult, as run: RunSpec) -> RunResult {
        var r = result
        r.point = run.point
        r.sameAs = run.sameAs
        r.seconds = nil
        return r
    }

    /// A run entry (the journal's) as run `run`'s: its point, and its `sameAs` right after it
    /// where the run has one (the record's order), every other field as it was.
    static func reused(_ entry: JSON, as run: RunSpec) throws -> JSON {
        var r = try SchemaDecoder.decode(RunRecord.self, from: entry, at: "runs")
        r.point = Fields(run.point)
        r.sameAs = run.sameAs.map { Int64($0) }
        return SchemaEncoder.encode(r)
    }
}
