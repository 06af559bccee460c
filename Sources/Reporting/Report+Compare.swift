import CacheSim
import Foundation
import ResultsSchema

/// Comparisons across documents, like with like: each document's best point of each variant
/// (not one point chosen for all), each machine's overall best side by side, and between them
/// what is comparable where hierarchies differ: the modelled time and the traffic that reaches
/// memory (bytes in and out of each machine's last level). Misses of a level are shown per
/// level name for reference, "-" where a machine lacks the level; they are never what decides.
extension Builder {
    /// Document `s`'s last data level (what talks to memory).
    func lastLevel(_ s: Int) -> String? { inputs[s].machine.last { $0.inclusion != "instruction side" }?.name }

    /// Bytes between a run's last level and memory (read from it and written to it).
    func memoryBytes(_ r: ReportInput.Run) -> Double? {
        lastLevel(r.source).flatMap { level(r, $0) }.map { Double($0.c.bytesRead) + Double($0.c.bytesWritten) }
    }

    /// What reaches memory for each of `rs`, as compared across documents: the bytes in and out
    /// of the last level, or, for documents that record no bytes (every run 0 bytes with misses
    /// at the last level), those misses. (what, unit, value per run) or nil without a last level.
    func memoryFigures(_ rs: [ReportInput.Run]) -> (what: String, unit: String, values: [Double])? {
        let bytes = rs.compactMap(memoryBytes)
        guard bytes.count == rs.count else { return nil }
        let misses = rs.compactMap { r in lastLevel(r.source).flatMap { level(r, $0) }.map { Double($0.c.misses) } }
        if bytes.allSatisfy({ $0 == 0 }) && misses.contains(where: { $0 > 0 }) {
            return ("misses reaching memory (at the last level)", "misses", misses)
        }
        return ("memory traffic", "bytes", bytes)
    }

    /// The best of one document's runs: the lowest ECM time where every run has one, else the
    /// least memory traffic (then the fewest misses at the last level); ties go to the first.
    func best(_ rs: [ReportInput.Run]) -> ReportInput.Run? {
        if rs.allSatisfy({ $0.cost != nil }) { return rs.min { $0.cost!.ecm < $1.cost!.ecm } }
        func key(_ r: ReportInput.Run) -> (Double, Double) {
            (memoryBytes(r) ?? .infinity, lastLevel(r.source).flatMap { level(r, $0) }.map { Double($0.c.misses) } ?? 0)
        }
        return rs.min { key($0) < key($1) }
    }

    /// The runs to compare: per size group (problems of different sizes are not rivals) and
    /// per variant the documents have in common, each document's best run; then each
    /// document's overall best (variant nil), each with its size group's phrase (" at size = 256").
    func comparisons() -> [(variant: String?, phrase: String, runs: [ReportInput.Run])] {
        var out: [(variant: String?, phrase: String, runs: [ReportInput.Run])] = []
        var phrases: [String] = []
        var bySource: [[(String, [ReportInput.Run])]] = []
        for s in inputs.indices where inputs[s].kind != .replay {
            let groups = sizeGroups(runs.filter { $0.source == s }, source: s).1
            bySource.append(groups)
            for (p, _) in groups where !phrases.contains(p) { phrases.append(p) }
        }
        for p in phrases {
            let groups = bySource.compactMap { $0.first { $0.0 == p }?.1 }
            guard groups.count > 1 else { continue }
            for v in variantNames {
                let bests = groups.compactMap { g in best(g.filter { $0.variant == v }) }
                if bests.count > 1 { out.append((v, p, bests)) }
            }
            out.append((nil, p, groups.compactMap { best($0) }))
        }
        return out
    }

    /// "3.2x as much on B" / "about equal" of figures per document (the largest against the smallest).
    func spread(_ vals: [(source: Int, v: Double)], _ what: String) -> String {
        guard let lo = vals.min(by: { $0.v < $1.v }), let hi = vals.max(by: { $0.v < $1.v }) else { return "" }
        if aboutEqual(hi.v, lo.v) { return "about equal" }
        return lo.v == 0
            ? "none on \(esc(label(lo.source)))"
            : "\(ratio(hi.v, lo.v)) \(what) on \(esc(label(hi.source))) as on \(esc(label(lo.source)))"
    }

