import Counters
import LayoutConfig
import Reporting
import ResultsSchema

extension MeasureJob {
    static func eventRecord(_ r: EventResult) -> MeasuredRecord {
        var m = MeasuredRecord()
        switch r {
        case .ok(let median, let min, let max):
            m.status = "ok"
            m.median = median
            m.min = min
            m.max = max
        case .unavailable(let reason):
            m.status = "unavailable"
            m.reason = reason
        }
        return m
    }

    static func median(_ r: MeasuredRun, _ e: String) -> Double? {
        if case .ok(let m, _, _)? = r.measured[e] { return m }
        return nil
    }

    /// Per run: simulated and measured misses per level and their ratio, where measured.
    static func comparisons(_ r: MeasuredRun) -> [(level: String, event: String, simulated: UInt64, measured: Double)] {
        var out: [(level: String, event: String, simulated: UInt64, measured: Double)] = []
        let levels = r.simulated.stats.end.levels
        for (li, evs) in levelEvents where li < levels.count {
            if let (e, m) = evs.lazy.compactMap({ e in median(r, e).map { (e, $0) } }).first {
                out.append((levels[li].config.name, e, levels[li].total.misses, m))
            }
        }
        return out
    }

    /// A simulated figure against a measured one, with their ratio (null when nothing was simulated).
    static func comparison(_ level: String?, _ event: String, _ simulated: UInt64, _ measured: Double)
        -> ComparisonRecord
    {
        var x = ComparisonRecord()
        x.level = level
        x.event = event
        x.simulated = simulated
        x.measured = measured
        x.ratio = OrNull(simulated == 0 ? nil : measured / Double(simulated))
        return x
    }

    /// A run's record: `simulate`'s, with `measured`, `simulatedPages`, `predictedFaults`,
    /// `wallSeconds` and `crossCheck` (simulated against measured per level, Callgrind's, pages).
    static func record(_ r: MeasuredRun) -> RunRecord {
        var o = r.simulated.record
        o.measured = Fields(r.measured.sorted { $0.key < $1.key }.map { ($0.key, eventRecord($0.value)) })
        o.simulatedPages = UInt64(clamping: r.simulatedPages)
        o.predictedFaults = UInt64(clamping: r.predictedFaults)
        let w = r.wallSeconds.sorted()
        if let lo = w.first, let hi = w.last {
            var spread = Spread()
            spread.median = BenchJob.median(w)
            spread.min = lo
            spread.max = hi
            o.wallSeconds = OrNull(spread)
        } else {
            o.wallSeconds = OrNull(nil)
        }
        var cc: [(key: String, value: ComparisonRecord)] = comparisons(r).map { c in
            (c.level, comparison(nil, c.event, c.simulated, c.measured))
        }
        for c in callgrindComparisons(r) {
            cc.append((c.key, comparison(c.level, c.event, c.simulated, c.measured)))
        }
        if let f = median(r, "perf::PAGE-FAULTS") {
            var x = comparison(nil, "perf::PAGE-FAULTS", UInt64(clamping: r.simulatedPages), f)
            x.ratio = nil
            x.predicted = UInt64(clamping: r.predictedFaults)
            x.difference = f - Double(r.predictedFaults)
            cc.append(("pages", x))
        }
        o.crossCheck = Fields(cc)
        return o
    }

    /// `simulate`'s document, each run's record with what was measured (`record(_:)`); plus a
    /// top-level `crossCheck` with the rank agreement and vendor notes.
    public static func json(_ spec: ExperimentSpec, _ m: MeasureResult, command: String = "") -> JSON {
        var cross = CrossCheckRecord()
        cross.vendor = m.vendor
        cross.model = m.model
        cross.hardwareCounters = Int64(m.hardwareCounters)
        cross.eventGroups = Int64(m.groups)
        cross.pinned = m.pinned
        cross.kendallTau = m.tau.map { t in
            var x = CrossCheckRecord.Tau()
            x.level = t.level
            x.event = t.event
            x.tau = OrNull(t.tau)
            return x
        }
        cross.notes = m.notes
        var doc = SimulateJob.document(spec, machine: m.machine, runs: m.runs.map(record), command: command)
        doc.crossCheck = cross
        return SchemaEncoder.encode(doc)
    }

