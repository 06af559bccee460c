/// The runs one command will simulate, in sweep order (a shard's only, with `--shard`): how many
/// accesses each makes and how many of them one by one, and on a resume which are done already.
/// `SweepEstimate.plan` makes it; `SweepEstimate.checkLimit` holds it to the 10^12 limit.
public struct SweepPlan: Sendable {
    /// Accesses each run makes (the experiment's estimate).
    public var accesses: [Double]
    /// Accesses each run will simulate one by one: all of them, less what warping is predicted
    /// to skip where it will be tried (`WarpPlanner`).
    public var explicit: [Double]
    /// The indices the journal already holds.
    public var done: Set<Int>
    /// The journaled runs' rate, explicit accesses per second per run (nil: none recorded one).
    public var journaledRate: Double?
    /// Each run's journal key.
    public var keys: [String]
    /// For a run that copies another (`RunSpec.sameAs`), that run's position in the sweep.
    public var copyOf: [Int?] = []

    /// The explicit accesses of each of `count` shards, from the plan of the whole sweep: run
    /// `i` belongs to shard `i mod count`, as `SweepShard` assigns them. A copy whose first run
    /// is in another shard is simulated by its own shard once (the first of its group there).
    public func perShard(_ count: Int) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        var simulated: Set<[Int]> = []
        for (i, e) in explicit.enumerated() {
            guard i < copyOf.count, let first = copyOf[i], first < explicit.count else {
                out[i % count] += e
                continue
            }
            if first % count != i % count && simulated.insert([i % count, first]).inserted {
                out[i % count] += explicit[first]
            }
        }
        return out
    }

    /// The runs still to do.
    public var pending: [Int] { accesses.indices.filter { !done.contains($0) } }

    /// Marks the runs `journal` holds as done, and takes the rate of those that recorded their
    /// time (explicit accesses, from their `warp` field where they warped, over seconds).
    public mutating func resume(from journal: SweepJournal?) {
        guard let journal else { return }
        var explicit = 0.0, seconds = 0.0
        for (i, key) in keys.enumerated() {
            guard let run = journal.done[key] else { continue }
            done.insert(i)
            if let s = journal.seconds[key], s > 0 {
                explicit += run["warp"]?["explicitAccesses"]?.double ?? run["accesses"]?.double ?? 0
                seconds += s
            }
        }
        if seconds > 0 && explicit > 0 { journaledRate = explicit / seconds }
    }
}
