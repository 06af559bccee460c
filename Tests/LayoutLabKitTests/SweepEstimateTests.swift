import Foundation
import Testing
@testable import LayoutLabKit
import LayoutConfig
import Reporting
import ResultsSchema
import TestSupport

/// The sweep estimate's inputs: each run's explicit accesses (all of them, or what warping is
/// predicted not to skip), and on a resume the journaled runs' own rate instead of a calibration.
@Suite struct SweepEstimateTests {
    static let experiment =
        "name: e\nmachine: tiny\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants: [{name: a}, {name: b}, {name: c}]\n"

    static func run(_ name: String, accesses: UInt64, explicit: UInt64? = nil) -> JSON {
        var fields: [(String, JSON)] = [
            ("variant", .string(name)), ("levels", .array([])), ("accesses", .uint(accesses)),
        ]
        if let explicit {
            fields.append(
                (
                    "warp",
                    .object([("skippedAccesses", .uint(accesses - explicit)), ("explicitAccesses", .uint(explicit))])
                ))
        }
        return .object(fields)
    }

    @Test func journaledRunsGiveTheRate() throws {
        let dir = TestDirectory("sweep-estimate")
        let spec = try ExperimentSpec.decode(Self.experiment, file: "e.yaml")
        var plan = try SweepEstimate.plan(spec)
        #expect(plan.keys.count == 3 && plan.pending == [0, 1, 2] && plan.journaledRate == nil)
        // a: 2,000 accesses in 4 s; b warped, 1,000 of its 9,000 simulated, in 1 s; c not finished.
        let path = dir.file("j.jsonl")
        let journal = try SweepJournal(path: path, fingerprint: "f")
        try journal.append(key: plan.keys[0], run: Self.run("a", accesses: 2000), seconds: 4)
        try journal.append(key: plan.keys[1], run: Self.run("b", accesses: 9000, explicit: 1000), seconds: 1)
        plan.resume(from: try SweepJournal(path: path, fingerprint: "f"))
        #expect(plan.pending == [2] && plan.done == [0, 1])
        // (2,000 + 1,000) simulated accesses over (4 + 1) s.
        #expect(plan.journaledRate == 600)
        // A journal whose lines carry no time (written before times were kept) gives no rate.
        let old = dir.file("old.jsonl")
        let line = JSON.object([
            ("fingerprint", .string("f")), ("key", .string(plan.keys[0])), ("run", Self.run("a", accesses: 2000)),
        ])
        try (line.serialized() + "\n").write(toFile: old, atomically: true, encoding: .utf8)
        var fresh = try SweepEstimate.plan(spec)
        fresh.resume(from: try SweepJournal(path: old, fingerprint: "f"))
        #expect(fresh.done == [0] && fresh.journaledRate == nil)
    }

    @Test func theLineCountsExplicitWork() {
        // 2 G accesses in all, 1.2 G of them simulated, at 100 M/s on each of 2 cores: 6 s.
        #expect(
            SweepEstimate.line(accesses: [1e9, 1e9], explicit: [1e8, 1.1e9], rate: 1e8, cores: 2)
                == "sweep: 2 runs, 2.0 G accesses, estimated 6 s")
    }

    @Test func perShardSumsFollowTheShardRule() throws {
        // Runs 0..4 with 1..5 explicit accesses over 2 shards: shard 0 has runs 0, 2, 4 (1 + 3 + 5).
        let plan = SweepPlan(
            accesses: [1, 2, 3, 4, 5], explicit: [1, 2, 3, 4, 5], done: [], journaledRate: nil,
            keys: ["a", "b", "c", "d", "e"])
        #expect(plan.perShard(2) == [9, 6] && plan.perShard(5) == [1, 2, 3, 4, 5])
        // The same as planning each shard on its own.
        let spec = try ExperimentSpec.decode(Self.experiment + "sweep:\n  m: [4, 8, 16]\n", file: "e.yaml")
        let whole = try SweepEstimate.plan(spec)
        for k in 0..<4 {
            let part = try SweepEstimate.plan(spec, shard: try SweepShard(index: k, count: 4))
            #expect(whole.perShard(4)[k] == part.explicit.reduce(0, +))
        }
    }
}
