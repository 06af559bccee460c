import CacheSim
import AccessSink

/// The counters of one simulated run: at the end of the access stream and after the final
/// write-back of every dirty line (DineroIV's printed figures), plus region names for labels.
public struct SimulationStats: Sendable, Equatable {
    public var end: HierarchyStats
    public var flushed: HierarchyStats
    public var regionNames: [RegionTag: String]

    public init(end: HierarchyStats, flushed: HierarchyStats, regionNames: [RegionTag: String]) {
        self.end = end
        self.flushed = flushed
        self.regionNames = regionNames
    }

    /// The label of a region tag: its name, or `untagged` / `region-N`.
    public func regionName(_ tag: RegionTag) -> String {
        regionNames[tag] ?? (tag == 0 ? "untagged" : "region-\(tag)")
    }
}
