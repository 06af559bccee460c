import CacheSim

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
                           stats: SimulationStats) -> JSON {
        .object([("variant", .string(variant)),
                 ("point", .object(point.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
                 ("accesses", .uint(accesses)), ("footprintBytes", .uint(footprintBytes)),
                 ("levels", StatsJSON.levels(stats))])
    }

    public static func document(experiment: String, machine: JSON, runs: [JSON]) -> JSON {
        .object([("experiment", .string(experiment)), ("machine", machine), ("runs", .array(runs))])
    }
}
