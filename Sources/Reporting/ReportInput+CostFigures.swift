import LayoutConfig

/// The figures the roofline chart and the CSV read beside a run's modelled times: the run's
/// flops and each boundary's bytes (`runs[].cost`), and the machine's performance figures
/// (`machine.core`, a level's `bandwidth`, `machine.memory`). Every number is range-checked
/// where it is read, with the ranges a machine file allows.
extension ReportInput {
    /// Flops and bytes of one run: far past any simulated run (10^15 accesses of 4 KiB).
    public static let maxTraffic = 1e30

    /// `cost.flops`, `cost.boundaries[].bytes`, `cost.roofline.gflops` and
    /// `cost.core.peakFlopsPerCycle` into `cost`.
    static func costFigures(_ c: JSON, _ at: String, _ d: FieldReader, into cost: inout RunCost) throws {
        cost.flops = try d.number(c["flops"], "\(at).flops", in: 0...maxTraffic)
        cost.boundaryBytes = try d.array(c["boundaries"], "\(at).boundaries").enumerated().map { i, b in
            try d.number(b["bytes"], "\(at).boundaries[\(i)].bytes", in: 0...maxTraffic)
        }
        cost.rooflineGflops = try d.number(c["roofline"]?["gflops"], "\(at).roofline.gflops", in: 0...maxGflops)
        cost.peakFlopsPerCycle = try d.number(
            c["core"]?["peakFlopsPerCycle"], "\(at).core.peakFlopsPerCycle", in: 0...1e5)
    }
}

extension FieldReader {
    /// The performance figures of a document's `machine` (written by `SimulateJSON.machine`):
    /// each level's `bandwidth` (`{"bytesPerCycle": N}` or `{"gbPerSecond": N}`) and `latency`,
    /// `core` and `memory`. Absent keys stay nil; a present one out of range is an error.
    func performance(_ m: JSON?, _ path: String, levels: [ReportInput.Level]) throws -> MachinePerformance {
        var p = MachinePerformance()
        func figure(_ j: JSON?, _ at: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let j, j != .null else { return nil }
            return try number(j, at, in: range)
        }
        for (i, l) in (m?["levels"]?.array ?? []).enumerated() where i < levels.count {
            let at = "\(path).levels[\(i)]"
            var level = MachinePerformance.Level()
            if let b = l["bandwidth"], b != .null {
                if let v = try figure(b["bytesPerCycle"], "\(at).bandwidth.bytesPerCycle", 0.001...1e5) {
                    level.bandwidth = .bytesPerCycle(v)
                } else if let v = try figure(b["gbPerSecond"], "\(at).bandwidth.gbPerSecond", 0.001...1e6) {
                    level.bandwidth = .gigabytesPerSecond(v)
                } else {
                    throw fail("\(at).bandwidth", "expected {\"bytesPerCycle\": N} or {\"gbPerSecond\": N}")
                }
            }
            level.latencyCycles = try figure(l["latency"], "\(at).latency", 0...1e6)
            if level.bandwidth != nil || level.latencyCycles != nil { p.levels[levels[i].name] = level }
        }
        if let c = m?["core"], c != .null {
            var core = MachinePerformance.Core()
            core.clockGHz = try figure(c["clock"], "\(path).core.clock", 0.01...100)
            for (k, v) in c["flopsPerCycle"]?.object ?? [] {
                core.flopsPerCycle[k] = try figure(v, "\(path).core.flopsPerCycle.\(k)", 0.001...1e5)
            }
            core.loadsPerCycle = try figure(c["loadsPerCycle"], "\(path).core.loadsPerCycle", 0.01...64)
            core.storesPerCycle = try figure(c["storesPerCycle"], "\(path).core.storesPerCycle", 0.01...64)
            core.loadBytes = try figure(c["loadBytes"], "\(path).core.loadBytes", 1...4096)
            core.storeBytes = try figure(c["storeBytes"], "\(path).core.storeBytes", 1...4096)
            p.core = core
        }
        if let mem = m?["memory"], mem != .null {
            var memory = MachinePerformance.Memory()
            memory.bandwidthGBs = try figure(mem["bandwidth"], "\(path).memory.bandwidth", 0.001...1e6)
            memory.latencyNs = try figure(mem["latency"], "\(path).memory.latency", 0.1...1e6)
            p.memory = memory
        }
        return p
    }
}
