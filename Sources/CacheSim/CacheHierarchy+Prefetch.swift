/// Prefetch fills: a line brought into a level ahead of demand, counted apart from demand misses.
extension CacheHierarchy {
    /// Fills `line` into `level` as a prefetch unless it is already there. The fetch reaches
    /// the next level as an ordinary load.
    @inlinable
    mutating func prefetch(_ level: Int, _ line: UInt64, _ region: RegionTag) {
        let lv = levels + level
        let set = lv.pointee.setIndex(line)
        if lv.pointee.find(line, base: set &* lv.pointee.ways) >= 0 { return }
        let way = lv.pointee.victim(set: set)
        let old = evict(level, set: set, way: way)
        let slot = set &* lv.pointee.ways &+ way
        lv.pointee.tags[slot] = line
        lv.pointee.owners[slot] = region
        lv.pointee.flags[slot] = CacheLevel.prefetchedFlag
        lv.pointee.filled(set: set, way: way)
        lv.pointee.classifier?.touch(line, allocate: true)
        lv.pointee.bump(region, CounterSlot.prefetches)
        lv.pointee.bump(region, CounterSlot.bytesRead, by: lv.pointee.lineBytes)
        let lineBytes = lv.pointee.lineBytes
        if reference(level + 1, line << lv.pointee.lineShift, UInt32(lineBytes), .load, region) {
            lv.pointee.flags[slot] |= CacheLevel.dirtyFlag
        }
        if let old { dispose(level, old) }
    }

    /// Trains the per-region stride detector on a demand load and prefetches once the same
    /// non-zero line stride has been seen three times in a row.
    @inlinable
    mutating func stridePrefetch(_ level: Int, _ line: UInt64, _ region: RegionTag) {
        let e = strides + (level &* 256 &+ Int(region))
        if e.pointee.valid {
            let delta = Int64(bitPattern: line &- e.pointee.lastLine)
            if delta == 0 { return }
            if delta == e.pointee.stride {
                if e.pointee.confidence < 3 { e.pointee.confidence += 1 }
            } else {
                e.pointee.stride = delta; e.pointee.confidence = 0
            }
        }
        e.pointee.lastLine = line; e.pointee.valid = true
        guard e.pointee.confidence >= 2 else { return }
        let stride = e.pointee.stride
        for d in 1...levels[level].config.prefetchDegree {
            prefetch(level, line &+ UInt64(bitPattern: stride &* Int64(d)), region)
        }
    }
}
