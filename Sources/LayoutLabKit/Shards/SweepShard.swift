import LayoutConfig
import Reporting
import ResultsSchema
import SafeIO

/// One part of a sweep split for several machines (`simulate --shard INDEX/COUNT`): the runs
/// whose position in the sweep's run order (points outermost, then variants, as `simulate`
/// runs them) is congruent to `index` modulo `count`. INDEX counts from 0, as
/// `SLURM_ARRAY_TASK_ID` does with `--array=0-(COUNT-1)`.
public struct SweepShard: Equatable, Sendable {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws {
        if count < 1 { throw LayoutLabError("--shard \(index)/\(count): COUNT must be at least 1") }
        if index < 0 || index >= count {
            throw LayoutLabError("--shard \(index)/\(count): INDEX must be from 0 to \(count - 1) (COUNT - 1)")
        }
        self.index = index
        self.count = count
    }

    /// Reads `INDEX/COUNT`, e.g. `2/8`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw LayoutLabError(
                "--shard \(TerminalText.escape(text)): expected INDEX/COUNT, two whole numbers (e.g. 0/4)")
        }
        try self.init(index: i, count: n)
    }

    /// A shard writes one partial document (`--json`), nothing else; a shard past the sweep's
    /// last run would be empty.
    public func check(_ spec: ExperimentSpec, json: String?, others: [String?]) throws {
        if json == nil || others.contains(where: { $0 != nil }) {
            throw LayoutLabError(
                """
                --shard \(text): writes one partial document: give --json PART.json and no --out, --report or \
                --csv (layoutlab merge writes those from the shards)
                """
            )
        }
        let total = spec.runs.count
        if count > total {
            throw LayoutLabError(
                """
                --shard \(text): the sweep has \(total) run(s), so COUNT must be at most \(total) (a shard would \
                be empty)
                """
            )
        }
    }

    /// Whether the run at `position` of the sweep's run order belongs to this shard.
    public func contains(_ position: Int) -> Bool { position % count == index }

    /// How many of `total` runs this shard holds.
    public func runCount(of total: Int) -> Int { total > index ? (total - index + count - 1) / count : 0 }

    /// The position in the whole sweep of this shard's `n`-th run.
    public func position(ofRun n: Int) -> Int { index + n * count }

    public var text: String { "\(index)/\(count)" }

    /// The `shard` entry of a partial document: this shard, the sweep's total number of runs,
    /// and what identifies the sweep (its fingerprint, and the flags that change its results;
    /// experiment, machine and version are the document's own keys).
    public func record(totalRuns: Int, fingerprint: String, flags: [String]) -> ShardRecord {
        var r = ShardRecord()
        r.index = index
        r.count = count
        r.totalRuns = totalRuns
        r.fingerprint = fingerprint
        r.flags = flags
        return r
    }
}
