import CacheSim

/// The stable JSON documents of `replay --json` and of each run in `simulate --json`.
public enum StatsJSON {
    /// One counter block (used for levels and for regions): the derived `accesses`, `hits` and
    /// `misses`, then the field table's core counters. The 3C counters are null when they were
    /// not kept (`replay --no3c`): unknown, not zero.
    static func counters(_ c: LevelCounters, classified: Bool = true) -> [(String, JSON)] {
        [("accesses", .uint(c.accesses)), ("hits", .uint(c.hits)), ("misses", .uint(c.misses))]
            + block(.core, c, classified: classified)
    }

    /// The field table's counters beyond the documented core, appended after it.
    static func extras(_ c: LevelCounters, classified: Bool = true) -> [(String, JSON)] {
        block(.extra, c, classified: classified)
    }

    /// The counters of one block of the field table, in its order.
    static func block(_ b: LevelCounters.Field.Block, _ c: LevelCounters, classified: Bool) -> [(String, JSON)] {
        LevelCounters.fields.filter { $0.block == b }.map { f in
            (f.name, f.threeC && !classified ? .null : .uint(c[keyPath: f.keyPath]))
        }
    }

    /// The `levels` array: counters at the end of the trace, `flushed` after the final write-back.
    public static func levels(_ s: SimulationStats) -> JSON {
        .array(s.end.levels.indices.map { ReportInput.LevelResult(s, level: $0).json })
    }

    /// `{"accesses": N, "instructions": N, "skipped": N, "maintenance": N, "levels": [...]}`:
    /// data accesses and instruction fetches simulated, records skipped (instruction fetches
    /// without an instruction level), copy-back and invalidate records executed. Then what was replayed, for `report`: `trace`,
    /// `format`, `machine` (as in simulate's document), `layoutlab` and `command`.
    public static func replay(
        accesses: UInt64, instructions: UInt64 = 0, skipped: UInt64, maintenance: UInt64 = 0,
        stats: SimulationStats, about: [(String, JSON)] = []
    ) -> JSON {
        .object(
            [
                ("accesses", .uint(accesses)), ("instructions", .uint(instructions)), ("skipped", .uint(skipped)),
                ("maintenance", .uint(maintenance)),
                ("levels", levels(stats)),
            ] + about)
    }

    /// Reads back the counters of a `levels` entry (or a region entry) written by `levels`.
    public static func decodeCounters(_ j: JSON) -> LevelCounters {
        var c = LevelCounters()
        for f in LevelCounters.fields { c[keyPath: f.keyPath] = j[f.name]?.uint64 ?? 0 }
        // Documents without the extras give only `accesses`: counted as loads.
        if c.loads == 0 && c.stores == 0 { c.loads = j["accesses"]?.uint64 ?? 0 }
        return c
    }
}
