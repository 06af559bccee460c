import CacheSim

/// The stable JSON documents of `replay --json` and of each run in `simulate --json`.
public enum StatsJSON {
    /// One counter block (used for levels and for regions). The 3C counters are null when
    /// they were not kept (`replay --no3c`): unknown, not zero.
    static func counters(_ c: LevelCounters, classified: Bool = true) -> [(String, JSON)] {
        func threeC(_ v: UInt64) -> JSON { classified ? .uint(v) : .null }
        return [("accesses", .uint(c.accesses)), ("hits", .uint(c.hits)), ("misses", .uint(c.misses)),
                ("loadMisses", .uint(c.loadMisses)), ("storeMisses", .uint(c.storeMisses)),
                ("writebacks", .uint(c.writebacks)), ("compulsory", threeC(c.compulsory)),
                ("capacity", threeC(c.capacity)), ("conflict", threeC(c.conflict)),
                ("prefetches", .uint(c.prefetches))]
    }

    /// Counters beyond the documented core, appended after it.
    static func extras(_ c: LevelCounters) -> [(String, JSON)] {
        [("loads", .uint(c.loads)), ("stores", .uint(c.stores)), ("usefulPrefetches", .uint(c.usefulPrefetches)),
         ("bytesRead", .uint(c.bytesRead)), ("bytesWritten", .uint(c.bytesWritten)),
         ("backInvalidations", .uint(c.backInvalidations))]
    }

    /// The `levels` array: counters at the end of the trace, `flushed` after the final write-back.
    public static func levels(_ s: SimulationStats) -> JSON {
        .array(s.end.levels.enumerated().map { i, level in
            var o: [(String, JSON)] = [("name", .string(level.config.name))]
            o += counters(level.total, classified: s.end.classified)
            let regions = level.regions.sorted { $0.key < $1.key }.map { tag, c in
                (s.regionName(tag), JSON.object(counters(c, classified: s.end.classified) + extras(c)))
            }
            o.append(("regions", .object(regions)))
            let f = s.flushed.levels[i].total
            o.append(("flushed", .object([("writebacks", .uint(f.writebacks)), ("misses", .uint(f.misses))])))
            o += extras(level.total)
            return JSON.object(o)
        })
    }

    /// `{"accesses": N, "instructions": N, "skipped": N, "maintenance": N, "levels": [...]}`:
    /// data accesses and instruction fetches simulated, records skipped (instruction fetches
    /// without an instruction level), copy-back and invalidate records executed. Then what was replayed, for `report`: `trace`,
    /// `format`, `machine` (as in simulate's document), `layoutlab` and `command`.
    public static func replay(accesses: UInt64, instructions: UInt64 = 0, skipped: UInt64, maintenance: UInt64 = 0,
                              stats: SimulationStats, about: [(String, JSON)] = []) -> JSON {
        .object([("accesses", .uint(accesses)), ("instructions", .uint(instructions)), ("skipped", .uint(skipped)),
                 ("maintenance", .uint(maintenance)),
                 ("levels", levels(stats))] + about)
    }

    /// Reads back the counters of a `levels` entry (or a region entry) written by `levels`.
    public static func decodeCounters(_ j: JSON) -> LevelCounters {
        var c = LevelCounters()
        func u(_ k: String) -> UInt64 { j[k]?.uint64 ?? 0 }
        c.loadMisses = u("loadMisses"); c.storeMisses = u("storeMisses")
        c.loads = u("loads"); c.stores = u("stores")
        if c.loads == 0 && c.stores == 0 { c.loads = u("accesses") }
        c.writebacks = u("writebacks"); c.compulsory = u("compulsory"); c.capacity = u("capacity")
        c.conflict = u("conflict"); c.prefetches = u("prefetches"); c.usefulPrefetches = u("usefulPrefetches")
        c.bytesRead = u("bytesRead"); c.bytesWritten = u("bytesWritten"); c.backInvalidations = u("backInvalidations")
        return c
    }
}
