import LayoutConfig
import Foundation

extension Builder {
    /// m·n·k at a sweep point (shape overridden by the point's size/m/n/k).
    func gemmMNK(_ p: SweepPoint) -> Double? {
        var s = Dictionary(first.shape, uniquingKeysWith: { a, _ in a })
        if let z = p["size"]?.int { s["m"] = z; s["n"] = z; s["k"] = z }
        for k in ["m", "n", "k"] { if let v = p[k]?.int { s[k] = v } }
        guard let m = s["m"], let n = s["n"], let k = s["k"] else { return nil }
        return Double(m) * Double(n) * Double(k)
    }

    func pct(_ a: Double, _ b: Double) -> String { b == 0 ? "∞" : String(format: "%.1fx", a / b) }

    mutating func findingsSection() {
        md += "## Findings\n\n"
        var f: [String] = []
        // Best and worst variant per level at the focus point.
        let at = runsAt(focusPoint)
        let label = focusPoint.isEmpty ? "" : " (at \(ReportInput.pointText(focusPoint)))"
        if at.count > 1 {
            for (li, n) in levelNames.enumerated() {
                let s = at.sorted { $0.levels[li].c.misses < $1.levels[li].c.misses }
                let b = s.first!, w = s.last!
                f.append("\(n)\(label): fewest misses **\(b.variant)** (\(Fmt.int(b.levels[li].c.misses))), most **\(w.variant)** (\(Fmt.int(w.levels[li].c.misses))), \(pct(Double(w.levels[li].c.misses), Double(b.levels[li].c.misses))) as many.")
            }
            let acc = at.sorted { $0.accesses < $1.accesses }
            if acc.first!.accesses != acc.last!.accesses {
                // For GEMM, also in units of MNK (the naive loop makes 4 MNK).
                let mnk = first.kernel == "gemm" ? gemmMNK(at[0].point) : nil
                func amount(_ r: ReportInput.Run) -> String {
                    Fmt.int(r.accesses) + (mnk.map { String(format: " (%.2f MNK)", Double(r.accesses) / $0) } ?? "")
                }
                f.append("Memory accesses\(label): \(acc.map { "\($0.variant) \(amount($0))" }.joined(separator: ", ")); **\(acc.first!.variant)** makes \(pct(Double(acc.last!.accesses), Double(acc.first!.accesses))) fewer than **\(acc.last!.variant)**.")
            }
        }
        // Cliffs along the first sweep axis.
        if let a = axes.first, isNumeric(a) {
            let markers = capacityMarkers(axis: a)
            for m in markers { f.append("The working set reaches \(m.label.replacingOccurrences(of: " (", with: " at ").replacingOccurrences(of: ")", with: "")).") }
            for v in variantNames {
                for (li, n) in levelNames.enumerated() {
                    let pts = runs.filter { r in r.variant == v && axes.dropFirst().allSatisfy { r.point[$0] == focusPoint[$0] } && r.point[a] != nil }
                        .sorted { $0.point[a]! < $1.point[a]! }
                    guard pts.count > 1 else { continue }
                    let jumps = zip(pts, pts.dropFirst()).map { (p: $0, q: $1, d: $1.levels[li].c.missRate - $0.levels[li].c.missRate) }
                    if let j = jumps.max(by: { $0.d < $1.d }), j.d > 0.02 {
                        f.append("\(v): the \(n) miss rate jumps from \(Fmt.percent(j.p.levels[li].c.missRate)) to \(Fmt.percent(j.q.levels[li].c.missRate)) between \(a) = \(j.p.point[a]!) and \(j.q.point[a]!).")
                    }
                }
            }
        }
        // Model against simulation.
        var agree = 0, total = 0
        for r in runs {
            guard let m = r.model?[levelNames[0]], m > 0 else { continue }
            total += 1
            let s = Double(r.levels[0].c.misses), ratio = s / Double(m)
            if abs(ratio - 1) <= 0.05 { agree += 1; continue }
            let c = r.levels[0].c
            let why = !threeC ? "" : "; \(Fmt.int(c.conflict)) of them are conflict misses"
                + (ratio > 1 && Double(c.conflict) > 0.5 * (s - Double(m)) ? ", which a capacity model cannot see" : "")
            f.append("\(r.variant) at \(ReportInput.pointText(r.point)): the model predicts \(Fmt.int(m)) \(levelNames[0]) misses, the simulation counts \(Fmt.int(c.misses)) (\(String(format: "%.2f", ratio))x)\(why).")
        }
        if total > 0 { f.append("The analytical model is within 5% of the simulated \(levelNames[0]) misses for \(agree) of \(total) runs.") }
        // Measured rank agreement.
        for doc in inputs {
            for t in doc.crossCheck?["kendallTau"]?.array ?? [] {
                if let tau = t["tau"]?.double {
                    f.append("Simulated \(t["level"]?.string ?? "?") and measured \(t["event"]?.string ?? "?") rank the runs with Kendall tau \(String(format: "%.2f", tau)).")
                }
            }
        }
        f += blisFindings()
        md += f.isEmpty ? "- Nothing to compare: a single run.\n\n" : f.map { "- " + $0 }.joined(separator: "\n") + "\n\n"
    }
}
