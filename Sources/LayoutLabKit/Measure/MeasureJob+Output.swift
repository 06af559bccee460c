import Counters
import LayoutConfig
import Reporting
import ResultsSchema
import SafeIO

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
        var measured = r.measured.map { ($0.key, eventRecord($0.value)) }
        if let t = r.time { measured.append((MeasuredRecord.timeKey, t.record)) }
        o.measured = Fields(measured.sorted { $0.0 < $1.0 }.map { (key: $0.0, value: $0.1) })
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
        cross.cpuSource = m.cpuSource
        cross.repetitions = Int64(m.repetitions)
        var simulated = CrossCheckRecord.Simulated()
        simulated.machine = m.machine.name
        simulated.from = m.simulatedFrom
        simulated.experimentMachine = OrNull(m.experimentMachine)
        cross.simulated = simulated
        cross.nativeKernel = m.kernelBuild
        var doc = SimulateJob.document(spec, machine: m.machine, runs: m.runs.map(record), command: command)
        doc.crossCheck = cross
        return SchemaEncoder.encode(doc)
    }

    /// The terminal table: the CPU, then per run the simulated and measured figures side by side
    /// (PAPI's, then Callgrind's with the accesses per multiply-add of the engine and of the native
    /// kernel), then the wall time.
    public static func table(_ m: MeasureResult) -> String {
        var out = cpuLine(m) + "\n\n" + (m.counters.usesPAPI ? papiTable(m) : "")
        if m.counters.usesCallgrind {
            var t = TextTable([
                "variant", "point", "sim L1 miss", "cg D1 miss", "ratio", "sim LL miss", "cg LL miss", "ratio",
                "engine acc/MAC", "native acc/MAC",
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
                (m.counters.usesPAPI ? "\n" : "")
                + "callgrind (Valgrind's cache simulator, D1 and LL from the simulated machine, on "
                + "\(MeasureText.nativeKernel(build: m.kernelBuild))):\n\n"
                + t.render()
            if let r = m.runs.first, case .unavailable(let why)? = r.measured["callgrind::D1mr"] {
                out += "\ncallgrind unavailable: \(why)\n"
            }
        }
        out += "\n" + timeTable(m)
        out += "\nrank agreement (Kendall tau, simulated vs measured across runs):\n"
        for t in m.tau {
            out +=
                """
                  \(t.level) vs \(t.event): \
                \(t.tau.map { String(format: "%.2f", $0) } ?? "undefined (constant ranking)")\n
                """
        }
        if m.tau.isEmpty { out += "  none: no measured event was available for every run\n" }
        out += "\nnotes:\n" + m.notes.map { "  - " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    /// PAPI's part of the table.
    static func papiTable(_ m: MeasureResult) -> String {
        var t = TextTable([
            "variant", "point", "sim L1 miss", "meas L1", "ratio", "sim L2 miss", "meas L2", "ratio",
            "sim pages", "pred faults", "faults", "diff",
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
                ])
        }
        var out = "PAPI on the host CPU: \(m.hardwareCounters) hardware counters; \(m.groups) event group(s)"
        out += m.groups > 1 ? " (the kernel ran once per group; no multiplexing)" : ""
        out += m.repetitions > 1 ? "; medians over \(m.repetitions) repetitions" : "; one measured run per group"
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

extension MeasureJob {
    /// "cpu: AMD EPYC 9654 (AuthenticAMD), from /proc/cpuinfo": the model once, the vendor where
    /// the model does not name it.
    static func cpuLine(_ m: MeasureResult) -> String {
        var s = "cpu: \(TerminalText.escape(m.model))"
        if m.vendor != m.model && m.vendor != "unknown" && !m.model.contains(m.vendor) {
            s += " (\(TerminalText.escape(m.vendor)))"
        }
        return s + (m.cpuSource == "PAPI" ? ", as PAPI reads it" : ", from \(m.cpuSource)")
    }

    /// The wall time of each native kernel: median and minimum (only the time for one
    /// repetition) and GFLOP/s.
    static func timeTable(_ m: MeasureResult) -> String {
        let many = m.repetitions > 1
        var t = TextTable(["variant", "point"] + (many ? ["median ms", "min ms"] : ["ms"]) + ["GFLOP/s"])
        for r in m.runs {
            guard let time = r.time else { continue }
            let pt = r.simulated.point.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            t.add(
                [r.simulated.variant, pt.isEmpty ? "-" : pt] + [TimeCheck.milliseconds(time.medianSeconds)]
                    + (many ? [TimeCheck.milliseconds(time.minSeconds)] : [])
                    + [time.gflops.map { String(format: "%.3g", $0) } ?? "-"])
        }
        let how = many ? "one warm-up run, then \(m.repetitions) timed runs" : "one warm-up run, then one timed run"
        return "wall time (\(how) of \(MeasureText.nativeKernel(build: m.kernelBuild)), fresh buffers each):\n\n"
            + t.render()
    }

    /// The measured times beside the cost model's (`TimeCheck`), from `doc`, the document of `m`
    /// (its runs carry `cost`, its machine the clock): what `measure` prints, or why there is none.
    public static func timeModelText(_ m: MeasureResult, doc: JSON) -> String {
        guard let input = try? ReportInput.decode(doc, file: "measure"), input.runs.count == m.runs.count else {
            return ""
        }
        guard
            let check = TimeCheck.make(
                zip(input.runs, m.runs).map { ($0.time?.medianSeconds, $0.cost, $1.multiplyAdds) },
                clockGHz: input.clockGHz)
        else {
            let why = input.runs.first?.costNote ?? "the machine gives no clock (core: clock:)"
            return "\nmodel times: none (\(TerminalText.escape(why)))\n"
        }
        var t = TextTable(["variant", "point", "measured ms", "roofline ms", "ECM ms", "meas/roofline", "ECM error"])
        for row in check.rows {
            let r = m.runs[row.index]
            let pt = r.simulated.point.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            t.add([
                r.simulated.variant, pt.isEmpty ? "-" : pt, TimeCheck.milliseconds(row.measured),
                TimeCheck.milliseconds(row.roofline), TimeCheck.milliseconds(row.ecm),
                String(format: "%.2f", row.measured / row.roofline) + (row.belowRoofline ? " BELOW BOUND" : ""),
                String(format: "%+.0f%%", row.ecmError * 100),
            ])
        }
        var out =
            "\nmeasured time beside the cost model (\(TerminalText.escape(m.machine.name))'s clock):\n\n" + t.render()
        let below = check.rows.filter(\.belowRoofline).count
        out +=
            below == 0
            ? "the roofline bound holds for every run\n"
            : "\(below) run(s) measured below the roofline's lower bound: "
                + "the model's parameters are wrong for this host\n"
        out +=
            "ECM vs measured: Kendall tau-b \(check.tau.map { String(format: "%.2f", $0) } ?? "undefined") "
            + "(measured times within 1% count as ties)\n"
        return out
    }
}
