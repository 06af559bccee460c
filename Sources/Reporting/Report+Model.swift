import CacheSim
import Foundation

/// The analytical model beside the simulation: its accuracy stated with every figure.
extension Builder {
    /// Per level: how many predictions fall within 5% of the simulation, the worst few that do
    /// not (and whether conflict misses explain them), and the runs it gives no figure for.
    func modelFindings(_ rs: [ReportInput.Run], source s: Int) -> [String] {
        var f: [String] = []
        let modelled = rs.filter { $0.model != nil }
        guard !modelled.isEmpty else { return [] }
        for l in inputs[s].machine.map(\.name) {
            let lm = esc(l)
            let pairs = modelled.compactMap { r -> (run: ReportInput.Run, model: UInt64, c: LevelCounters)? in
                guard let m = r.model?[l], let c = level(r, l)?.c else { return nil }
                return (r, m, c)
            }
            let missing = modelled.count - pairs.count
            if !pairs.isEmpty {
                func err(_ p: (run: ReportInput.Run, model: UInt64, c: LevelCounters)) -> Double {
                    p.model == 0 ? (p.c.misses == 0 ? 0 : .infinity) : abs(Double(p.c.misses) / Double(p.model) - 1)
                }
                let within = pairs.filter { err($0) <= 0.05 }.count
                let worst = pairs.map(err).max()!
                f.append(
                    "The analytical model predicts \(lm) misses within 5% of the simulation for \(within) of \(pairs.count) runs"
                        + (worst.isFinite ? String(format: " (worst: %.0f%% off)", worst * 100) : "") + ".")
                for p in pairs.filter({ err($0) > 0.05 }).sorted(by: { err($0) > err($1) }).prefix(3) {
                    let s = Double(p.c.misses), m = Double(p.model)
                    var why = ""
                    if threeC(p.run) {
                        why = "; \(Fmt.int(p.c.conflict)) of the simulated misses are conflict misses"
                        if s > m && Double(p.c.conflict) >= 0.5 * (s - m) {
                            why += ", which a capacity model cannot see"
                        }
                    }
                    f.append(
                        "\(name(p.run, source: false)): the model predicts \(Fmt.int(p.model)) \(lm) misses, the simulation counts \(Fmt.int(p.c.misses)) (\(m == 0 ? "∞" : String(format: "%.2fx", s / m)))\(why)."
                    )
                }
            }
            if missing > 0 {
                let notes = Set(modelled.filter { $0.model?[l] == nil }.compactMap(\.modelNote))
                let shown = notes.sorted().prefix(2).map(esc)
                f.append(
                    "The model gives no \(lm) figure for \(missing) run(s)"
                        + (notes.isEmpty
                            ? "."
                            : ": " + shown.joined(separator: "; ")
                                + (notes.count > 2
                                    ? "; and \(notes.count - 2) other reason(s) in the model table's notes." : "."))
                )
            }
        }
        return f
    }

    mutating func modelSection() {
        let modelled = runs.filter { $0.model != nil }
        guard !modelled.isEmpty else { return }
        md +=
            "## Analytical model beside the simulation\n\nThe model predicts misses from working sets and reuse distances (a capacity model: fully associative, no conflicts; see `AnalyticModel` in the sources). Each figure stands beside the simulated count and their ratio; `-` where the model gives no figure. Where the simulation exceeds it, the 3C split says whether the excess is conflict misses\(anyThreeC ? "" : " (not computed in these runs)").\n\n"
        let src = multi ? "source | " : ""
        md +=
            "| \(src)variant | point | "
            + levelNames.map { "\(esc($0)) simulated | \(esc($0)) model | ratio" }.joined(separator: " | ") + " |\n"
        md +=
            "|" + (multi ? "---|" : "") + "---|---|" + levelNames.map { _ in "---:|---:|---:" }.joined(separator: "|")
            + "|\n"
        for r in modelled {
            md +=
                "| " + (multi ? "\(esc(label(r.source))) | " : "")
                + "\(esc(r.variant)) | \(esc(ReportInput.pointText(r.point))) | "
                + levelNames.map { n in
                    guard let s = level(r, n)?.c.misses else { return "- | - | -" }
                    guard let m = r.model?[n] else { return "\(Fmt.int(s)) | - | -" }
                    return
                        "\(Fmt.int(s)) | \(Fmt.int(m)) | \(m == 0 ? "-" : String(format: "%.2f", Double(s) / Double(m)))"
                }.joined(separator: " | ") + " |\n"
        }
        md += "\n"
        let notes = Set(modelled.compactMap(\.modelNote))
        for n in notes.sorted() { md += "- \(esc(n))\n" }
        if !notes.isEmpty { md += "\n" }
    }
}
