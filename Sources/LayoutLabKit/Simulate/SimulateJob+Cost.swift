import CacheSim
import Engine
import LayoutConfig
import Models
import Reporting
import ResultsSchema

/// Each run's modelled time (`runs[].cost`), computed from its counters in the document, so
/// every document with runs of a kernel has it: a whole sweep, a shard (merged unchanged) and
/// a measured sweep. Without the machine figures a model needs, `cost` is null and `costNote`
/// names them.
extension SimulateJob {
    /// `run` with `cost` (and `costNote`) set.
    static func withCost(_ run: RunRecord, spec: RunSpec?, machine: MachineSpec, element: ElementType) -> RunRecord {
        var r = run
        guard let spec else {
            r.cost = OrNull(nil)
            r.costNote = "the run is not one of this experiment's runs"
            return r
        }
        if machine.performance.isEmpty {
            r.cost = OrNull(nil)
            r.costNote = "the machine file gives no performance figures: core, a level's bandwidth, memory"
            return r
        }
        switch CostModel.evaluate(
            traffic(run, spec: spec, machine: machine, element: element), machine: machine.performance)
        {
        case .success(let c): r.cost = OrNull(record(c))
        case .failure(let missing):
            r.cost = OrNull(nil)
            r.costNote = missing.description
        }
        return r
    }

    /// What the run moved, read from its record: per data level the counters, and the bytes of
    /// its loads and stores at the first level (each array's element size).
    static func traffic(_ run: RunRecord, spec: RunSpec, machine: MachineSpec, element: ElementType)
        -> CostModel.Traffic
    {
        let data = Set(machine.levels.filter { !$0.instruction }.map(\.name))
        let levels = run.levels.filter { data.contains($0.name) }
        var loadBytes = 0.0
        var storeBytes = 0.0
        for (name, counters) in levels.first?.regions ?? [] {
            let size = Double(["C", "output"].contains(name) ? element.accumulatorSize : element.size)
            loadBytes += Double(counters.loads) * size
            storeBytes += Double(counters.stores) * size
        }
        let (unit, units): (String, Double)
        switch spec.kernel {
        case .gemm(let s, _): (unit, units) = ("MNK", Double(s.m) * Double(s.n) * Double(s.k))
        case .conv: (unit, units) = ("multiply-add", spec.multiplyAdds)
        }
        return CostModel.Traffic(
            unit: unit, units: units, element: element.rawValue, levels: levels.map { ($0.name, $0.counters) },
            loadBytes: loadBytes, storeBytes: storeBytes)
    }

    /// The cost's record: cycles per unit of work, each fraction at the six significant digits
    /// the document stores (whole numbers, the flops and bytes, stay exact), so a report made
    /// with the document (simulate --report) and one made from its file agree.
    static func record(_ c: CostModel) -> CostRecord {
        let stored = JSON.stored
        var r = CostRecord()
        r.unit = c.unit
        r.flops = stored(c.flops)
        r.boundaries = c.boundaries.map { b in
            var x = CostRecord.Boundary()
            x.name = b.name
            x.bytes = stored(b.bytes)
            x.cycles = stored(b.cycles)
            return x
        }
        r.core.peakFlopsPerCycle = stored(c.peakFlopsPerCycle)
        r.core.cycles = stored(c.coreCycles)
        r.roofline.cycles = stored(c.roofline)
        r.roofline.gflops = stored(c.gflops(c.roofline))
        r.roofline.bound = c.rooflineBound
        r.ecm.cycles = stored(c.ecm)
        r.ecm.gflops = stored(c.gflops(c.ecm))
        r.ecm.overlap = stored(c.coreCycles)
        r.ecm.nonOverlap = stored(c.nonOverlapCycles)
        return r
    }
}
