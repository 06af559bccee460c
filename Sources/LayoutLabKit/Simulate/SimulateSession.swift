import Foundation
import LayoutConfig
import Reporting
import ResultsSchema
import SafeIO

/// One `layoutlab simulate` of an experiment (or of one shard of it) into its outputs: the checks
/// made before anything is simulated, the output lock, the journal that makes an interrupted sweep
/// resumable, the Ctrl-C message, the estimate and live progress on stderr, and the results
/// document (a shard's partial document with `shard`). The CLI and the tests share it, so that
/// what a test runs is what the command runs.
public struct SimulateSession {
    /// Where the results go; nil for an output not asked for. `out` is a folder that receives
    /// NAME.json, NAME.md and NAME.csv.
    public struct Outputs: Sendable {
        public var json: String?
        public var report: String?
        public var csv: String?
        public var out: String?

        public init(json: String? = nil, report: String? = nil, csv: String? = nil, out: String? = nil) {
            self.json = json
            self.report = report
            self.csv = csv
            self.out = out
        }
    }

    public let spec: ExperimentSpec
    public let machine: MachineSpec
    public let outputs: Outputs
    public let shard: SweepShard?
    public let classify: Bool
    public let warp: Bool
    /// The sweep's plan: each run's accesses, and (after `run` reads the journal) which are done.
    public private(set) var plan: SweepPlan
    /// After `run`: the document's records (what `run` returned, typed), and each run simulated by
    /// this session with its full counters (the final flush's included) and warp summary, in run
    /// order; nil for a run read back from the journal, which keeps only its document entry.
    public private(set) var document: ResultsDocument?
    public private(set) var results: [RunResult?] = []
    /// How many runs `run` simulated: not those resumed from the journal, nor those that took
    /// the counts of an identical run (`RunSpec.sameAs`).
    public private(set) var simulatedRuns = 0

    /// Checks everything that can be checked before simulating: the shard against the experiment
    /// and the outputs, the sweep against its limits, the output folder and files.
    public init(
        spec: ExperimentSpec, machine: MachineSpec, outputs: Outputs = Outputs(), shard: SweepShard? = nil,
        classify: Bool = true, warp: Bool = true
    ) throws {
        self.spec = spec
        self.machine = machine
        self.outputs = outputs
        self.shard = shard
        self.classify = classify
        self.warp = warp
        try shard?.check(spec, json: outputs.json, others: [outputs.out, outputs.report, outputs.csv])
        plan = try SweepEstimate.plan(spec, shard: shard, warpLevels: warp && !classify ? machine.levels : nil)
        try SweepEstimate.checkLimit(spec, plan, levels: machine.levels, warp: warp, classify: classify)
        if let out = outputs.out { try AtomicFile.ensureWritableDirectory(out) }
        if let json = outputs.json { try OutputCheck.file(json, option: "--json") }
        if let report = outputs.report { try OutputCheck.file(report, option: "--report", withCharts: true) }
        if let csv = outputs.csv { try OutputCheck.file(csv, option: "--csv") }
    }

    /// The `--out` folder's files without their extension: FOLDER/NAME.
    public var base: String? {
        outputs.out.map { ($0 as NSString).appendingPathComponent(spec.name) }
    }

    /// The journal beside the JSON output (or the `--out` files); none for a device such as
    /// `--json /dev/null`, which would put it at /dev/null.partial.jsonl.
    public var journalPath: String? {
        let json = outputs.json.flatMap { AtomicFile.isSpecial($0) ? nil : $0 + ".partial.jsonl" }
        return json ?? base.map { $0 + ".partial.jsonl" }
    }

    /// What makes two sweeps the same (the journal's and the shard document's fingerprint).
    public var fingerprint: String {
        SimulateJob.fingerprint(spec, machine: machine, classify: classify)
    }

