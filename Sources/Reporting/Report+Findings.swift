import CacheSim
import Foundation
import ResultsSchema

/// Findings: sentences computed from the numbers, over every sweep point, with ties stated as
/// ties and changes stated in misses (and misses per unit of work), never in rates whose
/// denominator moved.
extension Builder {
    /// The kernel's work at a run's point: m·n·k for GEMM ("MNK"), multiply-adds for convolution
    /// ("MAC"); nil for a trace replay, and nil where it is not a positive finite number (a point
    /// `n: 0`, a filter larger than its input), so no count is divided by zero.
    func work(_ r: ReportInput.Run) -> (value: Double, unit: String)? {
        guard let w = rawWork(r), w.value.isFinite, w.value > 0 else { return nil }
        return w
    }

    /// The work as the shape gives it; shapes and points are at most 2^24 (checked when read).
    private func rawWork(_ r: ReportInput.Run) -> (value: Double, unit: String)? {
        let d = inputs[r.source]
        var s = Dictionary(d.shape, uniquingKeysWith: { a, _ in a })
        for (k, v) in r.point { if let x = v.int { s[k] = x } }
        if let z = r.point["size"]?.int { for k in d.kernel == "gemm" ? ["m", "n", "k"] : ["h", "w"] { s[k] = z } }
        if d.kernel == "gemm", let m = s["m"], let n = s["n"], let k = s["k"] {
            return (Double(m) * Double(n) * Double(k), "MNK")
        }
        if d.kernel == "conv", let c = s["c"], let k = s["k"], let h = s["h"], let w = s["w"] {
            let n = s["n"] ?? 1, r = s["r"] ?? 1, sw = s["s"] ?? 1, st = max(s["stride"] ?? 1, 1), p = s["padding"] ?? 0
            let g = max(s["groups"] ?? 1, 1), d = max(s["dilation"] ?? 1, 1)
            let oh = (h + 2 * p - (r - 1) * d - 1) / st + 1, ow = (w + 2 * p - (sw - 1) * d - 1) / st + 1
            let outputs: Double = Double(n) * Double(k) * Double(oh) * Double(ow)
            let taps: Double = Double(c / g) * Double(r) * Double(sw)
            return (outputs * taps, "MAC")
        }
        return nil
    }

    /// "3.2x"; two decimals below 1.1x, so a small difference does not print as "1.0x".
    func ratio(_ a: Double, _ b: Double) -> String {
        b == 0 ? "∞" : String(format: a / b < 1.095 ? "%.2fx" : "%.1fx", a / b)
    }
    /// Whether two figures are within 5% of each other (the larger below 1.05x the smaller): then
    /// they are "about equal" in every sentence, never "more", "fewer" or "1.0x".
    func aboutEqual(_ a: Double, _ b: Double) -> Bool {
        let (hi, lo) = (max(a, b), min(a, b))
        return hi == lo || (lo > 0 && hi / lo < 1.05)
    }
    func perUnit(_ v: Double, _ w: (value: Double, unit: String)) -> String {
        String(format: "%.3g per %@", v / w.value, w.unit)
    }
    /// "a", "a and b", "a, b and c".
    func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    mutating func findingsSection() {
        md += "## Findings\n\n"
        var f: [String] = []
        for s in inputs.indices {
            let rs = runs.filter { $0.source == s }
            let prefix = multi ? "On \(esc(label(s))): " : ""
            f += missFindings(rs, source: s).map { prefix + $0 }
            f += reconcileFindings(rs, source: s).map { prefix + $0 }
            f += layoutFindings(rs, source: s).map { prefix + $0 }
            f += accessFindings(rs).map { prefix + $0 }
            f += cliffFindings(rs, source: s).map { prefix + $0 }
            f += capacityFindings(rs, source: s).map { prefix + $0 }
            f += modelFindings(rs, source: s).map { prefix + $0 }
            f += claimFindings(rs, source: s).map { prefix + $0 }
            f += callgrindFindings(rs).map { prefix + $0 }
        }
        if multi { f += allReplays ? replayFindings() : crossSourceFindings() }
        for doc in inputs {
            for t in doc.crossCheck?["kendallTau"]?.array ?? [] {
                if let tau = t["tau"]?.double {
                    let lv = esc(t["level"]?.string ?? "?"), ev = esc(t["event"]?.string ?? "?")
                    f.append(
                        """
                        Simulated \(lv) and measured \(ev) rank the runs with Kendall tau \
                        \(String(format: "%.2f", tau)).
                        """
                    )
                }
            }
        }
        f += blisFindings()
        md +=
            f.isEmpty ? "- Nothing to compare: a single run.\n\n" : f.map { "- " + $0 }.joined(separator: "\n") + "\n\n"
    }