    /// One sentence per comparison: where each document's best is, its memory traffic and its
    /// modelled time, and how they compare. Replays are compared by name elsewhere.
    func crossSourceFindings() -> [String] {
        guard inputs.contains(where: { $0.kind != .replay }) else { return [] }
        let cs = comparisons()
        if cs.isEmpty { return ["The documents share no variant, so no run is compared across them."] }
        return cs.map { c in
            let at = c.runs.map { r in
                [c.variant == nil ? "**\(esc(r.variant))**" : nil, where_(r), "on \(esc(label(r.source)))"]
                    .compactMap { $0 }.joined(separator: " ")
            }
            var head: String
            if let v = c.variant {
                head = "**\(esc(v))**\(c.phrase)"
                if c.runs.contains(where: { !$0.point.isEmpty }) { head += ", each document at its best: " + list(at) }
            } else {
                head = "Each document's best run\(c.phrase): " + list(at)
            }
            var details: [String] = []
            if let m = memoryFigures(c.runs) {
                let unit = m.unit == "bytes" ? " bytes" : ""
                let each = zip(c.runs, m.values).map { r, v in "\(Fmt.whole(v))\(unit) on \(esc(label(r.source)))" }
                let vals = zip(c.runs, m.values).map { (source: $0.source, v: $1) }
                details.append(
                    "\(m.what) " + list(each) + " (\(spread(vals, m.unit == "bytes" ? "as much" : "as many")))")
            }
            let costs = c.runs.compactMap { r in r.cost.map { (source: r.source, v: $0.ecm) } }
            if costs.count == c.runs.count, let unit = c.runs[0].cost?.unit {
                let each = c.runs.map { r in "\(figure(r.cost!.ecm)) cycles per \(esc(unit)) on \(esc(label(r.source)))"
                }
                details.append("ECM " + list(each) + " (\(spread(costs, "as long")))")
            } else {
                details.append(
                    "no modelled time on " + list(c.runs.filter { $0.cost == nil }.map { esc(label($0.source)) }))
            }
            return head + (head.contains(": ") ? "; " : ": ")
                + details.joined(separator: "; ") + "."
        }
    }

    /// "at tile = 48", or "at every point" for a run the sweep's axes do not change (every
    /// other run of its variant in its document a copy of it); nil without a point.
    func where_(_ r: ReportInput.Run) -> String? {
        guard !r.point.isEmpty else { return nil }
        let mine = runs.filter { $0.source == r.source && $0.variant == r.variant }
        let index = inputs[r.source].runs.firstIndex { $0.variant == r.variant && $0.point == r.point }
        if mine.count > 1, mine.allSatisfy({ $0.point == r.point || ($0.sameAs != nil && $0.sameAs == index) }) {
            return "at every point (one run)"
        }
        return "at \(escPoint(r.point))"
    }

    /// `## Across documents`: per comparison a table, one column per document (its best run),
    /// one row per level name (misses; "-" where that machine has no such level), then the
    /// memory traffic and the modelled times, the rows that compare across hierarchies.
    mutating func compareSection() {
        guard multi else { return }
        let cs = comparisons()
        guard !cs.isEmpty else { return }
        md += "## Across documents\n\n"
        md +=
            "Each document at its own best point (lowest ECM time, else least memory traffic). Machines with different "
            + "hierarchies are compared by the traffic that reaches memory (bytes in and out of their last level) and "
                + """
                by the modelled time; misses per level name are for reference, `-` where a machine has no such \
                level.\n\n
                """
        for c in cs {
            md += "### \(c.variant.map(esc) ?? "Each document's best run")\(c.phrase)\n\n| | "
            md +=
                c.runs.map { r in
                    esc(label(r.source)) + ": **\(esc(r.variant))**" + (where_(r).map { " " + $0 } ?? "")
                }.joined(separator: " | ") + " | compared |\n"
            md += "|---|" + c.runs.map { _ in "---:|" }.joined() + "---|\n"
            for l in levelNames {
                md += "| \(esc(l)) misses | "
                md += c.runs.map { r in level(r, l).map { Fmt.int($0.c.misses) } ?? "-" }.joined(separator: " | ")
                md += " | - |\n"
            }
            if let m = memoryFigures(c.runs) {
                md += "| \(m.what), \(m.unit) | "
                md += zip(c.runs, m.values).map { r, v in "\(Fmt.whole(v)) (\(esc(lastLevel(r.source) ?? "?")))" }
                    .joined(separator: " | ")
                let vals = zip(c.runs, m.values).map { (source: $0.source, v: $1) }
                md += " | \(spread(vals, m.unit == "bytes" ? "as much" : "as many")) |\n"
            }
            let unit = c.runs.compactMap { $0.cost?.unit }.first.map(esc) ?? "unit"
            for (name, f) in [("ECM", { (x: ReportInput.RunCost) in x.ecm }), ("roofline", { $0.roofline })] {
                let vals = c.runs.compactMap { r in r.cost.map { (source: r.source, v: f($0)) } }
                md += "| \(name) cycles per \(unit) | "
                md += c.runs.map { r in r.cost.map { figure(f($0)) } ?? "-" }.joined(separator: " | ")
                let none = list(c.runs.filter { $0.cost == nil }.map { esc(label($0.source)) })
                md += " | \(vals.count == c.runs.count ? spread(vals, "as long") : "no modelled time on \(none)") |\n"
            }
            md += "\n"
        }
    }
}
