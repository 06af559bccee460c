import CacheSim
import Foundation
import ResultsSchema

extension Builder {
    /// The point that stands for a sweep where one must be chosen: the last value of the first
    /// axis, the first value of the others.
    var focusPoint: SweepPoint {
        var p: SweepPoint = [:]
        for (i, a) in axes.enumerated() {
            let vals = Set(runs.compactMap { $0.point[a] }).sorted()
            p[a] = i == 0 ? vals.last! : vals.first!
        }
        return p
    }

    func runsAt(_ p: SweepPoint) -> [ReportInput.Run] {
        runs.filter { r in p.allSatisfy { r.point[$0.key] == $0.value } }
    }

    /// Sweep positions where source `s`'s first variant's footprint reaches each of its levels'
    /// capacities (log interpolation).
    func capacityMarkers(axis a: String, source s: Int = 0) -> [SVGChart.Marker] {
        guard let v = runs.first(where: { $0.source == s })?.variant else { return [] }
        let pts = runs.filter { $0.source == s && $0.variant == v && $0.footprint > 0 }
            .compactMap { r in r.point[a]?.int.flatMap { $0 > 0 ? (x: Double($0), f: Double(r.footprint)) : nil } }
            .sorted { $0.x < $1.x }
        var out: [SVGChart.Marker] = []
        for l in inputs[s].machine where l.size > 0 {
            let cap = Double(l.size)
            guard let i = pts.indices.dropLast().first(where: { pts[$0].f < cap && pts[$0 + 1].f >= cap }) else {
                continue
            }
            let (x1, f1, x2, f2) = (pts[i].x, pts[i].f, pts[i + 1].x, pts[i + 1].f)
            let x = f2 == f1 ? x2 : exp(log(x1) + (log(cap) - log(f1)) * (log(x2) - log(x1)) / (log(f2) - log(f1)))
            // Between two positive points the interpolation is finite; a marker never carries NaN.
            guard x.isFinite, x >= x1, x <= x2 else { continue }
            out.append(.init(x: x, label: "\(l.name) = \(Fmt.bytes(l.size)) (\(a)≈\(Int(x.rounded())))"))
        }
        return out
    }

    /// A bar category's name: variant, point and source where they vary.
    func category(_ r: ReportInput.Run) -> String {
        r.variant + (axes.isEmpty ? "" : " @ " + pointPhrase(r.point)) + (multi ? " on \(label(r.source))" : "")
    }