    /// Per level: all equal, or the fewest and most (ties named together); over a sweep, each
    /// variant's best and worst point, the overall best, and where the ranking changes.
    func missFindings(_ rs: [ReportInput.Run], source s: Int) -> [String] {
        var f: [String] = []
        for l in inputs[s].machine.map(\.name) {
            let lm = esc(l)
            let vals = rs.compactMap { r in level(r, l).map { (run: r, m: $0.c.misses, c: $0.c) } }
            guard vals.count > 1 else { continue }
            let ms = Set(vals.map(\.m))
            if ms.count == 1 {
                let allCompulsory = inputs[s].threeC && vals.allSatisfy { $0.c.compulsory == $0.m }
                f.append(
                    """
                    \(lm): all \(vals.count) runs: \(Fmt.int(vals[0].m)) \
                    misses\(allCompulsory && vals[0].m > 0 ? ", all compulsory" : "").
                    """
                )
                continue
            }
            let best = vals.filter { $0.m == ms.min()! }, worst = vals.filter { $0.m == ms.max()! }
            /// The runs of a group, by variant: "**v** at tile = 8, 16" or "**v** at every point".
            func who(_ g: [(run: ReportInput.Run, m: UInt64, c: LevelCounters)]) -> String {
                var byVariant: [(String, [ReportInput.Run])] = []
                for x in g {
                    if let i = byVariant.firstIndex(where: { $0.0 == x.run.variant }) {
                        byVariant[i].1.append(x.run)
                    } else {
                        byVariant.append((x.run.variant, [x.run]))
                    }
                }
                let names = byVariant.prefix(4).map { v, rs -> String in
                    let all = vals.filter { $0.run.variant == v }.count
                    if axes.isEmpty || rs.count == 1 { return name(rs[0], source: false) }
                    return "**\(esc(v))** "
                        + (rs.count == all ? "at every point" : "at " + list(rs.map { escPoint($0.point) }))
                }
                return list(names + (byVariant.count > 4 ? ["\(byVariant.count - 4) more variants"] : []))
                    + " (\(Fmt.int(g[0].m))\(g.count > 1 ? " each" : ""))"
            }
            let ratioText =
                aboutEqual(Double(ms.max()!), Double(ms.min()!))
                ? "about equal (all \(vals.count) runs within 5%)"
                : "\(ratio(Double(ms.max()!), Double(ms.min()!))) as many"
            if axes.isEmpty {
                f.append("\(lm): fewest misses \(who(best)); most \(who(worst)), \(ratioText).")
                continue
            }
            // Where the sweep changes the problem size, points are compared per unit of work.
            let works = Set(vals.compactMap { work($0.run)?.value })
            let scaled = works.count > 1 && vals.allSatisfy { work($0.run) != nil }
            func key(_ x: (run: ReportInput.Run, m: UInt64, c: LevelCounters)) -> Double {
                scaled ? Double(x.m) / work(x.run)!.value : Double(x.m)
            }
            func show(_ x: (run: ReportInput.Run, m: UInt64, c: LevelCounters)) -> String {
                scaled ? "\(perUnit(Double(x.m), work(x.run)!)), \(Fmt.int(x.m)) misses" : Fmt.int(x.m)
            }
            var perVariant: [String] = []
            for v in variantNames {
                let pts = vals.filter { $0.run.variant == v }
                guard pts.count > 1 else { continue }
                let lo = pts.map(key).min()!, hi = pts.map(key).max()!
                if lo == hi {
                    perVariant.append("**\(esc(v))** \(show(pts[0])) at every point")
                    continue
                }
                let at = { (k: Double) in self.list(pts.filter { key($0) == k }.map { self.escPoint($0.run.point) }) }
                let a = pts.first { key($0) == lo }!, b = pts.first { key($0) == hi }!
                perVariant.append("**\(esc(v))** fewest at \(at(lo)) (\(show(a))), most at \(at(hi)) (\(show(b)))")
            }
            if !perVariant.isEmpty {
                f.append(
                    "\(lm) misses\(scaled ? " per \(work(vals[0].run)!.unit)" : "") per variant over the sweep: "
                        + perVariant.joined(separator: "; ") + ".")
            }
            // Raw counts at different problem sizes are not comparable: no overall best then.
            if !scaled { f.append("\(lm) overall: fewest \(who(best)); most \(who(worst)), \(ratioText).") }
            f += crossovers(vals.map { ($0.run, $0.m) }, level: l)
        }
        return f
    }

