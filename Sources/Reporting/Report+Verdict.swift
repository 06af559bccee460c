import CacheSim
import Foundation
import ResultsSchema

/// `## Verdict`, the report's first section: per machine (and per problem size, where the sweep
/// changes the size), the variant and point the cost model ranks fastest, what bounds it, the
/// runner-up and by how much, and whether the roofline agrees. Without the machine figures the
/// model needs, it says which are missing and falls back to the misses at the last level.
extension Builder {
    mutating func verdictSection() {
        var lines: [String] = []
        for s in inputs.indices where inputs[s].kind != .replay {
            let rs = runs.filter { $0.source == s }
            let (sizeAxes, groups) = sizeGroups(rs, source: s)
            for (phrase, group) in groups {
                // A copy (`sameAs`) is its run again, not a rival: ranked once.
                let distinct = group.filter { $0.sameAs == nil }
                lines.append("On \(esc(label(s)))\(phrase): " + verdict(distinct, source: s, hiding: sizeAxes))
                if let m = measuredVerdict(distinct, source: s, hiding: sizeAxes) {
                    lines.append("Measured on the host\(phrase): " + m)
                }
            }
        }
        guard !lines.isEmpty else { return }
        md += "## Verdict\n\n" + lines.map { "- " + $0 }.joined(separator: "\n") + "\n\n"
    }

    /// The runs split by the sweep's size axes (problems of different sizes are not rivals),
    /// each group with its phrase (" at size = 256"), or all runs in one group.
    func sizeGroups(_ rs: [ReportInput.Run], source s: Int) -> (Set<String>, [(String, [ReportInput.Run])]) {
        let shapeKeys = Set(inputs[s].shape.map(\.0) + ["size"])
        let sizeAxes = axes.filter { shapeKeys.contains($0) }
        guard !sizeAxes.isEmpty else { return ([], [("", rs)]) }
        var groups: [(String, [ReportInput.Run])] = []
        for r in rs {
            let phrase =
                " at " + esc(sizeAxes.compactMap { a in r.point[a].map { "\(a) = \($0)" } }.joined(separator: ", "))
            if let i = groups.firstIndex(where: { $0.0 == phrase }) {
                groups[i].1.append(r)
            } else {
                groups.append((phrase, [r]))
            }
        }
        return (Set(sizeAxes), groups)
    }

    /// A run's name within its size group: the variant and the point's other axes.
    func short(_ r: ReportInput.Run, hiding sizeAxes: Set<String>) -> String {
        let rest = r.point.filter { !sizeAxes.contains($0.key) }
        if sizeAxes.isEmpty, let w = where_(r), w.hasPrefix("at every point") { return "**\(esc(r.variant))** \(w)" }
        return "**\(esc(r.variant))**" + (rest.isEmpty ? "" : " at \(escPoint(rest))")
    }

