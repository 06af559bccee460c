import CacheSim
import Foundation
import ResultsSchema

/// Verdicts on an experiment's `claim:` entries, computed from the counts.
extension Builder {
    /// The claimed quantity for run `r` (nil where it cannot be computed), with the accesses of
    /// regions in `drop` left out (to test a counting convention).
    func claimValue(_ c: Claim, _ r: ReportInput.Run, in rs: [ReportInput.Run], drop: Adjustment? = nil) -> Double? {
        func accesses(_ x: ReportInput.Run) -> Double {
            var a = Double(x.accesses)
            if let d = drop, let reg = x.levels.first?.regions.first(where: { $0.name == d.region })?.c {
                a -= Double((d.loads ? reg.loads : 0) + (d.stores ? reg.stores : 0))
            }
            return a
        }
        func misses(_ x: ReportInput.Run) -> Double? { c.level.flatMap { level(x, $0) }.map { Double($0.c.misses) } }
        let base = c.baseline.flatMap { b in rs.first { $0.variant == b && $0.point == r.point } }
        switch c.metric {
        case .accesses: return accesses(r)
        case .accessesPerMNK: return work(r).map { accesses(r) / $0.value }
        case .misses: return misses(r)
        case .missesPerMNK: return misses(r).flatMap { m in work(r).map { m / $0.value } }
        case .accessRatio: return base.map { accesses($0) / accesses(r) }
        case .missRatio: return base.flatMap { b in misses(b).flatMap { mb in misses(r).map { mb / $0 } } }
        }
    }

    /// A counting convention: one region's loads, stores or both left out.
    struct Adjustment {
        var region: String, loads: Bool, stores: Bool
        var text: String {
            loads && stores ? "\(region)'s loads and stores" : loads ? "\(region)'s loads" : "\(region)'s stores"
        }
    }

    func holds(_ v: Double, _ c: Claim) -> Bool {
        switch c.compare {
        case .within: return c.value == 0 ? abs(v) <= c.tolerance : abs(v / c.value - 1) <= c.tolerance
        case .atLeast: return v >= c.value
        case .atMost: return v <= c.value
        }
    }

    /// "at least " or "at most " before a claimed figure that is a bound.
    func bound(_ c: Claim) -> String {
        switch c.compare {
        case .within: return ""
        case .atLeast: return "at least "
        case .atMost: return "at most "
        }
    }

    func fmt(_ v: Double, _ c: Claim) -> String {
        switch c.metric {
        case .accesses, .misses: return Fmt.whole(max(v, 0), .toNearestOrAwayFromZero)
        case .accessesPerMNK, .missesPerMNK: return String(format: "%.3g MNK", v)
        case .accessRatio, .missRatio: return String(format: "%.3gx", v)
        }
    }

    func claimFindings(_ rs: [ReportInput.Run], source s: Int) -> [String] {
        inputs[s].claims.map { c in
            let mine = rs.filter { $0.variant == c.variant }
            let vals = mine.compactMap { r in claimValue(c, r, in: rs).map { (r, $0) } }
            let against = c.baseline.map { " against **\(esc($0))**" } ?? ""
            let head =
                "Claim \"\(esc(c.text))\" (\(c.metric.rawValue) of **\(esc(c.variant))**\(against)"
                + "\(c.level.map { " at \(esc($0))" } ?? ""), claimed \(bound(c))\(fmt(c.value, c)))"
            guard !vals.isEmpty else { return head + ": cannot be judged, no run gives the quantity." }
            let lo = vals.map(\.1).min()!, hi = vals.map(\.1).max()!
            let counted = lo == hi || fmt(lo, c) == fmt(hi, c) ? fmt(lo, c) : "\(fmt(lo, c)) to \(fmt(hi, c))"
            let tol = c.compare == .within ? String(format: ", within %.0f%%", c.tolerance * 100) : ""
            if vals.allSatisfy({ holds($0.1, c) }) {
                return head
                    + ": **holds** (counted \(counted)\(vals.count > 1 ? " over \(vals.count) points" : "")\(tol))."
            }
            // The figure farthest from the claim: the least for a lower bound, the greatest for an
            // upper one, else the farthest from the value either way.
            let off: Double
            switch c.compare {
            case .atLeast: off = lo
            case .atMost: off = hi
            case .within:
                off = vals.map(\.1).max { abs($0 / max(c.value, 1e-300) - 1) < abs($1 / max(c.value, 1e-300) - 1) }!
            }
            var out =
                head + ": **does not hold**: counted \(counted)"
                + (c.value > 0 ? String(format: ", %.2fx the claimed figure", off / c.value) : "")
            if vals.contains(where: { holds($0.1, c) }) {
                out += "; it holds at \(list(vals.filter { holds($0.1, c) }.map { escPoint($0.0.point) }))"
            }
            // A matter of counting convention: leaving one region's loads or stores out gives the claim.
            if [.accesses, .accessesPerMNK, .accessRatio].contains(c.metric) {
                let regions = Set(mine.flatMap { $0.levels.first?.regions.map(\.name) ?? [] }).sorted()
                // Per region: its loads, its stores, and both where it has both (no duplicates).
                let adjustments = regions.flatMap { rg -> [Adjustment] in
                    let c = mine.compactMap { $0.levels.first?.regions.first { $0.name == rg }?.c }
                    let loads = c.contains { $0.loads > 0 }, stores = c.contains { $0.stores > 0 }
                    return (loads && stores ? [Adjustment(region: rg, loads: true, stores: true)] : [])
                        + (loads ? [Adjustment(region: rg, loads: true, stores: false)] : [])
                        + (stores ? [Adjustment(region: rg, loads: false, stores: true)] : [])
                }
                let matching = adjustments.filter { a in
                    mine.allSatisfy { r in claimValue(c, r, in: rs, drop: a).map { holds($0, c) } ?? false }
                }
                if let v = matching.first.flatMap({ claimValue(c, mine[0], in: rs, drop: $0) }) {
                    let what = matching.map { esc($0.text) }.joined(separator: ", or ")
                    out +=
                        """
                        ; without \(what) the count is \(fmt(v, c)), as claimed, so the claim counts by another \
                        convention (it leaves \(matching.count > 1 ? "one of these" : "that") out)
                        """
                }
            }
            return out + "."
        }
    }
}
