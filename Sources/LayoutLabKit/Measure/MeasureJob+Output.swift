import Counters
import LayoutConfig
import Reporting
import SafeIO

extension MeasureJob {
    static func eventJSON(_ r: EventResult) -> JSON {
        switch r {
        case .ok(let median, let min, let max):
            return .object([
                ("status", .string("ok")), ("median", .double(median)), ("min", .int(min)), ("max", .int(max)),
            ])
        case .unavailable(let reason):
            return .object([("status", .string("unavailable")), ("reason", .string(reason))])
        }
    }

    static func median(_ r: MeasuredRun, _ e: String) -> Double? {
        if case .ok(let m, _, _)? = r.measured[e] { return m }
        return nil
    }

    /// Per run: simulated and measured misses per level and their ratio, where measured.
    static func comparisons(_ r: MeasuredRun) -> [(level: String, event: String, simulated: UInt64, measured: Double)] {
        var out: [(level: String, event: String, simulated: UInt64, measured: Double)] = []
        for (li, evs) in levelEvents where li < r.simulated.stats.end.levels.count {
            if let e = evs.first(where: { median(r, $0) != nil }) {
                out.append(
                    (
                        r.simulated.stats.end.levels[li].config.name, e, r.simulated.stats.end.levels[li].total.misses,
                        median(r, e)!
                    ))
            }
        }
        return out
    }

    /// `simulate`'s document, each run with `measured`, `simulatedPages`, `wallSeconds` and
    /// `crossCheck`; plus a top-level `crossCheck` with the rank agreement and vendor notes.
    public static func json(_ spec: ExperimentSpec, _ m: MeasureResult, command: String = "") -> JSON {
        let runs: [JSON] = m.runs.map { r in
            guard case .object(var o) = r.simulated.json else { return .null }
            var measured = r.measured.map { ($0.key, eventJSON($0.value)) }
            if let t = r.time { measured.append(("time", t.json)) }
            o.append(("measured", .object(measured.sorted { $0.0 < $1.0 })))
            o.append(("simulatedPages", .int(Int64(r.simulatedPages))))
            o.append(("predictedFaults", .int(Int64(r.predictedFaults))))
            let w = r.wallSeconds.sorted()
            o.append(
                (
                    "wallSeconds",
                    w.isEmpty
                        ? .null
                        : .object([
                            ("median", .double(BenchJob.median(w))),
                            ("min", .double(w.first!)), ("max", .double(w.last!)),
                        ])
                ))
            var cc: [(String, JSON)] = comparisons(r).map { c in
                (
                    c.level,
                    .object([
                        ("event", .string(c.event)), ("simulated", .uint(c.simulated)),
                        ("measured", .double(c.measured)),
                        ("ratio", c.simulated == 0 ? .null : .double(c.measured / Double(c.simulated))),
                    ])
                )
            }
            for c in callgrindComparisons(r) {
                cc.append(
                    (
                        c.key,
                        .object([
                            ("level", .string(c.level)), ("event", .string(c.event)), ("simulated", .uint(c.simulated)),
                            ("measured", .double(c.measured)),
                            ("ratio", c.simulated == 0 ? .null : .double(c.measured / Double(c.simulated))),
                        ])
                    ))
            }
            if let f = median(r, "perf::PAGE-FAULTS") {
                cc.append(
                    (
                        "pages",
                        .object([
                            ("event", .string("perf::PAGE-FAULTS")), ("simulated", .int(Int64(r.simulatedPages))),
                            ("predicted", .int(Int64(r.predictedFaults))), ("measured", .double(f)),
                            ("difference", .double(f - Double(r.predictedFaults))),
                        ])
                    ))
            }
            o.append(("crossCheck", .object(cc)))
            return .object(o)
        }
        let cross: JSON = .object([
            ("vendor", .string(m.vendor)), ("model", .string(m.model)),
            ("hardwareCounters", .int(Int64(m.hardwareCounters))), ("eventGroups", .int(Int64(m.groups))),
            ("pinned", .bool(m.pinned)),
            (
                "kendallTau",
                .array(
                    m.tau.map { t in
                        .object([
                            ("level", .string(t.level)), ("event", .string(t.event)),
                            ("tau", t.tau.map { .double($0) } ?? .null),
                        ])
                    })
            ),
            ("notes", .array(m.notes.map { .string($0) })),
            ("cpuSource", .string(m.cpuSource)), ("repetitions", .int(Int64(m.repetitions))),
            (
                "simulated",
                .object([
                    ("machine", .string(m.machine.name)), ("from", .string(m.simulatedFrom)),
                    ("experimentMachine", m.experimentMachine.map { .string($0) } ?? .null),
                ])
            ),
            ("nativeKernel", .string(m.kernelBuild)),
        ])
        guard case .object(var doc) = SimulateJob.document(spec, machine: m.machine, runs: runs, command: command)
        else { return .null }
        doc.append(("crossCheck", cross))
        return .object(doc)
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
