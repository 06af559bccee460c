import CacheSim
import ResultsSchema

extension ReportInput.LevelResult {
    /// Level `i` of a simulated run: its totals, its regions in tag order under their names, and
    /// the final flush's write-backs and misses.
    init(_ s: SimulationStats, level i: Int) {
        let level = s.end.levels[i]
        let flushed = s.flushed.levels[i].total
        self.init(
            name: level.config.name, c: level.total,
            regions: level.regions.sorted { $0.key < $1.key }.map { (s.regionName($0.key), $0.value) },
            flushedWritebacks: flushed.writebacks, flushedMisses: flushed.misses,
            classified: s.end.classified)
    }

    /// The level's entry in the `levels` array, as its record (`LevelRecord`) writes it.
    public var json: JSON { SchemaEncoder.encode(record) }
}
