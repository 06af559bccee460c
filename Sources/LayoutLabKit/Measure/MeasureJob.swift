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
    /// Wall time of the timed kernel runs (seconds): the samples of `time`.
    public var wallSeconds: [Double]
    /// The run's multiply-adds, the unit of its accesses per MAC.
    public var multiplyAdds: Double = 0
    /// The native kernel's wall time (`TimedRun`), measured with or without PAPI.
    public var time: MeasuredTime? = nil
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
    /// Where `vendor` and `model` were read: `PAPI` or `/proc/cpuinfo`.
    public var cpuSource = "PAPI"
    /// Timed runs per kernel (and PAPI's repetitions per event group).
    public var repetitions = 0
    /// The simulated machine, where it came from (`--machine` or `sysfs`) and the experiment's
    /// own `machine:`, which a real run on this host does not use unless `--machine` names it.
    public var simulatedFrom = "sysfs"
    public var experimentMachine: String? = nil
    /// The optimisation the native kernels were built with: `-O`, or `-Onone` in a debug build.
    public var kernelBuild = MeasureJob.kernelBuild

    /// Which geometry was simulated, as `measure` prints it on stderr (plain text).
    public var simulatedSentence: String {
        MeasureText.simulated(
            machine: machine.name, from: simulatedFrom, experimentMachine: experimentMachine,
            geometry: MeasureText.geometry(machine.levels.map { ($0.name, $0.size, $0.ways, $0.line) }))
    }
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
                throw LayoutLabError("PAPI could not be initialised: \(e)")
            }
        }
        let names = counters.usesPAPI ? events ?? (spec.events.isEmpty ? EventPlan.defaultEvents : spec.events) : []
        let plan = try EventPlan.make(names)
        // Pinned for the timed runs too, with or without PAPI.
        let pinned = CounterRun.pin(toCPU: 0)
        defer { if pinned { CounterRun.unpin() } }
        let reps = repetitions ?? spec.repetitions
        // The range of `--repetitions` and of the experiment's key: a document's time needs a run.
        guard (1...1000).contains(reps) else { throw LayoutLabError("repetitions must be from 1 to 1000, got \(reps)") }
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
            let seconds = try TimedRun.measure(repetitions: reps) {
                try EngineDriver.nativeKernel(run, element: spec.element, buffers: Buffers(pages: MmapPages()))
            }
            let outcome =
                counters.usesPAPI
                ? try CounterRun.measure(plan: plan, repetitions: reps) {
                    try EngineDriver.nativeKernel(run, element: spec.element, buffers: Buffers(pages: MmapPages()))
                } : CounterRun.Outcome(events: [:], seconds: [], groups: 0)
            out.append(
                MeasuredRun(
                    simulated: simulated, simulatedPages: tee.second.pages,
                    predictedFaults: tee.second.predictedFaults,
                    measured: outcome.events, wallSeconds: seconds, multiplyAdds: run.multiplyAdds,
                    time: MeasuredTime(seconds: seconds, multiplyAdds: run.multiplyAdds)))
        }
        if counters.usesCallgrind {
            guard let callgrind else {
                throw LayoutLabError("--counters callgrind needs the layoutlab binary to run under Valgrind")
            }
            for (i, events) in try callgrindCounters(spec, host: host, setup: callgrind).enumerated() {
                out[i].measured.merge(events) { a, _ in a }
            }
        }
        let hw = counters.usesPAPI ? PAPI.hardwareInfo() : CPUInfo.host()
        let hardwareCounters = counters.usesPAPI ? PAPI.numHardwareCounters() : 0
        let hardwareEvents = names.filter { $0.hasPrefix("PAPI_") }
        let noHardware =
            !hardwareEvents.isEmpty && hardwareEvents.allSatisfy { n in plan.unavailable.contains { $0.name == n } }
        var notes =
            counters.usesPAPI ? CrossCheck.vendorNotes(vendor: hw.vendor, hardwareEventsAvailable: !noHardware) : []
        if counters.usesCallgrind {
            notes.append(
                "callgrind:: counters come from Valgrind's cache simulator running "
                    + "\(MeasureText.nativeKernel(build: kernelBuild)) once (so min = max), with D1 and LL set to "
                    + "this machine's first and last level; it models LRU, write-allocate caches and counts a miss "
                    + "per access, not per line."
            )
        }
        var result = MeasureResult(
            machine: host, runs: out, vendor: hw.vendor, model: hw.model, hardwareCounters: hardwareCounters,
            groups: plan.groups.count, pinned: pinned, tau: taus(out), notes: notes, counters: counters)
        result.cpuSource = counters.usesPAPI ? "PAPI" : "/proc/cpuinfo"
        result.repetitions = reps
        result.simulatedFrom = machine == nil ? "sysfs" : "--machine"
        result.experimentMachine = spec.machine.name
        return result
    }

    /// The optimisation this binary, and so its native kernels, was built with.
    public static var kernelBuild: String {
        #if DEBUG
            return "-Onone"
        #else
            return "-O"
        #endif
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