    /// Along the first numeric axis (the other axes at each of their values): which variant has
    /// the fewest misses at each point when that changes, and pairs whose order flips.
    func crossovers(_ vals: [(run: ReportInput.Run, m: UInt64)], level l: String) -> [String] {
        guard let a = axes.first(where: isNumeric) else { return [] }
        var f: [String] = []
        let others = axes.filter { $0 != a }
        let lm = esc(l), am = esc(a)
        let groups = Dictionary(grouping: vals) { v in
            others.map { v.run.point[$0]?.description ?? "" }.joined(separator: "|")
        }
        for key in groups.keys.sorted(by: NaturalOrder.less).prefix(3) {
            let g = groups[key]!
            let xs = Array(Set(g.compactMap { $0.run.point[a]?.int })).sorted()
            guard xs.count > 1 else { continue }
            let names = variantNames.filter { v in
                xs.allSatisfy { x in g.contains { $0.run.variant == v && $0.run.point[a]?.int == x } }
            }
            guard names.count > 1 else { continue }
            func m(_ v: String, _ x: Int) -> UInt64 { g.first { $0.run.variant == v && $0.run.point[a]?.int == x }!.m }
            let ctx =
                others.isEmpty
                ? ""
                : " ("
                    + others.compactMap { k in g[0].run.point[k].map { esc("\(k) = \($0)") } }.joined(separator: ", ")
                    + ")"
            let leaders = xs.map { x in names.filter { m($0, x) == names.map { m($0, x) }.min()! } }
            if Set(leaders.map { $0.joined(separator: "=") }).count > 1 {
                var segs: [String] = [], start = 0
                for i in 1...xs.count where i == xs.count || leaders[i] != leaders[start] {
                    let who = list(leaders[start].map { "**\(esc($0))**" })
                    segs.append("\(who) \(range(xs, start, i - 1, am))")
                    start = i
                }
                f.append("\(lm), fewest misses along \(am)\(ctx): " + segs.joined(separator: "; ") + ".")
            }
            var pairs: [String] = []
            for (i, p) in names.enumerated() {
                for q in names[(i + 1)...] {
                    // Within 5% is about equal: neither ahead there.
                    let signs = xs.map { x -> Int in
                        let (a, b) = (Double(m(p, x)), Double(m(q, x)))
                        return aboutEqual(a, b) ? 0 : a < b ? -1 : 1
                    }
                    guard signs.contains(-1) && signs.contains(1) else { continue }
                    // The subject is the one ahead at more points; its losses are given as ratios.
                    let pAhead = signs.filter { $0 < 0 }.count >= signs.filter { $0 > 0 }.count
                    let (sv, ov) = pAhead ? (p, q) : (q, p)
                    let ahead = pAhead ? -1 : 1
                    let wins = xs.indices.filter { signs[$0] == ahead }
                    let losses = xs.indices.filter { signs[$0] == -ahead }
                    let r = losses.map { Double(m(sv, xs[$0])) / Double(max(m(ov, xs[$0]), 1)) }
                    let by = r.count <= 3 ? list(r.map { ratio($0, 1) }) : "up to \(ratio(r.max()!, 1))"
                    pairs.append(
                        "**\(esc(sv))** has fewer \(lm) misses than **\(esc(ov))** at \(am) = \(values(xs, wins)); "
                            + "at \(am) = \(values(xs, losses)) it has more (\(by))\(ctx)")
                }
            }
            f += pairs.prefix(6).map { $0 + "." }
        }
        return f
    }

    /// "at tile = 8", "from tile = 16 to 64".
    func range(_ xs: [Int], _ i: Int, _ j: Int, _ a: String) -> String {
        i == j ? "at \(a) = \(xs[i])" : "from \(a) = \(xs[i]) to \(xs[j])"
    }
    /// "8, 16 to 64 and 128": the chosen indices of xs as runs of consecutive points.
    func values(_ xs: [Int], _ idx: [Int]) -> String {
        var parts: [String] = [], k = 0
        while k < idx.count {
            var e = k
            while e + 1 < idx.count && idx[e + 1] == idx[e] + 1 { e += 1 }
            parts.append(
                e - k >= 2
                    ? "\(xs[idx[k]]) to \(xs[idx[e]])" : (k...e).map { String(xs[idx[$0]]) }.joined(separator: ", "))
            k = e + 1
        }
        return list(parts)
    }

