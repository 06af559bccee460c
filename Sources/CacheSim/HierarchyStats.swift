import AccessSink
/// One level's counters at a moment: totals and the per-region split.
public struct LevelStats: Sendable, Equatable {
    public var config: LevelConfig
    public var total: LevelCounters
    /// Counters of every region that saw activity, keyed by region tag.
    public var regions: [RegionTag: LevelCounters]
}

/// A snapshot of a whole hierarchy's counters.
public struct HierarchyStats: Sendable, Equatable {
    /// Accesses the hierarchy received (before splitting at line boundaries).
    public var accesses: UInt64
    public var levels: [LevelStats]
    /// Bytes the last level read from and wrote to memory.
    public var memoryBytesRead: UInt64
    public var memoryBytesWritten: UInt64
    /// Whether the 3C split (compulsory, capacity, conflict) was kept; when false those
    /// counters are not zero but unknown, and reports must say so.
    public var classified: Bool = true
}

extension CacheHierarchy {
    /// The counters now.
    public func stats() -> HierarchyStats {
        // Every access is one L1 demand reference per line it covers (only `access` and its
        // slow paths reference L1), so the accesses are those references less the extra pieces.
        let l1 = levels[0].totals()
        return HierarchyStats(
            accesses: l1.loads &+ l1.stores &- totals[TotalSlot.extraPieces],
            levels: levelStats(),
            memoryBytesRead: totals[TotalSlot.memoryBytesRead],
            memoryBytesWritten: totals[TotalSlot.memoryBytesWritten],
            classified: levels[0].classifier != nil)
    }

    /// Every level's counters in `configs` order: the instruction level, if any, second.
    func levelStats() -> [LevelStats] {
        var out = (0..<count).map {
            LevelStats(config: dataConfigs[$0], total: levels[$0].totals(), regions: levels[$0].byRegion())
        }
        if let instruction, let c = configs.first(where: \.instruction) {
            out.insert(
                LevelStats(config: c, total: instruction.pointee.totals(), regions: instruction.pointee.byRegion()),
                at: 1)
        }
        return out
    }

    /// The lines the instruction level holds now (empty without one).
    public func instructionResidentLines() -> [(line: UInt64, dirty: Bool)] {
        instruction?.pointee.residentLines() ?? []
    }

    /// The lines data level `level` holds now, as (line number, dirty).
    public func residentLines(level: Int) -> [(line: UInt64, dirty: Bool)] { levels[level].residentLines() }
}

extension CacheHierarchy {
    /// Accesses simulated so far, for a progress line read from another thread while a run
    /// goes on: it sums L1's counters, which the run writes as it goes, so the hot path does
    /// nothing for it. Each counter is an aligned 64-bit word (read whole, old or new), so the
    /// sum may lag by a few accesses but is never torn.
    public var accessesSoFar: UInt64 {
        let l1 = levels[0].totals()
        return l1.loads &+ l1.stores &- totals[TotalSlot.extraPieces]
    }
}
