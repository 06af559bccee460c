import Counters
import LayoutConfig
import Reporting

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
            o.append(("measured", .object(r.measured.sorted { $0.key < $1.key }.map { ($0.key, eventJSON($0.value)) })))
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
        ])
        guard case .object(var doc) = SimulateJob.document(spec, machine: m.machine, runs: runs, command: command)
        else { return .null }
        doc.append(("crossCheck", cross))
        return .object(doc)
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
