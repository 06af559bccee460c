import CacheSim
import LayoutConfig

/// The `simulate --json` document.
public enum SimulateJSON {
    public static func machine(name: String, levels: [LevelConfig]) -> JSON {
        .object([
            ("name", .string(name)),
            (
                "levels",
                .array(
                    levels.map { c in
                        .object(
                            [
                                ("name", .string(c.name)), ("size", .uint(UInt64(c.size))),
                                ("line", .uint(UInt64(c.line))),
                                ("ways", .uint(UInt64(c.ways))), ("sets", .uint(UInt64(c.sets))),
                                ("policy", .string(c.policy.rawValue)),
                                ("write", .string(c.writeBack ? "back" : "through")),
                                ("allocate", .bool(c.writeAllocate)),
                                ("inclusion", .string(c.inclusion.rawValue)),
                                ("prefetch", .string(c.prefetch.rawValue)),
                                ("degree", .uint(UInt64(c.prefetchDegree))),
                            ] + (c.instruction ? [("side", .string("instruction"))] : []))
                    })
            ),
        ])
    }

    /// The machine's geometry and, where its file gives them, its performance figures: each
    /// level's `bandwidth` (`{"bytesPerCycle": N}` or `{"gbPerSecond": N}`) and `latency`
    /// (cycles), then the machine's `core` and `memory`. A machine without figures is written
    /// as before they existed.
    public static func machine(_ m: MachineSpec) -> JSON {
        guard case .object(var o) = machine(name: m.name, levels: m.levels),
            case .array(let levels)? = m.performance.isEmpty
                ? nil : o.first(where: { $0.0 == "levels" })?.1
        else { return machine(name: m.name, levels: m.levels) }
        let p = m.performance
        let withFigures: [JSON] = zip(levels, m.levels).map { j, c in
            guard case .object(var l) = j, let lp = p.levels[c.name] else { return j }
            switch lp.bandwidth {
            case .bytesPerCycle(let b)?: l.append(("bandwidth", .object([("bytesPerCycle", .double(b))])))
            case .gigabytesPerSecond(let g)?: l.append(("bandwidth", .object([("gbPerSecond", .double(g))])))
            case nil: break
            }
            if let lat = lp.latencyCycles { l.append(("latency", .double(lat))) }
            return .object(l)
        }
        o = o.map { $0.0 == "levels" ? ("levels", .array(withFigures)) : $0 }
        if let c = p.core {
            var core: [(String, JSON)] = []
            if let v = c.clockGHz { core.append(("clock", .double(v))) }
            if !c.flopsPerCycle.isEmpty {
                core.append(
                    (
                        "flopsPerCycle",
                        .object(c.flopsPerCycle.sorted { $0.key < $1.key }.map { ($0.key, .double($0.value)) })
                    ))
            }
            for (k, v) in [
                ("loadsPerCycle", c.loadsPerCycle), ("storesPerCycle", c.storesPerCycle),
                ("loadBytes", c.loadBytes), ("storeBytes", c.storeBytes),
            ] {
                if let v { core.append((k, .double(v))) }
            }
            o.append(("core", .object(core)))
        }
        if let mem = p.memory {
            o.append(
                (
                    "memory",
                    .object([
                        ("bandwidth", mem.bandwidthGBs.map(JSON.double) ?? .null),
                        ("latency", mem.latencyNs.map(JSON.double) ?? .null),
                    ])
                ))
        }
        return .object(o)
    }

