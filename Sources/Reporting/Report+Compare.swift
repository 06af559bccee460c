import Foundation
import ResultsSchema

/// Findings across documents: the same variant at the same point on each machine (or with and
/// without 3C), like with like.
extension Builder {
    func crossSourceFindings() -> [String] {
        var keys: [(variant: String, point: SweepPoint)] = []
        for r in runs where !keys.contains(where: { $0.variant == r.variant && $0.point == r.point }) {
            keys.append((r.variant, r.point))
        }
        let shared = keys.filter { k in
            Set(runs.filter { $0.variant == k.variant && $0.point == k.point }.map(\.source)).count > 1
        }
        // Many points: compare at the focus point only, so the list stays readable.
        let shown = shared.count > 12 ? shared.filter { $0.point == focusPoint } : shared
        var f: [String] = []
        for k in shown {
            let rs = runs.filter { $0.variant == k.variant && $0.point == k.point }
            for l in levelNames {
                let vals = rs.compactMap { r in level(r, l).map { (label(r.source), $0.c.misses) } }
                guard vals.count > 1 else { continue }
                let lo = vals.map(\.1).min()!, hi = vals.map(\.1).max()!
                let tail = lo == hi ? " (equal)" : " (\(ratio(Double(hi), Double(lo))) from fewest to most)"
                let misses = vals.map { "\(Fmt.int($0.1)) \(esc(l)) misses on \(esc($0.0))" }
                f.append("\(name(rs[0], source: false)): " + misses.joined(separator: ", ") + tail + ".")
            }
        }
        if shown.count < shared.count {
            f.append(
                "(Across documents, only the point \(escPoint(focusPoint)) is compared here; the tables below hold every point.)"
            )
        }
        if shared.isEmpty {
            f.append("The documents share no variant at the same point, so no run is compared across them.")
        }
        return f
    }
}