    /// Simulates the runs not yet in the journal and returns the results document, after calling
    /// `write` with it; the journal is removed only once `write` has returned. `log` prints to
    /// stderr (the text and whether to end the line); `onInterrupt` installs the Ctrl-C message
    /// and the temporaries a signal must remove. `quiet` drops the estimate and the live line;
    /// `live` asks for the live line (a terminal).
    @discardableResult
    public mutating func run(
        command: String, quiet: Bool = true, live: Bool = false,
        log: @escaping @Sendable (String, Bool) -> Void = { _, _ in },
        onInterrupt: (String, [String]) -> Void = { _, _ in },
        write: (JSON) throws -> Void = { _ in }
    ) throws -> JSON {
        // Held to the end: a second run into the same outputs is refused before it writes anything.
        try OutputLock.acquire([outputs.json, outputs.report, outputs.csv, base].compactMap { $0 })
        let journal = try journalPath.map { try SweepJournal(path: $0, fingerprint: fingerprint, threeC: classify) }
        if let journal, !journal.done.isEmpty {
            log("resuming: \(journal.done.count) finished run(s) read from \(journal.path)", true)
        }
        let written = [outputs.json, outputs.report, base.map { $0 + ".json" }, base.map { $0 + ".md" }]
        let message =
            journal.map {
                "interrupted: finished runs are saved in \($0.path); run the same command again to resume"
            } ?? "interrupted: nothing was saved (use --json or --out to make a sweep resumable)"
        onInterrupt(message, written.compactMap { $0 }.map(AtomicFile.temporaryPath(for:)))
        plan.resume(from: journal)
        if !quiet {
            let pending = plan.pending
            let rate = plan.journaledRate ?? SweepEstimate.calibrate(machine.levels, classify: classify)
            let cores = ProcessInfo.processInfo.activeProcessorCount
            log(
                SweepEstimate.line(
                    accesses: pending.map { plan.accesses[$0] },
                    explicit: pending.map { plan.explicit[$0] }, rate: rate, cores: cores), true)
        }
        // A live line per run (percent, rate, ETA) where asked; elsewhere nothing more.
        var monitor: SweepProgress?
        if !quiet && live {
            monitor = SweepProgress(estimated: plan.accesses, done: plan.done) { line in log(line, false) }
        }
        monitor?.begin()
        let simulated = Locked([Int: RunResult]())
        let (runs, count) = try SimulateJob.runResumableCounting(
            spec, machine: machine, journal: journal, classify: classify,
            warp: warp, shard: shard, monitor: monitor, simulated: { i, r in simulated.with { $0[i] = r } })
        simulatedRuns = count
        monitor?.end()
        let fresh = simulated.with { $0 }
        results = runs.indices.map { fresh[$0] }
        var record = SimulateJob.document(
            spec, machine: machine, runs: try SimulateJob.records(runs), command: command)
        if let shard {
            let flags = (classify ? [] : ["--no3c"]) + (warp ? [] : ["--no-warp"])
            record.shard = shard.record(totalRuns: spec.runs.count, fingerprint: fingerprint, flags: flags)
        }
        document = record
        let doc = SchemaEncoder.encode(record)
        try write(doc)
        journal?.remove()
        return doc
    }

    /// Simulates every run of `spec` in memory (no outputs, so no journal and no lock on a file)
    /// through a session, as `simulate` does: the document and every run's result, in run order.
    public static func simulate(
        _ spec: ExperimentSpec, machine: MachineSpec? = nil, classify: Bool = true, warp: Bool = true,
        command: String = ""
    ) throws -> (json: JSON, runs: [RunResult]) {
        var session = try SimulateSession(spec: spec, machine: machine ?? spec.machine, classify: classify, warp: warp)
        let json = try session.run(command: command)
        let runs = session.results.compactMap { $0 }
        guard runs.count == session.results.count else {
            throw LayoutLabError("\(spec.name): a run of the session has no result")
        }
        return (json, runs)
    }
}