    /// One run: `{"variant", "point", "accesses", "footprintBytes", "levels"}`, then, where the
    /// analytical model covers the kernel, `"model"` (misses per level, `null` for a level it does
    /// not predict) and `"modelNote"` (why, when some level is `null`); `"warp"` when given
    /// (`{"skippedAccesses", "explicitAccesses", "period"}`, or null when warping was not tried).
    /// `"sameAs"` (after `"point"`, only where given): the index of the run whose counts these
    /// are, for a run the sweep's axis does not change.
    public static func run(
        variant: String, point: SweepPoint, accesses: UInt64, footprintBytes: UInt64,
        stats: SimulationStats, model: [UInt64?]? = nil, modelNote: String? = nil,
        warp: JSON? = nil, sameAs: Int? = nil
    ) -> JSON {
        var o: [(String, JSON)] = [
            ("variant", .string(variant)),
            ("point", .object(point.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })),
        ]
        if let sameAs { o.append(("sameAs", .uint(UInt64(sameAs)))) }
        o += [
            ("accesses", .uint(accesses)), ("footprintBytes", .uint(footprintBytes)),
            ("levels", StatsJSON.levels(stats)),
        ]
        if let model {
            o.append(
                ("model", .object(zip(stats.end.levels, model).map { ($0.config.name, $1.map { .uint($0) } ?? .null) }))
            )
        }
        if let modelNote { o.append(("modelNote", .string(modelNote))) }
        if let warp { o.append(("warp", warp)) }
        return .object(o)
    }

    /// A sweep value: a number or a string.
    public static func json(_ v: SweepValue) -> JSON {
        switch v {
        case .int(let x): return .int(Int64(x))
        case .text(let s): return .string(s)
        }
    }

    /// The document; `about` adds what was run (kernel, shape, variants, sweep, version, command)
    /// after the documented keys.
    public static func document(experiment: String, machine: JSON, runs: [JSON], about: [(String, JSON)] = []) -> JSON {
        .object([("experiment", .string(experiment)), ("machine", machine), ("runs", .array(runs))] + about)
    }

    /// A variant's keys as written, plus, for convolution, the loop nest, filter layout and
    /// activation layout it resolves to where the file leaves them to defaults (and no sweep sets
    /// them), so a report states every variant's loop nest and filter layout.
    static func resolvedKeys(_ spec: ExperimentSpec, _ v: VariantSpec) -> [String: String] {
        var keys = v.values.filter { $0.key != "name" }
        guard case .conv(_, let cv)? = spec.runs.first(where: { $0.variant == v.name })?.kernel else { return keys }
        let loops: String
        switch cv.algorithm {
        case .direct(let nest): loops = nest.description
        case .im2col(let o), .gemm1x1(let o): loops = o.rawValue
        }
        for (k, value) in [("loops", loops), ("filter", cv.filter.description), ("layout", cv.layout.rawValue)]
        where keys[k] == nil && !spec.sweep.contains(where: { $0.key == k }) { keys[k] = value }
        return keys
    }

    /// What was run, for reports: kernel, element, shape, sweep axes, variants and their keys.
    public static func about(_ spec: ExperimentSpec, version: String, command: String) -> [(String, JSON)] {
        (spec.description.map { [("description", JSON.string($0))] } ?? []) + [
            ("kernel", .string(spec.kernel.rawValue)), ("element", .string(spec.element.rawValue)),
            ("shape", .object(spec.shape.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
            ("sweep", .object(spec.sweep.map { ($0.key, .array($0.values.map(json))) })),
            (
                "variants",
                .array(
                    spec.variants.map { v in
                        .object(
                            [("name", .string(v.name))]
                                + resolvedKeys(spec, v).sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                    })
            ),
            ("layoutlab", .string(version)), ("command", .string(command)),
        ]
            + (spec.claims.isEmpty ? [] : [("claims", .array(spec.claims.map(claim)))])
    }

    /// A claim as the report reads it back.
    public static func claim(_ c: Claim) -> JSON {
        var o: [(String, JSON)] = [
            ("text", .string(c.text)), ("metric", .string(c.metric.rawValue)),
            ("variant", .string(c.variant)), ("value", .double(c.value)),
        ]
        if let l = c.level { o.append(("level", .string(l))) }
        if let b = c.baseline { o.append(("baseline", .string(b))) }
        o.append(("tolerance", .double(c.tolerance)))
        return .object(o)
    }
}
