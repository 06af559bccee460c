import CacheSim
import LayoutConfig
import Reporting
import ResultsSchema

/// The `simulate --json` document's records made from the specs: the machine, each run, and
/// what was run. The records themselves (and their key order) are `ResultsSchema`'s.
public enum SimulateJSON {
    /// A machine's geometry and policies.
    public static func machineRecord(name: String, levels: [LevelConfig]) -> MachineRecord {
        var record = MachineRecord()
        record.name = name
        record.levels = levels.map { c in
            var l = MachineRecord.Level()
            l.name = c.name
            l.size = c.size
            l.line = c.line
            l.ways = c.ways
            l.sets = c.sets
            l.policy = c.policy.rawValue
            l.write = c.writeBack ? "back" : "through"
            l.allocate = c.writeAllocate
            l.inclusion = c.inclusion.rawValue
            l.prefetch = c.prefetch.rawValue
            l.degree = UInt64(c.prefetchDegree)
            l.side = c.instruction ? "instruction" : nil
            return l
        }
        return record
    }

    public static func machine(name: String, levels: [LevelConfig]) -> JSON {
        SchemaEncoder.encode(machineRecord(name: name, levels: levels))
    }

    /// The machine's geometry and, where its file gives them, its performance figures: each
    /// level's `bandwidth` (`{"bytesPerCycle": N}` or `{"gbPerSecond": N}`) and `latency`
    /// (cycles), then the machine's `core` and `memory`. A machine without figures is written
    /// as before they existed.
    public static func machineRecord(_ m: MachineSpec) -> MachineRecord {
        var record = machineRecord(name: m.name, levels: m.levels)
        let p = m.performance
        guard !p.isEmpty else { return record }
        for (i, c) in m.levels.enumerated() {
            guard let lp = p.levels[c.name] else { continue }
            switch lp.bandwidth {
            case .bytesPerCycle(let b)?:
                record.levels[i].bandwidth = MachineRecord.Bandwidth()
                record.levels[i].bandwidth?.bytesPerCycle = b
            case .gigabytesPerSecond(let g)?:
                record.levels[i].bandwidth = MachineRecord.Bandwidth()
                record.levels[i].bandwidth?.gbPerSecond = g
            case nil: break
            }
            record.levels[i].latency = lp.latencyCycles
        }
        if let c = p.core {
            var core = MachineRecord.Core()
            core.clock = c.clockGHz
            if !c.flopsPerCycle.isEmpty {
                core.flopsPerCycle = Fields(c.flopsPerCycle.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
            core.loadsPerCycle = c.loadsPerCycle
            core.storesPerCycle = c.storesPerCycle
            core.loadBytes = c.loadBytes
            core.storeBytes = c.storeBytes
            record.core = core
        }
        if let mem = p.memory {
            var memory = MachineRecord.Memory()
            memory.bandwidth = OrNull(mem.bandwidthGBs)
            memory.latency = OrNull(mem.latencyNs)
            record.memory = memory
        }
        return record
    }

    public static func machine(_ m: MachineSpec) -> JSON { SchemaEncoder.encode(machineRecord(m)) }

    /// One run: variant, point, accesses, footprint and levels, then, where the analytical model
    /// covers the kernel, `model` (misses per level, null for a level it does not predict) and
    /// `modelNote` (why, when some level is null); `warp` when given (null when warping was not tried).
    public static func runRecord(
        variant: String, point: SweepPoint, accesses: UInt64, footprintBytes: UInt64,
        stats: SimulationStats, model: [UInt64?]? = nil, modelNote: String? = nil,
        warp: OrNull<WarpRecord>? = nil, sameAs: Int? = nil
    ) -> RunRecord {
        var r = RunRecord()
        r.variant = variant
        r.point = Fields(point)
        r.sameAs = sameAs.map { Int64($0) }
        r.accesses = accesses
        r.levels = StatsJSON.levelRecords(stats)
        r.footprintBytes = footprintBytes
        r.model = model.map { m in Fields(zip(stats.end.levels, m).map { ($0.config.name, OrNull($1)) }) }
        r.modelNote = modelNote
        r.warp = warp
        return r
    }

    public static func run(
        variant: String, point: SweepPoint, accesses: UInt64, footprintBytes: UInt64,
        stats: SimulationStats, model: [UInt64?]? = nil, modelNote: String? = nil,
        warp: OrNull<WarpRecord>? = nil
    ) -> JSON {
        SchemaEncoder.encode(
            runRecord(
                variant: variant, point: point, accesses: accesses, footprintBytes: footprintBytes, stats: stats,
                model: model, modelNote: modelNote, warp: warp))
    }

    /// The document of `runs` on `machine`.
    public static func document(experiment: String, machine: MachineRecord, runs: [RunRecord]) -> ResultsDocument {
        var doc = ResultsDocument()
        doc.experiment = experiment
        doc.machine = machine
        doc.runs = runs
        return doc
    }

    /// A variant's keys as written, plus, for convolution, the loop nest, filter layout and
    /// activation layout it resolves to where the file leaves them to defaults (and no sweep sets
    /// them), so a report states every variant's loop nest and filter layout.
    static func resolvedKeys(_ spec: ExperimentSpec, _ v: VariantSpec) -> [String: String] {
        var keys = v.values.filter { $0.key != "name" }
        guard case .conv(_, let cv)? = spec.runs.first(where: { $0.variant == v.name })?.kernel else { return keys }
        var resolved = [("filter", cv.filter.description), ("layout", cv.layoutName)]
        // The naive GEMM's order stands as `loops` where `gemm:` does not give the GEMM.
        let viaGemm = keys.keys.contains { $0.hasPrefix("gemm.") }
        switch cv.algorithm {
        case .direct(let nest): resolved.append(("loops", nest.description))
        case .im2col(.naive(let o)) where !viaGemm, .gemm1x1(.naive(let o)) where !viaGemm:
            resolved.append(("loops", o.rawValue))
        case .im2col, .gemm1x1, .indirect, .winograd: break
        }
        for (k, value) in resolved where keys[k] == nil && !spec.sweep.contains(where: { $0.key == k }) {
            keys[k] = value
        }
        return keys
    }

    /// `doc` with what was run, for reports: description, kernel, element, shape, sweep axes,
    /// variants and their keys, version, command and claims.
    public static func about(_ doc: ResultsDocument, _ spec: ExperimentSpec, version: String, command: String)
        -> ResultsDocument
    {
        var d = doc
        d.description = spec.description
        d.kernel = spec.kernel.rawValue
        d.element = spec.element.rawValue
        d.shape = Fields(spec.shape.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        d.sweep = Fields(spec.sweep.map { ($0.key, $0.values) })
        d.variants = spec.variants.map { v in
            Fields([("name", v.name)] + resolvedKeys(spec, v).sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        d.layoutlab = version
        d.command = command
        d.claims = spec.claims.isEmpty ? nil : spec.claims
        return d
    }

    /// A claim as the report reads it back.
    public static func claim(_ c: Claim) -> JSON { SchemaEncoder.encode(c) }
}