    /// The terminal table: per run the simulated and measured figures side by side (PAPI's, then
    /// Callgrind's with the accesses per multiply-add of the engine and of the compiled code).
    public static func table(_ m: MeasureResult) -> String {
        var out = m.counters.usesPAPI ? papiTable(m) : ""
        if m.counters.usesCallgrind {
            var t = TextTable([
                "variant", "point", "sim L1 miss", "cg D1 miss", "ratio", "sim LL miss", "cg LL miss", "ratio",
                "engine acc/MAC", "compiled acc/MAC",
            ])
            for r in m.runs {
                let c = callgrindComparisons(r)
                func pair(_ key: String) -> [String] {
                    guard let x = c.first(where: { $0.key == key }) else { return ["-", "unavailable", "-"] }
                    return [
                        Fmt.int(x.simulated), Fmt.int(Int64(x.measured)),
                        x.simulated == 0 ? "-" : String(format: "%.2f", x.measured / Double(x.simulated)),
                    ]
                }
                let pt = r.simulated.point.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                    separator: " ")
                let work = r.multiplyAdds
                t.add(
                    [r.simulated.variant, pt.isEmpty ? "-" : pt] + pair("callgrind") + pair("callgrindLL") + [
                        work > 0 ? String(format: "%.2f", Double(r.simulated.accesses) / work) : "-",
                        callgrindAccesses(r).map { work > 0 ? String(format: "%.2f", $0 / work) : "-" }
                            ?? "unavailable",
                    ])
            }
            out +=
                (out.isEmpty ? "" : "\n") + "callgrind (Valgrind's cache simulator on the compiled kernel):\n\n"
                + t.render()
            if let r = m.runs.first, case .unavailable(let why)? = r.measured["callgrind::D1mr"] {
                out += "\ncallgrind unavailable: \(why)\n"
            }
        }
        out += "\nrank agreement (Kendall tau, simulated vs measured across runs):\n"
        for t in m.tau {
            out +=
                "  \(t.level) vs \(t.event): \(t.tau.map { String(format: "%.2f", $0) } ?? "undefined (constant ranking)")\n"
        }
        if m.tau.isEmpty { out += "  none: no measured event was available for every run\n" }
        out += "\nnotes:\n" + m.notes.map { "  - " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    /// PAPI's part of the table.
    static func papiTable(_ m: MeasureResult) -> String {
        var t = TextTable([
            "variant", "point", "sim L1 miss", "meas L1", "ratio", "sim L2 miss", "meas L2", "ratio",
            "sim pages", "pred faults", "faults", "diff", "wall ms",
        ])
        for r in m.runs {
            let c = comparisons(r)
            func pair(_ li: Int) -> [String] {
                let sim =
                    r.simulated.stats.end.levels.count > li
                    ? Fmt.int(r.simulated.stats.end.levels[li].total.misses) : "-"
                guard li < r.simulated.stats.end.levels.count,
                    let x = c.first(where: { $0.level == r.simulated.stats.end.levels[li].config.name })
                else { return [sim, "unavailable", "-"] }
                return [
                    sim, Fmt.int(Int64(x.measured)),
                    x.simulated == 0 ? "-" : String(format: "%.2f", x.measured / Double(x.simulated)),
                ]
            }
            let faults = median(r, "perf::PAGE-FAULTS")
            let pt = r.simulated.point.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            t.add(
                [r.simulated.variant, pt.isEmpty ? "-" : pt] + pair(0) + pair(1) + [
                    Fmt.int(r.simulatedPages), Fmt.int(r.predictedFaults),
                    faults.map { Fmt.int(Int64($0)) } ?? "unavailable",
                    faults.map { String(format: "%+.0f", $0 - Double(r.predictedFaults)) } ?? "-",
                    r.wallSeconds.isEmpty ? "-" : String(format: "%.2f", BenchJob.median(r.wallSeconds) * 1000),
                ])
        }
        var out = "cpu: \(m.vendor) \(m.model); \(m.hardwareCounters) hardware counters; \(m.groups) event group(s)"
        out += m.groups > 1 ? " (the kernel ran once per group; no multiplexing)" : ""
        out += m.pinned ? "; pinned to CPU 0\n\n" : "; not pinned (sched_setaffinity refused)\n\n"
        out += t.render()
        if let r = m.runs.first {
            let missing = r.measured.filter { e in
                if e.key.hasPrefix("callgrind::") { return false }
                if case .unavailable = e.value { return true }
                return false
            }
            if !missing.isEmpty {
                out +=
                    "\nunavailable: "
                    + missing.sorted { $0.key < $1.key }.map { k, v in
                        if case .unavailable(let why) = v { return "\(k) (\(why))" }
                        return k
                    }.joined(separator: ", ") + "\n"
            }
        }
        return out
    }
}
