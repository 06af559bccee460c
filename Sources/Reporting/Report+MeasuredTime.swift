import Foundation

/// The wall-time part of a measure report: each native kernel's measured time and GFLOP/s, and
/// with the cost model the roofline and ECM times beside it (`TimeCheck`); a measured time below
/// the roofline's lower bound is flagged as a defect of the model's parameters.
extension Builder {
    /// Per document (each has its own clock): the time check of its runs in `rs`, each row's
    /// `index` turned into the run's position in `rs`.
    func timeChecks(_ rs: [ReportInput.Run]) -> [Int: TimeCheck] {
        var out: [Int: TimeCheck] = [:]
        for s in Set(rs.map(\.source)) {
            let positions = rs.indices.filter { rs[$0].source == s }
            guard
                var check = TimeCheck.make(
                    positions.map { (rs[$0].time?.medianSeconds, rs[$0].cost, work(rs[$0])?.value) },
                    clockGHz: inputs[s].clockGHz)
            else { continue }
            for i in check.rows.indices { check.rows[i].index = positions[check.rows[i].index] }
            out[s] = check
        }
        return out
    }

    mutating func timePart(_ measured: [ReportInput.Run]) {
        let rs = measured.filter { $0.time != nil }
        guard !rs.isEmpty else { return }
        let reps = rs.compactMap { $0.time?.repetitions }
        let many = (reps.max() ?? 1) > 1
        md += "### Wall time\n\n"
        md +=
            many
            ? "One warm-up run, then \(Set(reps).count == 1 ? "\(reps[0])" : "the") timed runs of each native kernel: "
                + "median and minimum"
            : "One warm-up run, then one timed run of each native kernel"
        md +=
            ", each on fresh zero-filled buffers, only the kernel timed (its first-touch page faults included, as "
            + "the simulation starts cold); GFLOP/s at \(many ? "the median" : "that time"), 2 flops per multiply-add."
        let checks = timeChecks(rs)
        if !checks.isEmpty {
            md +=
                " The roofline and ECM times are the cost model's cycles converted with the clock of the machine "
                + "the run was simulated on; the roofline time is a lower bound, so a measured time below it "
                + "is a defect of the model's parameters for this host."
        }
        md += "\n\n"
        let model = checks.isEmpty ? "" : " roofline ms | ECM ms | measured / roofline | ECM error |"
        md +=
            "| \(headCols)\(many ? "median ms | min ms" : "ms") | GFLOP/s |\(model)\n" + headRule
            + (many ? "---:|---:|" : "---:|") + "---:|" + (checks.isEmpty ? "" : "---:|---:|---:|---:|") + "\n"
        for (i, r) in rs.enumerated() {
            guard let t = r.time else { continue }
            md += rowHead(r) + TimeCheck.milliseconds(t.medianSeconds) + " | "
            md += many ? TimeCheck.milliseconds(t.minSeconds) + " | " : ""
            md += (t.gflops.map { String(format: "%.3g", $0) } ?? "-") + " |"
            if !checks.isEmpty {
                if let row = checks[r.source]?.rows.first(where: { $0.index == i }) {
                    md +=
                        " \(TimeCheck.milliseconds(row.roofline)) | \(TimeCheck.milliseconds(row.ecm)) | "
                        + String(format: "%.2f", row.measured / row.roofline)
                        + (row.belowRoofline ? " **below the bound**" : "") + " | "
                        + String(format: "%+.0f%%", row.ecmError * 100) + " |"
                } else {
                    md += " - | - | - | - |"
                }
            }
            md += "\n"
        }
        md += "\n"
        timeFindings(rs, checks)
    }

    /// The bound (per run below it, or that it holds for all), ECM's error range and its rank
    /// agreement per document, and why a document has no model times.
    mutating func timeFindings(_ rs: [ReportInput.Run], _ checks: [Int: TimeCheck]) {
        for s in Set(rs.map(\.source)).sorted() {
            let at = multi ? " (\(esc(label(s))))" : ""
            guard let check = checks[s] else {
                let reason =
                    inputs[s].clockGHz == nil
                    ? "the machine gives no clock (`core: clock:`)"
                    : rs.first { $0.source == s && $0.costNote != nil }?.costNote.map(esc)
                        ?? "the runs have no cost"
                md += "- No model times\(at): \(reason).\n"
                continue
            }
            let rows = check.rows
            let below = rows.filter(\.belowRoofline)
            for row in below {
                md +=
                    "- \(name(rs[row.index])): measured \(TimeCheck.milliseconds(row.measured)) ms is below the "
                    + "roofline's lower bound \(TimeCheck.milliseconds(row.roofline)) ms (bound: \(esc(row.bound))): "
                    + "a defect of the model's parameters for this host (a peak, a bandwidth or the clock too low, "
                    + "or a machine file that is not this host's).\n"
            }
            if below.isEmpty {
                md +=
                    "- The roofline bound holds\(at): every measured time is at or above it "
                    + "(\(rows.count) of \(rows.count) runs).\n"
            }
            let errors = rows.map { $0.ecmError * 100 }
            let tau = check.tau.map { String(format: "%.2f", $0) } ?? "undefined (fewer than two ordered runs)"
            md +=
                "- ECM against the measured times\(at): error (ECM - measured) / measured from "
                + String(format: "%+.0f%% to %+.0f%%", errors.min() ?? 0, errors.max() ?? 0)
                + "; rank agreement Kendall tau-b **\(tau)** over \(rows.count) run(s), measured times within 1% "
                + "of each other counting as ties.\n"
        }
        md += "\n"
    }

    /// The documents' rank agreement of simulated and measured counts, and their notes.
    mutating func agreementPart() {
        var lines: [String] = []
        for doc in inputs {
            guard let cc = doc.crossCheck else { continue }
            for t in cc["kendallTau"]?.array ?? [] {
                let tau = t["tau"]?.double.map { String(format: "%.2f", $0) } ?? "undefined"
                lines.append(
                    "- Rank agreement (Kendall tau) of simulated \(esc(t["level"]?.string ?? "?")) against "
                        + "\(esc(t["event"]?.string ?? "?")): **\(tau)**")
            }
            for n in cc["notes"]?.array ?? [] { lines.append("- \(esc(n.string ?? ""))") }
        }
        guard !lines.isEmpty else { return }
        md += "### Agreement and notes\n\n"
        var seen: Set<String> = []
        for l in lines where seen.insert(l).inserted { md += l + "\n" }
        md += "\n"
    }
}