    /// Memory accesses per variant in units of the kernel's work (4 MNK for the naive GEMM loop).
    func accessFindings(_ rs: [ReportInput.Run]) -> [String] {
        guard Set(rs.map(\.accesses)).count > 1 || Set(rs.map(\.variant)).count > 1, rs.count > 1 else { return [] }
        let per = rs.map { r in work(r).map { Double(r.accesses) / $0.value } }
        if let unit = work(rs[0])?.unit, per.allSatisfy({ $0 != nil }), let lo = per.map({ $0! }).min(),
            let hi = per.map({ $0! }).max(), hi - lo < 0.005
        {
            let counts = Set(rs.map(\.accesses))
            return [
                "Memory accesses: all \(rs.count) runs make " + amount(lo, unit)
                    + (counts.count == 1 ? " (\(Fmt.int(rs[0].accesses)))" : "") + "."
            ]
        }
        var parts: [String] = []
        for v in variantNames {
            let pts = rs.filter { $0.variant == v }
            guard !pts.isEmpty else { continue }
            let per = pts.map { r in work(r).map { Double(r.accesses) / $0.value } }
            if let unit = work(pts[0])?.unit, per.allSatisfy({ $0 != nil }) {
                let lo = per.map { $0! }.min()!, hi = per.map { $0! }.max()!
                parts.append(
                    "**\(esc(v))** "
                        + (abs(hi - lo) < 0.005 ? amount(lo, unit) : String(format: "%.2f to ", lo) + amount(hi, unit)))
            } else if Set(pts.map(\.accesses)).count == 1 {
                parts.append("**\(esc(v))** \(Fmt.int(pts[0].accesses))")
            }
        }
        guard !parts.isEmpty else { return [] }
        let lo = rs.map(\.accesses).min()!, hi = rs.map(\.accesses).max()!
        func names(_ a: UInt64) -> String { list(rs.filter { $0.accesses == a }.map { name($0, source: false) }) }
        let against =
            aboutEqual(Double(hi), Double(lo))
            ? "about equal to the most" : "\(ratio(Double(hi), Double(lo))) fewer than the most"
        let tail =
            axes.isEmpty && lo != hi
            ? "; fewest: \(names(lo)) (\(Fmt.int(lo))), \(against): \(names(hi)) (\(Fmt.int(hi)))"
            : ""
        return [
            "Memory accesses\(axes.isEmpty ? "" : " over the sweep"): " + parts.joined(separator: ", ") + tail + "."
        ]
    }

    /// "4.00 MNK" (m·n·k units, as the 4 MNK of the naive loop), "1.91 per MAC".
    func amount(_ v: Double, _ unit: String) -> String {
        String(format: unit == "MNK" ? "%.2f %@" : "%.2f per %@", v, unit)
    }

    /// Convolution: the best variant of each activation layout against the best of the others,
    /// per level, so a layout is judged by its best loop nest, not by one nest.
    func layoutFindings(_ rs: [ReportInput.Run], source s: Int) -> [String] {
        let d = inputs[s]
        guard d.kernel == "conv" else { return [] }
        let layoutOf = Dictionary(
            d.variants.compactMap { v -> (String, String)? in
                guard let n = v.first(where: { $0.0 == "name" })?.1 else { return nil }
                return (n, v.first { $0.0 == "layout" }?.1 ?? "nchw")
            }, uniquingKeysWith: { a, _ in a })
        let layouts = Array(Set(rs.compactMap { $0.point["layout"]?.description ?? layoutOf[$0.variant] })).sorted()
        guard layouts.count > 1 else { return [] }
        var f: [String] = []
        for l in d.machine.map(\.name) {
            let best = layouts.compactMap { lay -> (String, [ReportInput.Run], UInt64)? in
                let g = rs.filter { ($0.point["layout"]?.description ?? layoutOf[$0.variant]) == lay }
                guard let m = g.compactMap({ level($0, l)?.c.misses }).min() else { return nil }
                return (lay, g.filter { level($0, l)?.c.misses == m }, m)
            }
            guard best.count > 1 else { continue }
            let lo = best.map(\.2).min()!
            let parts = best.map {
                "\(esc($0.0.uppercased())) \(Fmt.int($0.2)) (\(list($0.1.map { name($0, source: false) })))"
            }
            let others = best.filter { $0.2 != lo }.map {
                "\(esc($0.0.uppercased()))'s best has "
                    + (aboutEqual(Double($0.2), Double(lo))
                        ? "about as many (within 5%)" : "\(ratio(Double($0.2), Double(lo))) as many")
            }
            let verdict =
                others.isEmpty
                ? "equal"
                : "\(escList(best.filter { $0.2 == lo }.map { $0.0.uppercased() })) has the fewest; "
                    + others.joined(separator: ", ")
            f.append("\(esc(l)), best of each layout: " + parts.joined(separator: " against ") + ": \(verdict).")
        }
        return f
    }