    mutating func chartsSection() {
        md += "## Charts\n\n"
        rooflineCharts()
        if let a = axes.first(where: isNumeric) {
            let others = axes.filter { $0 != a }
            for l in levelNames {
                let perUnit = runs.allSatisfy { work($0) != nil }
                let unit = runs.first.flatMap { work($0)?.unit } ?? ""
                var series: [SVGChart.Series] = []
                for s in inputs.indices {
                    for v in variantNames {
                        let pts = runs.filter { r in
                            r.source == s && r.variant == v && others.allSatisfy { r.point[$0] == focusPoint[$0] }
                        }
                        .compactMap { r -> (x: Double, y: Double)? in
                            guard let x = r.point[a]?.int, let m = level(r, l)?.c.misses else { return nil }
                            return (Double(x), perUnit ? Double(m) / work(r)!.value : Double(m))
                        }
                        if !pts.isEmpty {
                            series.append(SVGChart.Series(name: v + (multi ? " on \(label(s))" : ""), points: pts))
                        }
                    }
                }
                let ctx =
                    others.isEmpty
                    ? "" : " (" + others.map { "\($0) = \(focusPoint[$0]!)" }.joined(separator: ", ") + ")"
                let what = perUnit ? "\(l) misses per \(unit)" : "\(l) misses"
                chart(
                    "misses-\(l)",
                    SVGChart.line(
                        title: "\(what) vs \(a)\(ctx)", xLabel: "\(a) (log scale)", yLabel: what, series: series,
                        markers: multi ? [] : capacityMarkers(axis: a)),
                    alt:
                        """
                        \(what) against \(a), one line per variant\(multi ? " and machine" : ""), with the sizes \
                        where the working set reaches each cache
                        """
                )
            }
        }
        // Bar charts: every run when there are few, else the runs at the focus point.
        let few = runs.count <= 24
        let shown = few ? runs : runsAt(focusPoint)
        guard !shown.isEmpty else { return }
        let at = few || focusPoint.isEmpty ? "" : " at " + pointPhrase(focusPoint)
        let cats = shown.map(category)
        for l in levelNames.count > 1 ? [levelNames.first!, levelNames.last!] : levelNames {
            let regions = Array(Set(shown.flatMap { level($0, l)?.regions.map(\.name) ?? [] })).sorted()
            let segs = regions.map { rg in
                (
                    name: rg,
                    values: shown.map { r in Double(level(r, l)?.regions.first { $0.name == rg }?.c.misses ?? 0) }
                )
            }
            if !segs.isEmpty {
                chart(
                    "regions-\(l)",
                    SVGChart.bars(
                        title: "\(l) misses per region\(at)", yLabel: "\(l) misses", categories: cats, segments: segs),
                    alt: "\(l) misses per array, per run")
            }
        }
        let classified = shown.filter(threeC)
        if let l1 = levelNames.first, !classified.isEmpty {
            let c3 = LevelCounters.fields.filter(\.threeC).map { ($0.name, $0.keyPath) }
            chart(
                "3c-\(l1)",
                SVGChart.bars(
                    title: "\(l1) misses by cause (3C)\(at)", yLabel: "\(l1) misses",
                    categories: classified.map(category),
                    segments: c3.map { n, kp in (n, classified.map { Double(level($0, l1)?.c[keyPath: kp] ?? 0) }) },
                    stacked: false),
                alt: "compulsory, capacity and conflict misses per run, side by side")
        }
        if let l1 = levelNames.first, shown.contains(where: { $0.model?[l1] != nil }) {
            let m = shown.filter { $0.model?[l1] != nil }
            chart(
                "model-\(l1)",
                SVGChart.bars(
                    title: "\(l1) misses: simulated vs analytical model\(at)", yLabel: "\(l1) misses",
                    categories: m.map(category),
                    segments: [
                        ("simulated", m.map { Double(level($0, l1)?.c.misses ?? 0) }),
                        ("model", m.map { Double($0.model![l1]!) }),
                    ], stacked: false),
                alt: "simulated against predicted misses per run")
        }
        measuredCharts(shown, at: at)
    }

    mutating func measuredCharts(_ shown: [ReportInput.Run], at: String) {
        let measured = shown.filter { !$0.measured.isEmpty }
        guard !measured.isEmpty, let l1 = levelNames.first else { return }
        func median(_ r: ReportInput.Run, _ e: String) -> Double? { r.measured.first { $0.event == e }?.median }
        if measured.allSatisfy({ median($0, "PAPI_L1_DCM") != nil }) {
            chart(
                "measured-L1",
                SVGChart.bars(
                    title: "\(l1) misses: simulated vs PAPI_L1_DCM\(at)", yLabel: "misses",
                    categories: measured.map(category),
                    segments: [
                        ("simulated", measured.map { Double(level($0, l1)?.c.misses ?? 0) }),
                        ("measured", measured.map { median($0, "PAPI_L1_DCM")! }),
                    ], stacked: false),
                alt: "simulated and measured L1 misses per run")
        }
        if measured.allSatisfy({ $0.predictedFaults != nil && median($0, "perf::PAGE-FAULTS") != nil }) {
            chart(
                "measured-pages",
                SVGChart.bars(
                    title: "Page faults: predicted from the access stream vs measured\(at)", yLabel: "page faults",
                    categories: measured.map(category),
                    segments: [
                        ("predicted", measured.map { Double($0.predictedFaults!) }),
                        ("measured", measured.map { median($0, "perf::PAGE-FAULTS")! }),
                    ], stacked: false),
                alt: "predicted and measured page faults per run")
        }
        callgrindChart(shown, at: at)
    }
}
