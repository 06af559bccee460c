import Foundation
import ResultsSchema

/// The measured part of a report (`measure` documents): what ran (the CPU, the geometry that was
/// simulated, the native kernel), then one part per source, each headed with it: PAPI on the
/// host CPU, Valgrind's cache simulator with its D1 and LL, and wall time beside the cost model.
extension Builder {
    mutating func measuredSection() {
        let measured = runs.filter { !$0.measured.isEmpty || $0.time != nil }
        guard !measured.isEmpty else { return }
        md += "## Measured on this host\n\n"
        measuredAbout()
        papiPart(measured)
        callgrindPart(measured)
        timePart(measured)
        agreementPart()
    }

    /// The CPU line (once, however many documents name the same CPU), the simulated geometry
    /// and the code that ran.
    mutating func measuredAbout() {
        var lines: [String] = []
        for (i, doc) in inputs.enumerated() where doc.runs.contains(where: { !$0.measured.isEmpty || $0.time != nil }) {
            let cc = doc.crossCheck
            if let line = cpuLine(cc, usedPAPI: doc.runs.contains { r in r.measured.contains { isPAPI($0.event) } }) {
                lines.append(line)
            }
            if let s = cc?["simulated"], let name = s["machine"]?.string, let from = s["from"]?.string {
                let geometry = MeasureText.geometry(
                    doc.machine.filter { $0.inclusion != "instruction side" }.map {
                        ($0.name, $0.size, $0.ways, $0.line)
                    })
                let sentence = MeasureText.simulated(
                    machine: name, from: from, experimentMachine: s["experimentMachine"]?.string, geometry: geometry)
                let capital = sentence.prefix(1).uppercased() + sentence.dropFirst()
                lines.append("- " + (multi ? "\(esc(label(i))): " : "") + esc(capital) + ".")
            }
            lines.append(
                "- Measured code: \(esc(MeasureText.nativeKernel(build: cc?["nativeKernel"]?.string))) of each "
                    + "variant: the engine's loops with a no-op sink, on fresh zero-filled buffers.")
        }
        var seen: Set<String> = []
        for l in lines where seen.insert(l).inserted { md += l + "\n" }
        md += "\n"
    }

    /// "- CPU: MODEL (VENDOR), as PAPI reads it; ...": the model once, the vendor only where the
    /// model does not already name it.
    func cpuLine(_ cc: JSON?, usedPAPI: Bool) -> String? {
        guard let cc, let vendor = cc["vendor"]?.string else { return nil }
        let model = cc["model"]?.string ?? ""
        var s = "- CPU: " + esc(model.isEmpty ? vendor : model)
        if !model.isEmpty && vendor != model && vendor != "unknown" && !model.contains(vendor) {
            s += " (\(esc(vendor)))"
        }
        switch cc["cpuSource"]?.string {
        case "PAPI"?: s += ", as PAPI reads it"
        case let src?: s += ", from \(esc(src))"
        case nil: break
        }
        if usedPAPI {
            s += "; PAPI event groups: \(cc["eventGroups"]?.uint64 ?? 0)"
            s += cc["pinned"] == .bool(true) ? "; pinned to CPU 0" : ""
        }
        return s
    }

    /// PAPI's events: everything measured that is neither Callgrind's nor the wall time.
    func isPAPI(_ event: String) -> Bool { !event.hasPrefix("callgrind::") }

    /// The repetitions the documents state (`crossCheck.repetitions`), nil when one does not.
    var statedRepetitions: Int? {
        let reps = inputs.filter { $0.kind == .measure }.map { $0.crossCheck?["repetitions"]?.uint64 }
        guard !reps.isEmpty, reps.allSatisfy({ $0 != nil }) else { return nil }
        return Int(clamping: reps.compactMap { $0 }.max() ?? 0)
    }

    /// A table of `events` per run (`unavailable` with the reasons below it), and the predicted
    /// page faults where `faults` is set.
    mutating func eventTable(_ rs: [ReportInput.Run], _ events: [String], faults: Bool) {
        md +=
            "| \(headCols)" + events.map { esc($0) }.joined(separator: " | ") + (faults ? " | predicted faults" : "")
            + " |\n" + headRule + events.map { _ in "---:" }.joined(separator: "|") + (faults ? "|---:" : "") + "|\n"
        var reasons: [String: String] = [:]
        for r in rs {
            md +=
                rowHead(r)
                + events.map { e in
                    guard let m = r.measured.first(where: { $0.event == e }) else { return "-" }
                    if let v = m.median { return Fmt.whole(v) }
                    reasons[e] = m.reason ?? "?"
                    return "unavailable"
                }.joined(separator: " | ")
                + (faults ? " | \(r.predictedFaults.map { Fmt.int($0) } ?? "-")" : "") + " |\n"
        }
        md += "\n"
        for (e, why) in reasons.sorted(by: { $0.key < $1.key }) {
            md += "- \(MarkdownText.code(e)) unavailable: \(esc(why))\n"
        }
        if !reasons.isEmpty { md += "\n" }
    }

    mutating func papiPart(_ measured: [ReportInput.Run]) {
        let events = Array(Set(measured.flatMap { $0.measured.map(\.event) }.filter(isPAPI))).sorted()
        guard !events.isEmpty else { return }
        md += "### PAPI on the host CPU\n\n"
        switch statedRepetitions {
        case 1?: md += "One measured run per event group, after a warm-up run"
        case let n?: md += "Medians over \(n) repetitions per event group, after a warm-up run"
        case nil: md += "Medians over the repetitions"
        }
        md +=
            "; each run on fresh buffers, the counters around the kernel only. `unavailable` events could not be "
            + "counted on the machine that ran `measure` (PAPI's reason below).\n\n"
        eventTable(measured.filter { r in r.measured.contains { isPAPI($0.event) } }, events, faults: true)
    }

    mutating func callgrindPart(_ measured: [ReportInput.Run]) {
        let rs = measured.filter { r in r.measured.contains { !isPAPI($0.event) } }
        let events = Array(Set(rs.flatMap { $0.measured.map(\.event) }.filter { !isPAPI($0) })).sorted()
        guard !events.isEmpty else { return }
        // Callgrind's D1 and LL are the machine's first and last data level.
        let geometries = Set(
            Set(rs.map(\.source)).map { s -> String in
                let data = inputs[s].machine.filter { $0.inclusion != "instruction side" }
                guard let d1 = data.first, let ll = data.last else { return "" }
                return "D1 " + MeasureText.level(size: d1.size, ways: d1.ways, line: d1.line) + ", LL "
                    + MeasureText.level(size: ll.size, ways: ll.ways, line: ll.line)
            })
        md += "### Valgrind's cache simulator" + (geometries.count == 1 ? " (\(geometries.first!))" : "") + "\n\n"
        let build = Set(Set(rs.map(\.source)).map { inputs[$0].crossCheck?["nativeKernel"]?.string })
        md +=
            "One run of \(esc(MeasureText.nativeKernel(build: build.count == 1 ? build.first! : nil))) per variant "
            + "under `valgrind --tool=callgrind --cache-sim=yes`, only the kernel collected (one run each), "
            + "D1 and LL set to the simulated machine's first and last level. Valgrind models LRU, write-allocate "
            + "caches with no prefetcher.\n\n"
        eventTable(rs, events, faults: false)
    }
}