    /// The largest rise of misses per unit of work between consecutive points of the first
    /// numeric axis, per variant and level, when it at least doubles.
    func cliffFindings(_ rs: [ReportInput.Run], source s: Int) -> [String] {
        guard let a = axes.first(where: isNumeric) else { return [] }
        var f: [String] = []
        let others = axes.filter { $0 != a }
        for v in variantNames {
            for l in inputs[s].machine.map(\.name) {
                let pts = rs.filter { r in
                    r.variant == v && r.point[a]?.int != nil && others.allSatisfy { r.point[$0] == focusPoint[$0] }
                }
                .sorted { $0.point[a]!.int! < $1.point[a]!.int! }
                var bestJump: (p: ReportInput.Run, q: ReportInput.Run, f: Double)?
                for (p, q) in zip(pts, pts.dropFirst()) {
                    // A rise of the rate alone (misses about equal, less work) is no cliff.
                    guard let mp = level(p, l)?.c.misses, let mq = level(q, l)?.c.misses, mq > mp, mp > 0,
                        !aboutEqual(Double(mq), Double(mp))
                    else { continue }
                    let wp = work(p)?.value ?? 1, wq = work(q)?.value ?? 1
                    let factor = (Double(mq) / wq) / (Double(mp) / wp)
                    if factor >= 2, factor > bestJump?.f ?? 0 { bestJump = (p, q, factor) }
                }
                guard let j = bestJump, let mp = level(j.p, l)?.c.misses, let mq = level(j.q, l)?.c.misses else {
                    continue
                }
                let between = "between \(esc(a)) = \(j.p.point[a]!) and \(j.q.point[a]!)"
                let cause = cliffCause(j.p, j.q, level: l, at: "\(esc(a)) = \(j.q.point[a]!)")
                if let wp = work(j.p), let wq = work(j.q), wp.value != wq.value {
                    f.append(
                        """
                        **\(esc(v))**: \(esc(l)) misses per \(wp.unit) rise \(String(format: "%.1fx", j.f)) \
                        \(between) (\(perUnit(Double(mp), wp)) to \(perUnit(Double(mq), wq)); \(Fmt.int(mp)) to \
                        \(Fmt.int(mq)) misses)\(cause).
                        """
                    )
                } else {
                    f.append(
                        """
                        **\(esc(v))**: \(esc(l)) misses rise \(String(format: "%.1fx", j.f)) \(between) \
                        (\(Fmt.int(mp)) to \(Fmt.int(mq)))\(cause).
                        """
                    )
                }
            }
        }
        return f
    }

    /// What a cliff's rise is made of, where the 3C split has it: the kind of miss (compulsory,
    /// capacity, conflict) that grew most, when it makes at least half of the rise
    /// (": 1,130,000 of the 1,240,000 misses at tile = 96 are conflict misses"); else "".
    func cliffCause(_ p: ReportInput.Run, _ q: ReportInput.Run, level l: String, at: String) -> String {
        guard threeC(p), threeC(q), let a = level(p, l)?.c, let b = level(q, l)?.c, b.misses > a.misses else {
            return ""
        }
        let kinds: [(String, UInt64, UInt64)] = [
            ("compulsory", a.compulsory, b.compulsory), ("capacity", a.capacity, b.capacity),
            ("conflict", a.conflict, b.conflict),
        ]
        let rise = Double(b.misses - a.misses)
        guard let top = kinds.max(by: { Double($0.2) - Double($0.1) < Double($1.2) - Double($1.1) }),
            Double(top.2) - Double(top.1) >= rise / 2
        else { return "" }
        return ": \(Fmt.int(top.2)) of the \(Fmt.int(b.misses)) misses at \(at) are \(top.0) misses"
    }

    /// Where the first variant's footprint reaches each cache along a size axis.
    func capacityFindings(_ rs: [ReportInput.Run], source s: Int) -> [String] {
        guard let a = axes.first(where: isNumeric) else { return [] }
        return capacityMarkers(axis: a, source: s).map { m in
            "The working set reaches "
                + esc(m.label.replacingOccurrences(of: " (", with: " at ").replacingOccurrences(of: ")", with: ""))
                + "."
        }
    }
}
