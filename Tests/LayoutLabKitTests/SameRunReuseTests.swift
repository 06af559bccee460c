import ResultsSchema
import Foundation
import Testing
import TestSupport
import LayoutConfig
import LayoutLabKit
import Reporting

/// A variant a sweep axis does not change (a naive loop in a `tile` sweep) is simulated once and
/// reported at every point of the axis, marked `sameAs`; shards and resumes mark the same runs.
@Suite struct SameRunReuseTests {
    /// 3 tiles x (naive, tiled): run order naive@2, tiled@2, naive@4, tiled@4, naive@8, tiled@8.
    static let experiment = """
        name: reuse
        machine: tiny
        kernel: gemm
        shape: {m: 16, n: 16, k: 16}
        variants:
          - {name: naive}
          - {name: tiled, algorithm: tiled}
        sweep:
          tile: [2, 4, 8]

        """

    let scratch = TestDirectory("layoutlab-reuse")

    @Test func anUnchangedVariantIsSimulatedOnceAndMarkedAtEveryPoint() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "reuse.yaml")
        #expect(spec.runs.map(\.sameAs) == [nil, nil, 0, nil, 0, nil])
        var session = try SimulateSession(spec: spec, machine: spec.machine, classify: false)
        let doc = try session.run(command: "layoutlab simulate reuse.yaml")
        // 6 runs in the document, 4 simulations: naive once, tiled at each of its 3 tiles.
        #expect(session.simulatedRuns == 4)
        let runs = try #require(doc["runs"]?.array)
        #expect(runs.count == 6)
        #expect(runs.map { $0["sameAs"]?.uint64 } == [nil, nil, 0, nil, 0, nil])
        // The copy's entry is the first run's but for its point and the mark after the point.
        let keys = try #require(runs[2].object).map(\.0)
        #expect(Array(keys.prefix(3)) == ["variant", "point", "sameAs"])
        #expect(runs[2]["levels"] == runs[0]["levels"] && runs[4]["accesses"] == runs[0]["accesses"])
        #expect(runs[4]["point"] == .object([("tile", .int(8))]))
        // Simulated alone, naive at tile = 8 gives the counts it was given.
        let alone = try SimulateJob.simulate(
            spec.runs[4], element: spec.element, levels: spec.machine.levels, classify: false)
        #expect(alone.json["levels"] == runs[4]["levels"])
    }

    /// Four shards: shard 0 holds naive@2 and naive@8 (positions 0 and 4: one simulation, one
    /// copy), shard 2 holds naive@4 (position 2) without naive@2, so it simulates it; tiled@2,
    /// @4, @8 are simulated in shards 1, 3 and 1: 5 simulations. Every copy says `sameAs: 0`, as
    /// in the whole sweep, so the merged document is the whole one, byte for byte.
    @Test func shardsMarkTheSameRunsAsTheWholeSweep() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "reuse.yaml")
        var whole = try SimulateSession(spec: spec, machine: spec.machine, classify: false)
        let all = try whole.run(command: "c")
        var parts: [(JSON, String)] = []
        var simulated = 0
        for i in 0..<4 {
            let path = scratch.file("p\(i).json")
            var s = try SimulateSession(
                spec: spec, machine: spec.machine, outputs: .init(json: path),
                shard: try SweepShard(index: i, count: 4),
                classify: false)
            parts.append((try s.run(command: "c"), path))
            simulated += s.simulatedRuns
        }
        #expect(simulated == 5)
        let merged = try MergeJob.merge(parts, command: "c")
        #expect(merged.serialized() == all.serialized())
    }
}

extension SameRunReuseTests {
    /// The estimate counts a copy as free where its command simulates the first run of its group:
    /// the whole sweep simulates naive once; with 4 shards, shard 2 simulates naive@4 itself, so
    /// the shards' plans (and the whole plan split per shard) count it there.
    @Test func theEstimateCountsEachGroupOncePerCommand() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "reuse.yaml")
        let whole = try SweepEstimate.plan(spec)
        // naive: 4 x 16^3 accesses, simulated once; tiled: three runs of their own.
        let naive = spec.runs[0].estimatedAccesses
        #expect(whole.explicit[2] == 0 && whole.explicit[4] == 0 && whole.explicit[0] == naive)
        for k in 0..<4 {
            let part = try SweepEstimate.plan(spec, shard: try SweepShard(index: k, count: 4))
            #expect(whole.perShard(4)[k] == part.explicit.reduce(0, +))
        }
        #expect(try SweepEstimate.plan(spec, shard: try SweepShard(index: 2, count: 4)).explicit == [naive])
    }
}

extension SameRunReuseTests {
    /// A resume whose journal holds naive@2 (doctored to 12345 accesses, which no simulation
    /// gives) copies it to naive@4 and naive@8 instead of simulating naive again: 3 simulations
    /// (tiled at each tile), and the copies carry the journal's 12345.
    @Test func aResumeCopiesAJournaledRun() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "reuse.yaml")
        let first = try SimulateJob.simulate(
            spec.runs[0], element: spec.element, levels: spec.machine.levels, classify: false)
        let doctored = JSON.object((first.json.object ?? []).map { $0.0 == "accesses" ? ($0.0, .uint(12345)) : $0 })
        let json = scratch.file("resume.json")
        var session = try SimulateSession(
            spec: spec, machine: spec.machine, outputs: .init(json: json), classify: false)
        let journal = try SweepJournal(path: json + ".partial.jsonl", fingerprint: session.fingerprint, threeC: false)
        try journal.append(key: SimulateJob.key("naive", spec.runs[0].point), run: doctored)
        let doc = try session.run(command: "c")
        #expect(session.simulatedRuns == 3)
        let runs = try #require(doc["runs"]?.array)
        #expect(runs.map { $0["accesses"]?.uint64 == 12345 } == [true, false, true, false, true, false])
        #expect(runs.map { $0["sameAs"]?.uint64 } == [nil, nil, 0, nil, 0, nil])
    }
}
