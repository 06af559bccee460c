import LayoutConfig
import Reporting

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

    /// A run entry (`SimulateJSON.run`) as run `run`'s: its point, `sameAs` right after it
    /// where the run has one (where `SimulateJSON.run` puts it), every other field as it was.
    static func reused(_ entry: JSON, as run: RunSpec) -> JSON {
        guard case .object(let fields) = entry else { return entry }
        var out: [(String, JSON)] = []
        for (k, v) in fields where k != "sameAs" {
            guard k == "point" else {
                out.append((k, v))
                continue
            }
            out.append((k, .object(run.point.sorted { $0.key < $1.key }.map { ($0.key, SimulateJSON.json($0.value)) })))
            if let s = run.sameAs { out.append(("sameAs", .uint(UInt64(s)))) }
        }
        return .object(out)
    }
}
