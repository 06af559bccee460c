import CacheSim
import Foundation

/// The analytical model beside the simulation: its accuracy stated with every figure.
extension Builder {
    /// Per level: how many predictions fall within 5% of the simulation, the worst few that do
    /// not (and whether conflict misses explain them), and the runs it gives no figure for.
    func modelFindings(_ rs: [ReportInput.Run], source s: Int) -> [String] {
        var f: [String] = []
        // Distinct runs only: a run the sweep does not change (`sameAs`) is counted once.
        let modelled = rs.filter { $0.model != nil && $0.sameAs == nil }
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
                    """
                    The analytical model predicts \(lm) misses within 5% of the simulation for \(within) of \
                    \(pairs.count) runs
                    """
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
                        """
                        \(name(p.run, source: false)): the model predicts \(Fmt.int(p.model)) \(lm) misses, the \
                        simulation counts \(Fmt.int(p.c.misses)) \
                        (\(m == 0 ? "∞" : String(format: "%.2fx", s / m)))\(why).
                        """
                    )
                }
            }
            if missing > 0 {
                let reasons = mergedReasons(modelled.filter { $0.model?[l] == nil }.compactMap(\.modelNote), level: l)
                let shown = reasons.prefix(2).map(esc)
                f.append(
                    "The model gives no \(lm) figure for \(missing) run\(missing == 1 ? "" : "s")"
                        + (reasons.isEmpty
                            ? "."
                            : ": " + shown.joined(separator: "; ")
                                + (reasons.count > 2
                                    ? "; and \(reasons.count - 2) other reason(s) in the model table's notes." : "."))
                )
            }
        }
        return f
    }

    mutating func modelSection() {
        let modelled = runs.filter { $0.model != nil }
        guard !modelled.isEmpty else { return }
        md +=
            """
            ## Analytical model beside the simulation\n\nThe model predicts misses from working sets and reuse \
            distances (a capacity model: fully associative, no conflicts; see `AnalyticModel` in the sources). \
            Each figure stands beside the simulated count and their ratio; `-` where the model gives no figure. \
            Where the simulation exceeds it, the 3C split says whether the excess is conflict \
            misses\(anyThreeC ? "" : " (not computed in these runs)").\n\n
            """
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
                + "\(esc(r.variant)) | \(pointCell(r)) | "
                + levelNames.map { n in
                    guard let s = level(r, n)?.c.misses else { return "- | - | -" }
                    guard let m = r.model?[n] else { return "\(Fmt.int(s)) | - | -" }
                    return
                        """
                        \(Fmt.int(s)) | \(Fmt.int(m)) | \
                        \(m == 0 ? "-" : String(format: "%.2f", Double(s) / Double(m)))
                        """
                }.joined(separator: " | ") + " |\n"
        }
        md += "\n"
        let notes = Set(modelled.compactMap(\.modelNote))
        for n in notes.sorted(by: NaturalOrder.less) { md += "- \(esc(n))\n" }
        if !notes.isEmpty { md += "\n" }
    }

    /// The reasons `notes` give for level `l` alone ("no prediction at L1: ...; L2: ..." names
    /// each level's), a note of another form whole; reasons that differ only in one number are
    /// merged ("a working set of 257, 264 and 273 lines is ..."), numbers in numeric order.
    func mergedReasons(_ notes: [String], level l: String) -> [String] {
        var reasons: [String] = []
        for n in Set(notes) {
            let body = n.hasPrefix("no prediction at ") ? String(n.dropFirst("no prediction at ".count)) : n
            let parts = body.components(separatedBy: "; ")
            let mine = parts.filter { $0.hasPrefix(l + ": ") }.map { String($0.dropFirst(l.count + 2)) }
            if !mine.isEmpty {
                reasons += mine
            } else if !parts.contains(where: { p in levelNames.contains { p.hasPrefix($0 + ": ") } }) {
                reasons.append(n)
            }
        }
        // Group by the text with its numbers blanked; merge a group whose members differ in one number.
        var groups: [(skeleton: [NaturalOrder.Chunk], members: [[NaturalOrder.Chunk]])] = []
        for r in Set(reasons).sorted(by: NaturalOrder.less) {
            let c = NaturalOrder.chunks(r)
            let sk = c.map { if case .number = $0 { return NaturalOrder.Chunk.number("") } else { return $0 } }
            if let i = groups.firstIndex(where: { $0.skeleton == sk }) {
                groups[i].members.append(c)
            } else {
                groups.append((sk, [c]))
            }
        }
        func text(_ c: [NaturalOrder.Chunk]) -> String {
            c.map { chunk -> String in
                switch chunk {
                case .number(let s), .text(let s): return String(s)
                }
            }.joined()
        }
        return groups.flatMap { g -> [String] in
            let varying = g.skeleton.indices.filter { i in Set(g.members.map { "\($0[i])" }).count > 1 }
            guard g.members.count > 1, varying.count == 1, let at = varying.first else { return g.members.map(text) }
            var merged = g.members[0]
            let numbers = g.members.compactMap { m -> String? in
                if case .number(let s) = m[at] { return String(s) } else { return nil }
            }
            merged[at] = .text(Substring(list(numbers)))
            return [text(merged)]
        }
    }
}
