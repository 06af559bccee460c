import Foundation

/// The measured line of a verdict: where every run of a group has a measured wall time (a
/// `measure` document), which native kernel was fastest on the host, whether the cost model's
/// pick is that kernel, and how far the model's ECM times were from the measured ones, so that
/// no model figure stands in the verdict without its accuracy.
extension Builder {
    /// Runs whose medians are within 1% of the fastest tie with it, as in the rank agreement
    /// (`KendallTau.withinOnePercent`).
    static let measuredTie = 1.01

    /// "**ikj** is fastest (median 0.784 ms, 18 GFLOP/s); the model's pick, tiled-32, took 1.6x as
    /// long; the ECM times were off by -61% to +212% over these 5 runs.", or nil when some run of
    /// `rs` has no measured time. The caller puts "Measured on the host" (and the size) before it.
    func measuredVerdict(_ rs: [ReportInput.Run], source s: Int, hiding sizeAxes: Set<String>) -> String? {
        let timed = rs.compactMap { r in r.time.map { (run: r, median: $0.medianSeconds, gflops: $0.gflops) } }
        guard !timed.isEmpty, timed.count == rs.count else { return nil }
        let ranked = timed.sorted { $0.median < $1.median }
        let best = ranked[0]
        let tied = ranked.filter { $0.median <= best.median * Self.measuredTie }
        var out =
            (tied.count == 1
                ? "\(short(best.run, hiding: sizeAxes)) is fastest"
                : "\(list(tied.map { short($0.run, hiding: sizeAxes) })) tie as fastest (times within 1%)")
        // "median" only where there are several timed runs to take it of.
        let median = best.run.time.map { $0.repetitions > 1 } == true ? "median " : ""
        out +=
            " (\(median)"
            + "\(TimeCheck.milliseconds(best.median)) ms"
            + (best.gflops.map { String(format: ", %.3g GFLOP/s", $0) } ?? "") + ")"
        let costed = rs.compactMap { r in r.cost.map { (run: r, ecm: $0.ecm) } }
        guard costed.count == rs.count, let least = costed.map(\.ecm).min() else { return out + "." }
        let picks = costed.filter { $0.ecm == least }.map(\.run)
        func isTied(_ r: ReportInput.Run) -> Bool {
            tied.contains { $0.run.variant == r.variant && $0.run.point == r.point }
        }
        if picks.contains(where: isTied) {
            out += "; the model's pick agrees"
        } else if let pick = picks.first,
            let t = timed.first(where: { $0.run.variant == pick.variant && $0.run.point == pick.point })
        {
            // Plain, not bold: the line's one bold name is the measured winner.
            let plain = short(pick, hiding: sizeAxes).replacingOccurrences(of: "**", with: "")
            out += "; the model's pick, \(plain), took \(ratio(t.median, best.median)) as long"
        }
        if let check = TimeCheck.make(
            rs.map { ($0.time?.medianSeconds, $0.cost, work($0)?.value) }, clockGHz: inputs[s].clockGHz),
            let lo = check.rows.map(\.ecmError).min(), let hi = check.rows.map(\.ecmError).max()
        {
            out += String(
                format: "; the ECM times were off by %+.0f%% to %+.0f%% over these %d runs", lo * 100, hi * 100,
                check.rows.count)
        }
        return out + "."
    }
}
