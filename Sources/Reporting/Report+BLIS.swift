import ResultsSchema
import Foundation
import Models

extension Builder {
    /// BLIS variants' (name, mr, nr) from the experiment's definitions.
    var blisVariants: [(name: String, mr: Int, nr: Int)] {
        first.variants.compactMap { v in
            let d = Dictionary(v, uniquingKeysWith: { a, _ in a })
            guard d["algorithm"]?.lowercased() == "blis", let n = d["name"] else { return nil }
            return (n, Int(d["mr"] ?? "") ?? 4, Int(d["nr"] ?? "") ?? 4)
        }
    }

    func model(mr: Int, nr: Int) -> BLISModel? {
        let size = ["f32": 4, "f64": 8, "i8": 1][first.element ?? "f32"] ?? 4
        let c = first.machine.map { BLISModel.Cache(sets: $0.sets, ways: $0.ways, line: $0.line) }
        guard let l1 = c.first else { return nil }
        return BLISModel.derive(
            mr: mr, nr: nr, elementSize: size, l1: l1, l2: c.count > 1 ? c[1] : nil, l3: c.count > 2 ? c[2] : nil)
    }

    /// Runs of `variant` along `axis`, the other axes at the values nearest `near`.
    func along(_ variant: String, _ axis: String, near: [String: Int]) -> [ReportInput.Run] {
        var fixed: SweepPoint = [:]
        for a in axes where a != axis {
            let vals = Set(runs.compactMap { $0.point[a] })
            let nums = vals.compactMap(\.int)
            fixed[a] = near[a].flatMap { t in nums.min { abs($0 - t) < abs($1 - t) } }.map(SweepValue.int) ?? vals.min()
        }
        return runs.filter { r in
            r.source == 0 && r.variant == variant && r.point[axis]?.int != nil
                && fixed.allSatisfy { r.point[$0.key] == $0.value }
        }
        .sorted { $0.point[axis]! < $1.point[axis]! }
    }

    /// The level whose misses judge mc: the first document's second level (its only one
    /// without). Its runs are the ones compared, so the index is always inside their levels.
    var secondLevel: Int { min(1, first.machine.count - 1) }

    func blisFindings() -> [String] {
        var f: [String] = []
        for b in blisVariants {
            guard let m = model(mr: b.mr, nr: b.nr) else { continue }
            let target = ["kc": m.kc, "mc": m.mc]
            for (axis, li) in [("kc", 0), ("mc", secondLevel)] where axes.contains(axis) {
                let pts = along(b.name, axis, near: target)
                guard let best = pts.min(by: { $0.levels[li].c.misses < $1.levels[li].c.misses }),
                    let atModel = pts.min(by: {
                        abs($0.point[axis]!.int! - target[axis]!) < abs($1.point[axis]!.int! - target[axis]!)
                    })
                else { continue }
                let bm = Double(best.levels[li].c.misses), mm = Double(atModel.levels[li].c.misses)
                let verdict =
                    best.point[axis] == atModel.point[axis]
                    ? "the model's choice **is** the simulated optimum"
                    : aboutEqual(bm, mm)
                        ? "the simulated optimum is \(axis) = \(best.point[axis]!), about equal to the model's choice "
                            + "(\(esc(first.machine[li].name)) misses within 5%)"
                        : String(
                            format: "the simulated optimum is %@ = %d, with %.1f%% fewer %@ misses than at %@ = %d",
                            axis,
                            best.point[axis]!.int!,
                            mm == 0 ? 0 : (mm - bm) / mm * 100, esc(first.machine[li].name), axis,
                            atModel.point[axis]!.int!)
                f.append(
                    """
                    \(esc(b.name)): the BLIS model gives \(axis) = \(target[axis]!) (nearest swept: \
                    \(atModel.point[axis]!)); \(verdict).
                    """
                )
            }
        }
        return f
    }

    mutating func blisSection() {
        let bv = blisVariants
        guard !bv.isEmpty else { return }
        md +=
            """
            ## BLIS block sizes: analytical model vs simulation\n\nBlock sizes derived from the machine's sets, \
            ways and line size after Low et al., *Analytical modeling is enough for high-performance BLIS* (2016): \
            kc keeps a kc x nr micro-panel of B in L1 beside streaming A micro-panels, mc keeps the mc x kc block \
            of A in L2, nc keeps the kc x nc panel of B in L3 (see `BLISModel`).\n\n
            """
        md += "| variant | mr x nr | model kc | model mc | model nc |\n|---|---|---:|---:|---:|\n"
        for b in bv {
            let m = model(mr: b.mr, nr: b.nr)
            md +=
                """
                | \(esc(b.name)) | \(b.mr) x \(b.nr) | \(m.map { String($0.kc) } ?? "-") | \
                \(m.map { String($0.mc) } ?? "-") | \(m?.nc.map(String.init) ?? "unbounded (no L3)") |\n
                """
        }
        md += "\n"
        for b in bv {
            guard let m = model(mr: b.mr, nr: b.nr) else { continue }
            for (axis, li, value) in [("kc", 0, m.kc), ("mc", secondLevel, m.mc)] where axes.contains(axis) {
                let ln = first.machine[li].name
                let pts = along(b.name, axis, near: ["kc": m.kc, "mc": m.mc])
                guard pts.count > 1 else { continue }
                let s = SVGChart.Series(
                    name: "\(b.name) \(ln) misses",
                    points: pts.map { (Double($0.point[axis]!.int!), Double($0.levels[li].c.misses)) })
                chart(
                    "blis-\(b.name)-\(axis)",
                    SVGChart.line(
                        title: "\(b.name): \(ln) misses vs \(axis)",
                        xLabel: "\(axis) (log scale)",
                        yLabel: "\(ln) misses", series: [s],
                        markers: [.init(x: Double(value), label: "model \(axis) = \(value)")]),
                    alt: "\(ln) misses against \(axis) with the model's choice marked")
            }
        }
    }
}
