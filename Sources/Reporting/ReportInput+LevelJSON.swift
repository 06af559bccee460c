import CacheSim

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

    /// The level's entry in the `levels` array, keys in the documented order: `name`, the core
    /// counters, `regions` (each region's core counters and extras), `flushed`, then the extras.
    public var json: JSON {
        var o: [(String, JSON)] = [("name", .string(name))]
        o += StatsJSON.counters(c, classified: classified)
        let regions = regions.map { r in
            (
                r.name,
                JSON.object(
                    StatsJSON.counters(r.c, classified: classified)
                        + StatsJSON.extras(r.c, classified: classified))
            )
        }
        o.append(("regions", .object(regions)))
        o.append(("flushed", .object([("writebacks", .uint(flushedWritebacks)), ("misses", .uint(flushedMisses))])))
        o += StatsJSON.extras(c, classified: classified)
        return .object(o)
    }
}
