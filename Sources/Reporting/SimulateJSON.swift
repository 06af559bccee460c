import CacheSim
import LayoutConfig

/// The `simulate --json` document.
public enum SimulateJSON {
    public static func machine(name: String, levels: [LevelConfig]) -> JSON {
        .object([("name", .string(name)), ("levels", .array(levels.map { c in
            .object([("name", .string(c.name)), ("size", .uint(UInt64(c.size))), ("line", .uint(UInt64(c.line))),
                     ("ways", .uint(UInt64(c.ways))), ("sets", .uint(UInt64(c.sets))), ("policy", .string(c.policy.rawValue)),
                     ("write", .string(c.writeBack ? "back" : "through")), ("allocate", .bool(c.writeAllocate)),
                     ("inclusion", .string(c.inclusion.rawValue)), ("prefetch", .string(c.prefetch.rawValue)),
                     ("degree", .uint(UInt64(c.prefetchDegree)))])
        }))])
    }

    /// One run: `{"variant", "point", "accesses", "footprintBytes", "levels"}`.
    public static func run(variant: String, point: [String: Int], accesses: UInt64, footprintBytes: UInt64,
                           stats: SimulationStats, model: [UInt64]? = nil) -> JSON {
        var o: [(String, JSON)] = [("variant", .string(variant)),
                 ("point", .object(point.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
                 ("accesses", .uint(accesses)), ("footprintBytes", .uint(footprintBytes)),
                 ("levels", StatsJSON.levels(stats))]
        if let model {
            o.append(("model", .object(zip(stats.end.levels, model).map { ($0.config.name, .uint($1)) })))
        }
        return .object(o)
    }

    /// The document; `about` adds what was run (kernel, shape, variants, sweep, version, command)
    /// after the documented keys.
    public static func document(experiment: String, machine: JSON, runs: [JSON], about: [(String, JSON)] = []) -> JSON {
        .object([("experiment", .string(experiment)), ("machine", machine), ("runs", .array(runs))] + about)
    }

    /// What was run, for reports: kernel, element, shape, sweep axes, variants and their keys.
    public static func about(_ spec: ExperimentSpec, version: String, command: String) -> [(String, JSON)] {
        (spec.description.map { [("description", JSON.string($0))] } ?? []) +
        [("kernel", .string(spec.kernel.rawValue)), ("element", .string(spec.element.rawValue)),
         ("shape", .object(spec.shape.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
         ("sweep", .object(spec.sweep.map { ($0.key, .array($0.values.map { .int(Int64($0)) })) })),
         ("variants", .array(spec.variants.map { v in
             .object([("name", .string(v.name))] + v.values.filter { $0.key != "name" }.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
         })),
         ("layoutlab", .string(version)), ("command", .string(command))]
    }
}
