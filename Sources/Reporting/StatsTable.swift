import CacheSim
import Foundation

/// Human-readable tables of simulation counters.
public enum StatsTable {
    /// One row per level, then one per level and region.
    public static func render(_ s: SimulationStats) -> String {
        var t = TextTable([
            "level", "accesses", "misses", "miss rate", "load miss", "store miss", "writebacks",
            "compulsory", "capacity", "conflict", "prefetches", "flushed wb",
        ])
        for (i, l) in s.end.levels.enumerated() {
            let c = l.total
            // Without the 3C split (`--no3c`) its counters are unknown: shown as "-", not 0.
            let threeC = s.end.classified ? [c.compulsory, c.capacity, c.conflict].map(Fmt.int) : ["-", "-", "-"]
            t.add(
                [
                    l.config.name, Fmt.int(c.accesses), Fmt.int(c.misses), Fmt.percent(c.missRate),
                    Fmt.int(c.loadMisses), Fmt.int(c.storeMisses), Fmt.int(c.writebacks),
                ] + threeC
                    + [Fmt.int(c.prefetches), Fmt.int(s.flushed.levels[i].total.writebacks)])
        }
        var out = t.render()
        let multi = s.end.levels.contains { $0.regions.count > 1 || $0.regions.keys.contains { $0 != 0 } }
        if multi {
            var r = TextTable(["level/region", "accesses", "misses", "miss rate", "writebacks"])
            for l in s.end.levels {
                for (tag, c) in l.regions.sorted(by: { $0.key < $1.key }) {
                    r.add([
                        "\(l.config.name)/\(s.regionName(tag))", Fmt.int(c.accesses), Fmt.int(c.misses),
                        Fmt.percent(c.missRate), Fmt.int(c.writebacks),
                    ])
                }
            }
            out += "\n" + r.render()
        }
        return out
    }

    /// A machine's geometry: one row per level.
    public static func machine(_ levels: [LevelConfig]) -> String {
        var t = TextTable([
            "level", "size", "line", "ways", "sets", "indexing", "policy", "write", "inclusion", "prefetch",
        ])
        for c in levels {
            t.add([
                c.name, Fmt.bytes(c.size), "\(c.line)", c.fullyAssociative ? "\(c.ways) (full)" : "\(c.ways)",
                "\(c.sets)", c.setsArePowerOfTwo ? "bit selection" : "modulo (sets not a power of two)",
                c.policy.rawValue + (c.fifoShadow ? " (3C shadow fifo)" : ""),
                (c.writeBack ? "back" : "through") + (c.writeAllocate ? "+allocate" : "+no-allocate"),
                c.instruction ? "instruction side" : c.inclusion.rawValue,
                c.prefetch == .none
                    ? "none"
                    : "\(c.prefetch.rawValue) x\(c.prefetchDegree)"
                        + (c.prefetchDistance != 1 && c.prefetch != .stride ? " +\(c.prefetchDistance)" : ""),
            ])
        }
        return t.render()
    }
}
