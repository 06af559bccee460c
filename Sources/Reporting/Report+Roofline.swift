import Foundation
import ResultsSchema

/// The cache-aware roofline chart (`STEM-roofline.svg`), one per machine: the machine's roofs
/// from the figures the document records, each run at each boundary's arithmetic intensity
/// (its flops over the bytes crossing that boundary) and its ECM GFLOP/s, and where the document
/// has a measured time (`measured.time`, median seconds), the measured GFLOP/s at the same
/// intensities. Where no run of a machine has a modelled time, a sentence says why instead.
extension Builder {
    mutating func rooflineCharts() {
        var machines: [(name: String, sources: [Int])] = []
        for s in inputs.indices where inputs[s].kind != .replay {
            if let i = machines.firstIndex(where: { $0.name == inputs[s].machineName }) {
                machines[i].sources.append(s)
            } else {
                machines.append((inputs[s].machineName, [s]))
            }
        }
        for m in machines {
            let rs = runs.filter { m.sources.contains($0.source) }
            guard rs.contains(where: { $0.cost != nil }) else {
                let note = rs.compactMap(\.costNote).first ?? "the document has no modelled times"
                md += "No roofline chart for \(esc(m.name)): no run has a modelled time (\(esc(note))).\n\n"
                continue
            }
            let s = m.sources[0]
            let boundaries = rooflineBoundaries(s)
            var points: [SVGChart.RooflinePoint] = []
            let variants = variantNames.filter { v in rs.contains { $0.variant == v && $0.cost != nil } }
            for r in rs {
                guard let c = r.cost, let series = variants.firstIndex(of: r.variant) else { continue }
                let runLabel =
                    r.variant + (r.point.isEmpty ? "" : " at " + pointPhrase(r.point))
                    + (m.sources.count > 1 ? " (\(label(r.source)))" : "")
                let time = r.time?.medianSeconds
                for (i, bytes) in c.boundaryBytes.enumerated() where bytes > 0 {
                    let at = boundaries.firstIndex(of: c.boundaries[safe: i]?.name ?? "") ?? i
                    let ai = c.flops / bytes
                    points.append(
                        .init(
                            label: runLabel, series: series, boundary: at, intensity: ai, gflops: c.ecmGflops,
                            measured: false))
                    if let t = time, t > 0 {
                        points.append(
                            .init(
                                label: runLabel, series: series, boundary: at, intensity: ai, gflops: c.flops / t / 1e9,
                                measured: true))
                    }
                }
            }
            let (compute, bandwidth) = roofs(m.sources)
            let svg = SVGChart.roofline(
                title: "Cache-aware roofline on \(m.name): ECM GFLOP/s at each boundary's intensity",
                compute: compute, bandwidth: bandwidth, points: points, boundaries: boundaries,
                seriesNames: variants)
            chart(
                machines.count == 1 ? "roofline" : "roofline-\(m.name)", svg,
                alt: "cache-aware roofline of \(m.name): each run's modelled GFLOP/s at the arithmetic intensity of "
                    + "each boundary, under the compute roof and one bandwidth roof per boundary")
        }
    }

    /// The boundaries of source `s`'s machine, as the cost model names them: registers-L1,
    /// then each data level to the one below, the last to memory.
    func rooflineBoundaries(_ s: Int) -> [String] {
        let data = inputs[s].machine.filter { $0.inclusion != "instruction side" }.map(\.name)
        guard let first = data.first else { return [] }
        let below = data.indices.map { $0 + 1 < data.count ? data[$0 + 1] : "memory" }
        return ["registers-\(first)"] + zip(data, below).map { "\($0)-\($1)" }
    }

    /// The roofs of the machine of `sources`: per element type of those documents its peak
    /// (flops per cycle x clock), and per boundary its bandwidth in GB/s (bytes per cycle x
    /// clock): registers-L1 the loads' and the stores' ports together, each level its
    /// `bandwidth`, the last level memory's. A figure the document lacks gives no roof.
    func roofs(_ sources: [Int]) -> (compute: [SVGChart.Roof], bandwidth: [SVGChart.Roof]) {
        let p = inputs[sources[0]].performance
        guard let clock = p.core?.clock else { return ([], []) }
        var elements: [String] = []
        for s in sources {
            if let e = inputs[s].element, !elements.contains(e) { elements.append(e) }
        }
        let compute = elements.compactMap { e in
            p.core?.flopsPerCycle?[e].map { SVGChart.Roof(name: "\(e) peak", value: $0 * clock) }
        }
        let names = rooflineBoundaries(sources[0])
        let data = inputs[sources[0]].machine.filter { $0.inclusion != "instruction side" }.map(\.name)
        var bandwidth: [SVGChart.Roof] = []
        if let c = p.core, let lpc = c.loadsPerCycle, let lb = c.loadBytes, let spc = c.storesPerCycle,
            let sb = c.storeBytes, let name = names.first
        {
            bandwidth.append(.init(name: name, value: (lpc * lb + spc * sb) * clock))
        }
        for (i, level) in data.enumerated() {
            let gbs =
                i + 1 < data.count
                ? p.levels.first { $0.name == level }?.bandwidth.flatMap { b in
                    b.bytesPerCycle.map { $0 * clock } ?? b.gbPerSecond
                }
                : p.memory?.bandwidth.value
            if let gbs { bandwidth.append(.init(name: names[i + 1], value: gbs)) }
        }
        return (compute, bandwidth)
    }
}
