import CacheSim
import Engine
import LayoutConfig
import Models
import Reporting

/// Each run's modelled time (`runs[].cost`), computed from its counters in the document, so
/// every document with runs of a kernel has it: a whole sweep, a shard (merged unchanged) and
/// a measured sweep. Without the machine figures a model needs, `cost` is null and `costNote`
/// names them.
extension SimulateJob {
    /// `run` (a run's JSON object) with `cost` (and `costNote`) appended.
    static func withCost(_ run: JSON, spec: RunSpec?, machine: MachineSpec, element: ElementType) -> JSON {
        guard case .object(var o) = run else { return run }
        guard let spec else {
            o += [("cost", .null), ("costNote", .string("the run is not one of this experiment's runs"))]
            return .object(o)
        }
        if machine.performance.isEmpty {
            o += [
                ("cost", .null),
                (
                    "costNote",
                    .string("the machine file gives no performance figures: core, a level's bandwidth, memory")
                ),
            ]
            return .object(o)
        }
        switch CostModel.evaluate(
            traffic(run, spec: spec, machine: machine, element: element), machine: machine.performance)
        {
        case .success(let c): o.append(("cost", json(c)))
        case .failure(let missing): o += [("cost", .null), ("costNote", .string(missing.description))]
        }
        return .object(o)
    }

    /// What the run moved, read from its document entry: per data level the counters, and the
    /// bytes of its loads and stores at the first level (each array's element size).
    static func traffic(_ run: JSON, spec: RunSpec, machine: MachineSpec, element: ElementType) -> CostModel.Traffic {
        let data = Set(machine.levels.filter { !$0.instruction }.map(\.name))
        let levels = (run["levels"]?.array ?? []).filter { data.contains($0["name"]?.string ?? "") }
        var loadBytes = 0.0, storeBytes = 0.0
        for case let (name, c) in levels.first?["regions"]?.object ?? [] {
            let size = Double(["C", "output"].contains(name) ? element.accumulatorSize : element.size)
            let counters = StatsJSON.decodeCounters(c)
            loadBytes += Double(counters.loads) * size
            storeBytes += Double(counters.stores) * size
        }
        let (unit, units): (String, Double)
        switch spec.kernel {
        case .gemm(let s, _): (unit, units) = ("MNK", Double(s.m) * Double(s.n) * Double(s.k))
        case .conv: (unit, units) = ("multiply-add", spec.multiplyAdds)
        }
        return CostModel.Traffic(
            unit: unit, units: units, element: element.rawValue,
            levels: levels.map { ($0["name"]?.string ?? "", StatsJSON.decodeCounters($0)) },
            loadBytes: loadBytes, storeBytes: storeBytes)
    }

    /// `{"unit", "flops", "boundaries": [{"name", "bytes", "cycles"}], "core", "roofline", "ecm"}`,
    /// cycles per unit of work, each fraction at the six significant digits the document stores (whole
    /// numbers, the flops and bytes, stay exact), so a report made with the document (simulate
    /// --report) and one made from its file agree.
    static func json(_ c: CostModel) -> JSON {
        func double(_ v: Double) -> JSON {
            .double(v == v.rounded() ? v : Double(String(format: "%.6g", v)) ?? v)
        }
        return .object([
            ("unit", .string(c.unit)), ("flops", double(c.flops)),
            (
                "boundaries",
                .array(
                    c.boundaries.map {
                        .object([
                            ("name", .string($0.name)), ("bytes", double($0.bytes)), ("cycles", double($0.cycles)),
                        ])
                    })
            ),
            ("core", .object([("peakFlopsPerCycle", double(c.peakFlopsPerCycle)), ("cycles", double(c.coreCycles))])),
            (
                "roofline",
                .object([
                    ("cycles", double(c.roofline)), ("gflops", double(c.gflops(c.roofline))),
                    ("bound", .string(c.rooflineBound)),
                ])
            ),
            (
                "ecm",
                .object([
                    ("cycles", double(c.ecm)), ("gflops", double(c.gflops(c.ecm))),
                    ("overlap", double(c.coreCycles)), ("nonOverlap", double(c.nonOverlapCycles)),
                ])
            ),
        ])
    }
}
