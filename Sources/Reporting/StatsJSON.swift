import CacheSim
import ResultsSchema

/// The levels of a simulated run and the `replay --json` document, as the schema's records.
public enum StatsJSON {
    /// The `levels` records: counters at the end of the trace, `flushed` after the final write-back.
    public static func levelRecords(_ s: SimulationStats) -> [LevelRecord] {
        s.end.levels.indices.map { ReportInput.LevelResult(s, level: $0).record }
    }

    /// The `levels` array.
    public static func levels(_ s: SimulationStats) -> JSON { SchemaEncoder.encode(levelRecords(s)) }

    /// `{"accesses": N, "instructions": N, "skipped": N, "maintenance": N, "levels": [...]}`:
    /// data accesses and instruction fetches simulated, records skipped (instruction fetches
    /// without an instruction level), copy-back and invalidate records executed; `about` (a
    /// `ReplayDocument` with what was replayed: trace, format, machine, version, command) is
    /// filled in with them.
    public static func replay(
        accesses: UInt64, instructions: UInt64 = 0, skipped: UInt64, maintenance: UInt64 = 0,
        stats: SimulationStats, about: ReplayDocument? = nil
    ) -> JSON {
        var doc = about ?? ReplayDocument()
        doc.accesses = accesses
        doc.instructions = instructions
        doc.skipped = skipped
        doc.maintenance = maintenance
        doc.levels = levelRecords(stats)
        return SchemaEncoder.encode(doc)
    }
}
