import CacheSim
import Counters
import Engine
import LayoutConfig
import Reporting
import ResultsSchema
import AccessSink
import SafeIO

/// One variant at one sweep point: simulated counts on the host geometry and measured counters.
public struct MeasuredRun: Sendable {
    public var simulated: RunResult
    public var simulatedPages: Int
    /// Minor faults expected on fresh memory (`PageSink.predictedFaults`).
    public var predictedFaults: Int
    public var measured: [String: EventResult]
    /// Wall time of the measured kernel runs (seconds); empty without PAPI.
    public var wallSeconds: [Double]
    /// The run's multiply-adds, the unit of its accesses per MAC.
    public var multiplyAdds: Double = 0
}

/// What `layoutlab measure` found.
public struct MeasureResult: Sendable {
    public var machine: MachineSpec
    public var runs: [MeasuredRun]
    public var vendor: String
    public var model: String
    public var hardwareCounters: Int
    public var groups: Int
    public var pinned: Bool
    /// (simulated level or "pages", event name, tau) for each comparable pair.
    public var tau: [(level: String, event: String, tau: Double?)]
    public var notes: [String]
    /// The counters collected.
    public var counters: CounterSource = .papi
}

/// `layoutlab measure`: the native twin of each variant under PAPI and/or Callgrind, beside its
/// simulation.
public enum MeasureJob {
    /// The simulator-side counterpart of each hardware event, by level index.
    static let levelEvents: [(level: Int, events: [String])] = [
        (0, ["PAPI_L1_DCM"]), (1, ["PAPI_L2_DCM", "PAPI_L2_TCM"]),
    ]

    public static func run(
        _ spec: ExperimentSpec, machine: MachineSpec?, events: [String]?, repetitions: Int?,
        counters: CounterSource = .papi, callgrind: CallgrindSetup? = nil
    ) throws -> MeasureResult {
        try spec.checkExplicitWork(spec.totalAccesses(), why: "measure simulates every access")
        // The kernels make no instruction fetches, and the counters compared are data-side ones:
        // an instruction level would only shift the level numbering the events are matched by.
        var host = try machine ?? MachineSpec(name: "host", levels: MachineDetect.detect(), source: "sysfs")
        host.levels.removeAll(where: \.instruction)
        if counters.usesCallgrind { _ = try callgrindGeometry(host) }  // refuse before any work
        if counters.usesPAPI {
            do { try PAPI.libraryInit() } catch let e as PAPIError {
                throw ReportError("PAPI could not be initialised: \(e)")
            }
        }
        let names = counters.usesPAPI ? events ?? (spec.events.isEmpty ? EventPlan.defaultEvents : spec.events) : []
        let plan = try EventPlan.make(names)
        let pinned = counters.usesPAPI && CounterRun.pin(toCPU: 0)
        defer { if pinned { CounterRun.unpin() } }
        let reps = repetitions ?? spec.repetitions
        var out: [MeasuredRun] = []
        for run in spec.runs {
            var tee = TeeSink(CacheHierarchy(host.levels), PageSink())
            let arrays = try EngineDriver.drive(run, element: spec.element, sink: &tee)
            var sim = tee.first
            let end = sim.stats()
            sim.flush()
            let simulated = RunResult(
                variant: run.variant, point: run.point, accesses: end.accesses,
                footprintBytes: arrays.reduce(0) { $0 + $1.bytes },
                stats: SimulationStats(end: end, flushed: sim.stats(), regionNames: Region.names),
                model: nil)
            let outcome =
                counters.usesPAPI
                ? try CounterRun.measure(plan: plan, repetitions: reps) {
                    try EngineDriver.nativeKernel(run, element: spec.element, buffers: Buffers(pages: MmapPages()))
                } : CounterRun.Outcome(events: [:], seconds: [], groups: 0)
            out.append(
                MeasuredRun(
                    simulated: simulated, simulatedPages: tee.second.pages,
                    predictedFaults: tee.second.predictedFaults,
                    measured: outcome.events, wallSeconds: outcome.seconds, multiplyAdds: run.multiplyAdds))
        }
        if counters.usesCallgrind {
            guard let callgrind else {
                throw ReportError("--counters callgrind needs the layoutlab binary to run under Valgrind")
            }
            for (i, events) in try callgrindCounters(spec, host: host, setup: callgrind).enumerated() {
                out[i].measured.merge(events) { a, _ in a }
            }
        }
        let hw =
            counters.usesPAPI
            ? PAPI.hardwareInfo() : (vendor: "not read (PAPI not used)", model: "not read (PAPI not used)")
        let hardwareCounters = counters.usesPAPI ? PAPI.numHardwareCounters() : 0
        let hardwareEvents = names.filter { $0.hasPrefix("PAPI_") }
        let noHardware =
            !hardwareEvents.isEmpty && hardwareEvents.allSatisfy { n in plan.unavailable.contains { $0.name == n } }
        var notes =
            counters.usesPAPI ? CrossCheck.vendorNotes(vendor: hw.vendor, hardwareEventsAvailable: !noHardware) : []
        if counters.usesCallgrind {
            notes.append(
                "callgrind:: counters come from Valgrind's cache simulator running the compiled kernel once (so min = max), "
                    + "with D1 and LL set to this machine's first and last level; it models LRU, write-allocate caches and counts a miss per access, not per line."
            )
        }
        return MeasureResult(
            machine: host, runs: out, vendor: hw.vendor, model: hw.model, hardwareCounters: hardwareCounters,
            groups: plan.groups.count, pinned: pinned, tau: taus(out), notes: notes, counters: counters)
    }

    /// Kendall tau of simulated against measured orderings, per comparable pair with all runs measured.
    static func taus(_ runs: [MeasuredRun]) -> [(level: String, event: String, tau: Double?)] {
        var out: [(level: String, event: String, tau: Double?)] = []
        func median(_ r: MeasuredRun, _ e: String) -> Double? {
            if case .ok(let m, _, _)? = r.measured[e] { return m }
            return nil
        }
        guard let first = runs.first else { return out }
        for (li, evs) in levelEvents where li < first.simulated.stats.end.levels.count {
            guard let e = evs.first(where: { e in runs.allSatisfy { median($0, e) != nil } }) else { continue }
            out.append(
                (
                    first.simulated.stats.end.levels[li].config.name, e,
                    CrossCheck.kendallTau(
                        runs.map { Double($0.simulated.stats.end.levels[li].total.misses) },
                        runs.map { median($0, e)! })
                ))
        }
        for key in ["callgrind", "callgrindLL"] {
            let pairs = runs.compactMap { r in callgrindComparisons(r).first { $0.key == key } }
            guard pairs.count == runs.count, let c = pairs.first else { continue }
            out.append(
                (c.level, c.event, CrossCheck.kendallTau(pairs.map { Double($0.simulated) }, pairs.map(\.measured))))
        }
        if runs.allSatisfy({ median($0, "perf::PAGE-FAULTS") != nil }) {
            out.append(
                (
                    "pages", "perf::PAGE-FAULTS",
                    CrossCheck.kendallTau(
                        runs.map { Double($0.predictedFaults) },
                        runs.map { median($0, "perf::PAGE-FAULTS")! })
                ))
        }
        return out
    }
}

/// The default event list as text, for help output.
public enum EventPlanDefaults {
    public static var list: String { EventPlan.defaultEvents.joined(separator: ", ") }
}
