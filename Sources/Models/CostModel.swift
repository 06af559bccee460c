import CacheSim
import LayoutConfig

/// Time from the exact traffic: two documented models of a run's cycles per unit of work (per
/// MNK for GEMM, per multiply-add for convolution), from the machine file's performance figures
/// and the simulated bytes crossing each boundary.
///
/// - **Roofline**: T = max(T_core, max over boundaries of bytes / bandwidth). T_core is the
///   flops at the element type's peak; the registers-L1 boundary moves the loads' and the stores'
///   bytes through their ports (loads per cycle x bytes per load, likewise stores), the larger
///   of the two times; each boundary below moves the upper level's bytes in and out (fills and
///   write-backs) at that level's bandwidth, the last level's at memory's. A lower bound.
/// - **ECM** (Kerncraft's Execution-Cache-Memory model): T = max(T_OL, T_nOL + sum of the
///   transfer times), T_OL the arithmetic (overlapping with transfers), T_nOL the load and store
///   instructions' cycles on their ports (each access is one instruction, as the engine emits the
///   source-level stream), the transfer times those of the boundaries below L1.
package struct CostModel: Sendable, Equatable {
    /// What the bytes of one boundary cost, in cycles per unit of work.
    package struct Boundary: Sendable, Equatable {
        package var name: String
        package var bytes: Double
        package var cycles: Double
    }

    package var unit: String
    /// Flops of the whole run (2 per multiply-add).
    package var flops: Double
    /// registers-L1, then L1-L2, ..., last level-memory.
    package var boundaries: [Boundary]
    /// Element type's peak flops per cycle, and T_core (cycles per unit of work).
    package var peakFlopsPerCycle: Double
    package var coreCycles: Double
    /// T_nOL: the load and store instructions' cycles per unit of work.
    package var nonOverlapCycles: Double
    package var roofline: Double
    /// The term that bounds the roofline time: "core" or a boundary's name.
    package var rooflineBound: String
    package var ecm: Double
    package var clockGHz: Double

    /// GFLOP/s at `cycles` per unit of work (2 flops per unit).
    package func gflops(_ cycles: Double) -> Double { cycles > 0 ? 2 * clockGHz / cycles : 0 }

    /// What one run moved: its units of work, element type, and per data level (nearest the core
    /// first) the level's name and counters; `accessBytes` the loads' and stores' bytes at L1.
    package struct Traffic: Sendable {
        package var unit: String
        package var units: Double
        package var element: String
        package var levels: [(name: String, counters: LevelCounters)]
        package var loadBytes: Double
        package var storeBytes: Double
        package init(
            unit: String, units: Double, element: String, levels: [(name: String, counters: LevelCounters)],
            loadBytes: Double, storeBytes: Double
        ) {
            self.unit = unit
            self.units = units
            self.element = element
            self.levels = levels
            self.loadBytes = loadBytes
            self.storeBytes = storeBytes
        }
    }

    /// Both models for `traffic` on `machine`, or the missing parameters (named as the machine
    /// file spells them) when a figure either model needs is absent.
    package static func evaluate(_ traffic: Traffic, machine p: MachinePerformance) -> Result<
        CostModel, MissingParameters
    > {
        var missing: [String] = []
        let core = p.core
        let clock = core?.clockGHz
        if clock == nil { missing.append("core.clock") }
        let peak = core?.flopsPerCycle[traffic.element]
        if peak == nil { missing.append("core.flopsPerCycle.\(traffic.element)") }
        let ports = [
            ("core.loadsPerCycle", core?.loadsPerCycle), ("core.loadBytes", core?.loadBytes),
            ("core.storesPerCycle", core?.storesPerCycle), ("core.storeBytes", core?.storeBytes),
        ]
        missing += ports.filter { $0.1 == nil }.map(\.0)
        var bandwidths: [Double?] = []
        for (i, level) in traffic.levels.enumerated() {
            if i + 1 < traffic.levels.count {
                let b = p.levels[level.name]?.bandwidth
                if b == nil { missing.append("\(level.name).bandwidth") }
                bandwidths.append(b?.bytesPerCycle(clockGHz: clock))
            } else {
                if p.memory?.bandwidthGBs == nil { missing.append("memory.bandwidth") }
                bandwidths.append(p.memory?.bandwidthGBs.flatMap { g in clock.map { g / $0 } })
            }
        }
        guard missing.isEmpty, let clock, let peak, let lpc = core?.loadsPerCycle, let lb = core?.loadBytes,
            let spc = core?.storesPerCycle, let sb = core?.storeBytes, traffic.units > 0
        else {
            return .failure(MissingParameters(names: missing.isEmpty ? ["a run with no work"] : missing))
        }
        let w = traffic.units
        let l1 = traffic.levels.first?.counters ?? LevelCounters()
        let registers = max(traffic.loadBytes / (lpc * lb), traffic.storeBytes / (spc * sb)) / w
        var boundaries = [
            Boundary(
                name: "registers-\(traffic.levels.first?.name ?? "L1")",
                bytes: traffic.loadBytes + traffic.storeBytes, cycles: registers)
        ]
        for (i, level) in traffic.levels.enumerated() {
            let below = i + 1 < traffic.levels.count ? traffic.levels[i + 1].name : "memory"
            let bytes = Double(level.counters.bytesRead) + Double(level.counters.bytesWritten)
            boundaries.append(
                Boundary(name: "\(level.name)-\(below)", bytes: bytes, cycles: bytes / bandwidths[i]! / w))
        }
        let coreCycles = 2 * w / peak / w
        let nonOverlap = max(Double(l1.loads) / lpc, Double(l1.stores) / spc) / w
        let worst = boundaries.max { $0.cycles < $1.cycles }!
        let transfers = boundaries.dropFirst().reduce(0) { $0 + $1.cycles }
        return .success(
            CostModel(
                unit: traffic.unit, flops: 2 * w, boundaries: boundaries, peakFlopsPerCycle: peak,
                coreCycles: coreCycles, nonOverlapCycles: nonOverlap,
                roofline: max(coreCycles, worst.cycles),
                rooflineBound: coreCycles >= worst.cycles ? "core" : worst.name,
                ecm: max(coreCycles, nonOverlap + transfers), clockGHz: clock))
    }
}

/// The machine-file figures a model needed and did not have, e.g. `core.clock, L2.bandwidth`.
package struct MissingParameters: Error, Sendable, Equatable, CustomStringConvertible {
    package var names: [String]
    package var description: String { "the machine file does not give " + names.joined(separator: ", ") }
}