    /// One machine's (or size's) verdict sentence.
    func verdict(_ rs: [ReportInput.Run], source s: Int, hiding sizeAxes: Set<String>) -> String {
        func name(_ r: ReportInput.Run, source: Bool) -> String { short(r, hiding: sizeAxes) }
        let costed = rs.compactMap { r in r.cost.map { (run: r, cost: $0) } }
        guard costed.count == rs.count, let unit = costed.first.map({ esc($0.cost.unit) }) else {
            return missesVerdict(rs, source: s, hiding: sizeAxes)
        }
        let ranked = costed.sorted { $0.cost.ecm < $1.cost.ecm }
        let best = ranked[0]
        let tied = ranked.filter { $0.cost.ecm == best.cost.ecm }
        let who =
            tied.count == 1
            ? "\(name(best.run, source: false)) is fastest by the model"
            : "\(list(tied.map { name($0.run, source: false) })) tie as fastest by the model"
        var out =
            who
            + String(
                format: " (ECM %@ cycles per %@, %@ GFLOP/s, %@)", figure(best.cost.ecm), unit,
                figure(best.cost.ecmGflops), boundPhrase(best.cost))
        if let next = ranked.first(where: { $0.cost.ecm > best.cost.ecm }) {
            let r = next.cost.ecm / best.cost.ecm
            out +=
                "; runner-up \(name(next.run, source: false)), "
                + (r < 1.05
                    ? "about equal (\(String(format: "%.2f", r))x)" : "\(ratio(next.cost.ecm, best.cost.ecm)) slower")
        } else if tied.count == 1 {
            out += "; it is the only run"
        }
        let roofBest = costed.map(\.cost.roofline).min() ?? 0
        let roofFirst = costed.filter { $0.cost.roofline == roofBest }
        if roofFirst.contains(where: { t in
            tied.contains { $0.run.variant == t.run.variant && $0.run.point == t.run.point }
        }) {
            out += "; the roofline agrees"
        } else if let r = roofFirst.first {
            out +=
                """
                ; the roofline ranks \(name(r.run, source: false)) first (\(figure(r.cost.roofline)) cycles per \
                \(unit), 
                """
                + "bound by \(esc(r.cost.rooflineBound)))"
        }
        return out + "."
    }

    /// What bounds an ECM time: the arithmetic when it exceeds the rest, else the largest of the
    /// load and store instructions and the transfers, with its share of the time.
    func boundPhrase(_ c: ReportInput.RunCost) -> String {
        let terms =
            [("load and store instructions", c.nonOverlap)]
            + c.boundaries.dropFirst().map { ("\(esc($0.name)) transfers", $0.cycles) }
        let serial = terms.reduce(0) { $0 + $1.1 }
        if c.overlap >= serial { return "bound by the arithmetic" }
        let top = terms.max { $0.1 < $1.1 }!
        return String(format: "bound by %@: %.0f%% of the time", top.0, c.ecm > 0 ? top.1 / c.ecm * 100 : 0)
    }

    /// Without modelled times: the note naming what is missing, and the runs ranked by their
    /// misses at the last level (what reaches memory).
    func missesVerdict(_ rs: [ReportInput.Run], source s: Int, hiding sizeAxes: Set<String>) -> String {
        func name(_ r: ReportInput.Run, source: Bool) -> String { short(r, hiding: sizeAxes) }
        let note = rs.compactMap(\.costNote).first ?? "the document has no modelled times"
        guard let last = inputs[s].machine.last(where: { $0.inclusion != "instruction side" })?.name else {
            return esc(note) + "."
        }
        let counted = rs.compactMap { r in level(r, last).map { (run: r, misses: $0.c.misses) } }.sorted {
            $0.misses < $1.misses
        }
        guard let best = counted.first else { return esc(note) + "." }
        var out = "no modelled time (\(esc(note))); by misses at \(esc(last)), the last level, "
        let tied = counted.filter { $0.misses == best.misses }
        if tied.count == counted.count {
            return out
                + (counted.count == 1
                    ? "\(name(best.run, source: false)) makes \(Fmt.int(best.misses))."
                    : "all \(counted.count) runs make \(Fmt.int(best.misses)): the counts do not decide.")
        }
        out +=
            tied.count == 1
            ? "\(name(best.run, source: false)) has the fewest (\(Fmt.int(best.misses)))"
            : "\(list(tied.map { name($0.run, source: false) })) have the fewest (\(Fmt.int(best.misses)) each)"
        if let next = counted.first(where: { $0.misses > best.misses }) {
            let r = Double(next.misses) / max(Double(best.misses), 1)
            out +=
                "; runner-up \(name(next.run, source: false)) (\(Fmt.int(next.misses)), "
                + (best.misses > 0 && r < 1.05
                    ? "about equal)"
                    : (best.misses == 0 ? "against none)" : "\(ratio(Double(next.misses), Double(best.misses))))"))
        }
        return out + "."
    }

    /// Three significant digits.
    func figure(_ v: Double) -> String { String(format: "%.3g", v) }
}
