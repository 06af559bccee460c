import Foundation

/// The finding that settles per-level winners by the cost model: where no run has the fewest
/// misses at every data level, each level whose winner is not the model's fastest run says what
/// the fastest one does instead ("L1: **a** has the fewest misses (817,664), but **b** moves 30x
/// fewer bytes across L2-L3 (...) and takes 1.7x less modelled time (ECM ...)"). Without modelled
/// times it says the model cannot decide and falls back to the misses at the last level. Runs are
/// compared within a problem size (`sizeGroups`), as the verdict compares them.
extension Builder {
    func reconcileFindings(_ rs: [ReportInput.Run], source s: Int) -> [String] {
        let data = inputs[s].machine.filter { $0.inclusion != "instruction side" }.map(\.name)
        guard data.count > 1 else { return [] }
        let (sizeAxes, groups) = sizeGroups(rs, source: s)
        var out: [String] = []
        for (phrase, group) in groups where group.count > 1 {
            var winners: [(level: String, runs: [ReportInput.Run], misses: UInt64)] = []
            for l in data {
                let vals = group.compactMap { r in level(r, l).map { (run: r, misses: $0.c.misses) } }
                guard vals.count == group.count, let m = vals.map(\.misses).min() else { continue }
                winners.append((l, vals.filter { $0.misses == m }.map(\.run), m))
            }
            let agree = group.contains { r in winners.allSatisfy { w in w.runs.contains { isSameRun($0, r) } } }
            guard winners.count > 1, !agree else { continue }
            let name = { (r: ReportInput.Run) in self.short(r, hiding: sizeAxes) }
            guard group.allSatisfy({ $0.cost != nil }) else {
                out.append(unmodelled(group, winners, phrase: phrase, name: name, last: data.last!))
                continue
            }
            let best = group.map { $0.cost!.ecm }.min()!
            let fastest = group.filter { $0.cost!.ecm == best }
            let parts = winners.filter { w in !w.runs.contains { r in fastest.contains { isSameRun($0, r) } } }.map {
                w in
                "\(esc(w.level)): \(fewest(w.runs, w.misses, name: name)), "
                    + why(w.runs[0], fastest[0], name: name)
            }
            out.append("By the model\(phrase): " + parts.joined(separator: "; ") + ".")
        }
        return out
    }

    /// "**a** has the fewest misses (12)", "**a** and **b** have the fewest misses (12 each)".
    func fewest(_ rs: [ReportInput.Run], _ misses: UInt64, name: (ReportInput.Run) -> String) -> String {
        rs.count == 1
            ? "\(name(rs[0])) has the fewest misses (\(Fmt.int(misses)))"
            : "\(list(rs.prefix(4).map(name) + (rs.count > 4 ? ["\(rs.count - 4) more"] : []))) have the fewest "
                + "misses (\(Fmt.int(misses)) each)"
    }

    /// Whether two runs are the same run (of one document).
    func isSameRun(_ a: ReportInput.Run, _ b: ReportInput.Run) -> Bool {
        a.variant == b.variant && a.point == b.point && a.source == b.source
    }

    /// What makes `m` (the model's fastest) faster than `w` (a level's winner): the ECM term that
    /// grows most from `m` to `w` (the load and store instructions, or a boundary's transfers),
    /// and the two modelled times; "about as fast" within 5%.
    func why(_ w: ReportInput.Run, _ m: ReportInput.Run, name: (ReportInput.Run) -> String) -> String {
        let (cw, cm) = (w.cost!, m.cost!)
        let r = cm.ecm > 0 ? cw.ecm / cm.ecm : 1
        if r < 1.05 {
            return "and by the model it is about as fast as \(name(m)) (\(String(format: "%.2f", r))x)"
        }
        let times = String(
            format: "%@ less modelled time (ECM %@ vs %@ cycles per %@)", ratio(cw.ecm, cm.ecm), figure(cm.ecm),
            figure(cw.ecm), esc(cm.unit))
        var terms: [(gain: Double, text: String)] = [
            (
                cw.nonOverlap - cm.nonOverlap,
                "needs \(ratio(cw.nonOverlap, cm.nonOverlap)) fewer load and store cycles "
                    + "(\(figure(cm.nonOverlap)) vs \(figure(cw.nonOverlap)) per \(esc(cm.unit)))"
            )
        ]
        for i in cm.boundaries.indices.dropFirst() where i < cw.boundaries.count {
            guard i < cm.boundaryBytes.count, i < cw.boundaryBytes.count else { continue }
            let (bm, bw) = (cm.boundaryBytes[i], cw.boundaryBytes[i])
            let moved =
                bm == 0
                ? "moves no bytes across \(esc(cm.boundaries[i].name)) (against \(Fmt.whole(bw)))"
                : "moves \(ratio(bw, bm)) fewer bytes across \(esc(cm.boundaries[i].name)) "
                    + "(\(Fmt.whole(bm)) vs \(Fmt.whole(bw)))"
            terms.append((cw.boundaries[i].cycles - cm.boundaries[i].cycles, moved))
        }
        guard let top = terms.max(by: { $0.gain < $1.gain }), top.gain > 0 else {
            return "but \(name(m)) takes \(times)"
        }
        return "but \(name(m)) \(top.text) and takes \(times)"
    }

    /// Per-level winners that disagree where the model has no figures: the note naming what is
    /// missing, and the run with the fewest misses at the last level.
    func unmodelled(
        _ group: [ReportInput.Run], _ winners: [(level: String, runs: [ReportInput.Run], misses: UInt64)],
        phrase: String, name: (ReportInput.Run) -> String, last: String
    ) -> String {
        let note = group.compactMap(\.costNote).first ?? "the document has no modelled times"
        let who = winners.map { w in
            let more = w.runs.count > 4 ? ["\(w.runs.count - 4) more"] : []
            return "\(esc(w.level)) " + list(w.runs.prefix(4).map(name) + more)
        }.joined(separator: "; ")
        var out =
            "Per-level winners disagree\(phrase) (fewest misses: \(who)) and the model cannot decide "
            + "(\(esc(note)))"
        if let w = winners.first(where: { $0.level == last }) {
            out += "; by misses at \(esc(last)), the last level, \(fewest(w.runs, w.misses, name: name))"
        }
        return out + "."
    }
}
