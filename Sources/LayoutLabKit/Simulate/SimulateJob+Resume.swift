import Foundation
import LayoutConfig
import Reporting
import ResultsSchema
import SafeIO

extension SimulateJob {
    /// The key of a run inside a sweep: variant and point.
    public static func key(_ variant: String, _ point: SweepPoint) -> String {
        variant + "|" + ReportInput.pointText(point)
    }

    /// What makes two sweeps the same: experiment contents, machine, LayoutLab version, and
    /// whether the 3C split is kept.
    public static func fingerprint(_ spec: ExperimentSpec, machine: MachineSpec, classify: Bool = true) -> String {
        let about = SimulateJSON.about(
            ResultsDocument(), spec,
            version: LayoutLabVersion.string, command: "")
        var fields: [(String, JSON)] = [
            ("experiment", .string(spec.name)),
            ("about", .object(Array((SchemaEncoder.encode(about).object ?? []).dropFirst(3)))),
            ("machine", SimulateJSON.machine(machine)),
        ]
        if !classify { fields.append(("threeC", .bool(false))) }
        let desc = JSON.object(fields).serialized()
        return SweepJournal.fingerprint(desc)
    }

    /// Runs every variant at every point not already in `journal`, appending each as it finishes;
    /// returns all runs' JSON in experiment order (the same document an uninterrupted run makes).
    /// With `shard`, only that shard's runs, in the same order. `simulated`, where given, receives
    /// each run simulated now (not read from the journal) with its position in that order; a run
    /// the sweep does not change is simulated once and copied (`SimulateJob+Reuse.swift`).
    public static func runResumable(
        _ spec: ExperimentSpec, machine: MachineSpec, journal: SweepJournal?,
        classify: Bool = true, warp: Bool = true, shard: SweepShard? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        monitor: SweepProgress? = nil, simulated: (@Sendable (Int, RunResult) -> Void)? = nil
    ) throws -> [JSON] {
        try runResumableCounting(
            spec, machine: machine, journal: journal, classify: classify, warp: warp, shard: shard,
            progress: progress, monitor: monitor, simulated: simulated
        ).runs
    }

    /// `runResumable`, and how many runs it simulated (the rest were resumed or copied).
    static func runResumableCounting(
        _ spec: ExperimentSpec, machine: MachineSpec, journal: SweepJournal?,
        classify: Bool = true, warp: Bool = true, shard: SweepShard? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        monitor: SweepProgress? = nil, simulated: (@Sendable (Int, RunResult) -> Void)? = nil
    ) throws -> (runs: [JSON], simulated: Int) {
        let positions = spec.runs.indices.filter { shard?.contains($0) ?? true }
        let all = positions.map { spec.runs[$0] }
        let keys = all.map { key($0.variant, $0.point) }
        let todo = all.indices.filter { journal?.done[keys[$0]] == nil }
        // A group a journaled run belongs to is known: its other runs copy that run's entry.
        var known: [Int: JSON] = [:]
        for i in all.indices {
            if let j = journal?.done[keys[i]], known[group(all, positions: positions, i)] == nil {
                known[group(all, positions: positions, i)] = j
            }
        }
        let plan = reusePlan(all, positions: positions, todo: todo, known: Set(known.keys))
        let fresh = Locked([Int: JSON]())
        for i in plan.copies {
            let j = try reused(known[group(all, positions: positions, i)]!, as: all[i])
            try journal?.append(key: keys[i], run: j)
            fresh.with { $0[i] = j }
            monitor?.reused(i, all[i])
        }
        try simulateAll(
            all, only: plan.leaders, alreadyDone: all.count - plan.leaders.count, element: spec.element,
            levels: machine.levels, classify: classify, warp: warp, progress: progress, monitor: monitor
        ) { i, res in
            let j = res.json
            try journal?.append(key: keys[i], run: j, seconds: res.seconds)
            fresh.with { $0[i] = j }
            simulated?(i, res)
            for f in plan.followers[i] ?? [] {
                let copy = try reused(j, as: all[f])
                try journal?.append(key: keys[f], run: copy)
                fresh.with { $0[f] = copy }
                simulated?(f, reused(res, as: all[f]))
                monitor?.reused(f, all[f])
            }
        }
        let done = fresh.with { $0 }
        return (all.indices.map { done[$0] ?? journal!.done[keys[$0]]! }, plan.leaders.count)
    }

    /// The `simulate --json` document for runs already in JSON form (the journal's), each given
    /// its `cost`; a run that is not a run record is an error naming its place.
    public static func document(_ spec: ExperimentSpec, machine: MachineSpec, runs: [JSON], command: String) throws
        -> JSON
    {
        SchemaEncoder.encode(document(spec, machine: machine, runs: try records(runs), command: command))
    }

    /// Runs in JSON form (the journal's) as records; a run that is not one is an error naming its place.
    static func records(_ runs: [JSON]) throws -> [RunRecord] {
        try runs.enumerated().map { i, r in try SchemaDecoder.decode(RunRecord.self, from: r, at: "runs[\(i)]") }
    }

    /// The document of `runs`, each given its `cost`, with what was run.
    public static func document(_ spec: ExperimentSpec, machine: MachineSpec, runs: [RunRecord], command: String)
        -> ResultsDocument
    {
        let bySweepKey = Dictionary(spec.runs.map { (key($0.variant, $0.point), $0) }) { a, _ in a }
        let costed = runs.map { r in
            withCost(
                r, spec: bySweepKey[key(r.variant, r.point?.point ?? [:])], machine: machine, element: spec.element)
        }
        let doc = SimulateJSON.document(
            experiment: spec.name, machine: SimulateJSON.machineRecord(machine), runs: costed)
        return SimulateJSON.about(doc, spec, version: LayoutLabVersion.string, command: command)
    }

    /// The summary table of a results document.
    public static func table(document doc: JSON) throws -> String {
        let input = try ReportInput.decode(doc, file: "results")
        let names = input.machine.map(\.name)
        var t = TextTable(["variant", "point", "accesses"] + names.flatMap { ["\($0) misses", "\($0) rate"] })
        for r in input.runs {
            t.add(
                [TerminalText.escape(r.variant), ReportInput.pointText(r.point), Fmt.int(r.accesses)]
                    + r.levels.flatMap { [Fmt.int($0.c.misses), Fmt.percent($0.c.missRate)] })
        }
        return t.render()
    }
}
