import LayoutConfig
import CacheSim
import Foundation

extension Builder {
    /// The point whose runs the per-variant charts show: the last value of the first axis,
    /// the first value of the others.
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

    /// Sweep positions where the first variant's footprint reaches each level's capacity (log interpolation).
    func capacityMarkers(axis a: String) -> [SVGChart.Marker] {
        guard let v = variantNames.first else { return [] }
        let pts = runs.filter { $0.variant == v && $0.point[a]?.int != nil }
            .map { (x: Double($0.point[a]!.int!), f: Double($0.footprint)) }.sorted { $0.x < $1.x }
        var out: [SVGChart.Marker] = []
        for l in first.machine {
            let cap = Double(l.size)
            guard let i = pts.indices.dropLast().first(where: { pts[$0].f < cap && pts[$0 + 1].f >= cap }) else { continue }
            let (x1, f1, x2, f2) = (pts[i].x, pts[i].f, pts[i + 1].x, pts[i + 1].f)
            let x = f2 == f1 ? x2 : exp(log(x1) + (log(cap) - log(f1)) * (log(x2) - log(x1)) / (log(f2) - log(f1)))
            out.append(.init(x: x, label: "\(l.name) = \(Fmt.bytes(l.size)) (\(a)≈\(Int(x.rounded())))"))
        }
        return out
    }

    mutating func chartsSection() {
        md += "## Charts\n\n"
        if let a = axes.first, isNumeric(a) {
            let others = Dictionary(uniqueKeysWithValues: axes.dropFirst().map { k in (k, focusPoint[k]!) })
            for (li, lname) in levelNames.enumerated() {
                let series = variantNames.map { v in
                    SVGChart.Series(name: v, points: runs.filter { r in r.variant == v && others.allSatisfy { r.point[$0.key] == $0.value } }
                        .compactMap { r in r.point[a]?.int.map { (Double($0), r.levels[li].c.missRate) } })
                }.filter { !$0.points.isEmpty }
                chart("missrate-\(lname)", SVGChart.line(title: "\(lname) miss rate vs \(a)", xLabel: "\(a) (log scale)",
                                                         yLabel: "\(lname) misses / accesses", series: series,
                                                         markers: capacityMarkers(axis: a), percentY: true),
                      alt: "\(lname) miss rate against \(a), one line per variant, with the sizes where the working set reaches each cache")
            }
        }
        let at = runsAt(focusPoint)
        let label = focusPoint.isEmpty ? "" : " at " + ReportInput.pointText(focusPoint)
        let cats = at.map(\.variant)
        guard !at.isEmpty else { return }
        for li in [0, levelNames.count - 1] where li >= 0 && (li == 0 || levelNames.count > 1) {
            let lname = levelNames[li]
            let regions = Array(Set(at.flatMap { $0.levels[li].regions.map(\.name) })).sorted()
            let segs = regions.map { rg in (name: rg, values: at.map { r in Double(r.levels[li].regions.first { $0.name == rg }?.c.misses ?? 0) }) }
            chart("regions-\(lname)", SVGChart.bars(title: "\(lname) misses per region\(label)", yLabel: "\(lname) misses",
                                                   categories: cats, segments: segs),
                  alt: "\(lname) misses per array, stacked per variant")
        }
        if threeC {
            let c3 = [("compulsory", \LevelCounters.compulsory), ("capacity", \.capacity), ("conflict", \.conflict)]
            chart("3c-\(levelNames[0])", SVGChart.bars(title: "\(levelNames[0]) misses by cause (3C)\(label)", yLabel: "\(levelNames[0]) misses",
                                                       categories: cats, segments: c3.map { n, kp in (n, at.map { Double($0.levels[0].c[keyPath: kp]) }) }),
                  alt: "compulsory, capacity and conflict misses per variant")
        }
        if at.contains(where: { $0.model?[levelNames[0]] != nil }) {
            chart("model-\(levelNames[0])", SVGChart.bars(title: "\(levelNames[0]) misses: simulated vs analytical model\(label)",
                                                          yLabel: "\(levelNames[0]) misses", categories: cats,
                                                          segments: [("simulated", at.map { Double($0.levels[0].c.misses) }),
                                                                     ("model", at.map { Double($0.model?[levelNames[0]] ?? 0) })], stacked: false),
                  alt: "simulated against predicted misses per variant")
        }
        let measured = at.filter { !$0.measured.isEmpty }
        if !measured.isEmpty {
            let l1 = measured.allSatisfy { r in r.measured.contains { $0.event == "PAPI_L1_DCM" && $0.median != nil } }
            if l1 {
                chart("measured-L1", SVGChart.bars(title: "L1 misses: simulated vs PAPI_L1_DCM\(label)", yLabel: "misses", categories: measured.map(\.variant),
                                                   segments: [("simulated", measured.map { Double($0.levels[0].c.misses) }),
                                                              ("measured", measured.map { r in r.measured.first { $0.event == "PAPI_L1_DCM" }!.median! })], stacked: false),
                      alt: "simulated and measured L1 misses per variant")
            }
            if measured.allSatisfy({ r in r.predictedFaults != nil && r.measured.contains { $0.event == "perf::PAGE-FAULTS" && $0.median != nil } }) {
                chart("measured-pages", SVGChart.bars(title: "Page faults: predicted from the access stream vs measured\(label)", yLabel: "page faults",
                                                      categories: measured.map(\.variant),
                                                      segments: [("predicted", measured.map { Double($0.predictedFaults!) }),
                                                                 ("measured", measured.map { r in r.measured.first { $0.event == "perf::PAGE-FAULTS" }!.median! })], stacked: false),
                      alt: "predicted and measured page faults per variant")
            }
        }
    }
}

