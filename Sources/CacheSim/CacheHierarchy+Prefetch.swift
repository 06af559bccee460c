import AccessSink
/// Prefetch fills: a line brought into a level ahead of demand, counted apart from demand misses.
extension CacheHierarchy {
    /// Prefetches `degree` lines from `distance` lines past `line` (next-line, always, tagged).
    @usableFromInline
    mutating func prefetchAhead(_ level: Int, _ line: UInt64, _ region: RegionTag) {
        let first = line &+ levels[level].prefetchDistance
        for d in 0..<levels[level].prefetchDegree { prefetch(level, first &+ UInt64(d), region) }
    }

    /// A demand load hit at a level with a prefetcher: `always` prefetches on every load,
    /// `tagged` on the first demand use of a prefetched line (`firstUse`), `stride` trains.
    @usableFromInline
    mutating func prefetchOnHit(_ level: Int, _ line: UInt64, _ region: RegionTag, firstUse: Bool) {
        switch levels[level].prefetch {
        case .none, .nextLine: break
        case .always: prefetchAhead(level, line, region)
        case .tagged: if firstUse { prefetchAhead(level, line, region) }
        case .stride: stridePrefetch(level, line, region)
        }
    }

    /// Fills `line` into `level` as a prefetch. The fetch reaches the next level as an
    /// ordinary load. As in DineroIV a prefetch is a reference: a line already there becomes
    /// the most recent (under LRU) and moves in the 3C shadow; a filled line counts as seen
    /// for the compulsory class.
    @usableFromInline
    mutating func prefetch(_ level: Int, _ line: UInt64, _ region: RegionTag) {
        let L = levels + level
        let set = L.setIndex(line)
        let present = L.find(line, base: set &* L.pointee.ways)
        if present >= 0 {
            L.touch(set: set, way: present)
            L.pointee.classifier?.pointee.touch(line, allocate: true)
            return
        }
        let way = L.victim(set: set)
        let old = evict(level, set: set, way: way)
        let slot = set &* L.pointee.ways &+ way
        L.pointee.tags[slot] = line
        L.pointee.owners[slot] = region
        L.pointee.flags[slot] = CacheLevel.prefetchedFlag
        L.filled(set: set, way: way)
        if let shadow = L.pointee.classifier {
            shadow.pointee.touch(line, allocate: true)
            _ = shadow.pointee.firstReference(line)
        }
        L.bump(region, CounterSlot.prefetches)
        L.bump(region, CounterSlot.bytesRead, by: L.pointee.lineBytes)
        let lineBytes = L.pointee.lineBytes
        if reference(level + 1, line << L.pointee.lineShift, UInt32(lineBytes), false, region) {
            L.pointee.flags[slot] |= CacheLevel.dirtyFlag
        }
        if old.valid { dispose(level, old) }
    }

    /// Trains the per-region stride detector on a demand load and prefetches once the same
    /// non-zero line stride has been seen three times in a row.
    @usableFromInline
    mutating func stridePrefetch(_ level: Int, _ line: UInt64, _ region: RegionTag) {
        let e = strides + (level &* 256 &+ Int(region))
        if e.pointee.valid {
            let delta = Int64(bitPattern: line &- e.pointee.lastLine)
            if delta == 0 { return }
            if delta == e.pointee.stride {
                if e.pointee.confidence < 3 { e.pointee.confidence += 1 }
            } else {
                e.pointee.stride = delta
                e.pointee.confidence = 0
            }
        }
        e.pointee.lastLine = line
        e.pointee.valid = true
        guard e.pointee.confidence >= 2 else { return }
        let stride = e.pointee.stride
        for d in 1...levels[level].prefetchDegree {
            prefetch(level, line &+ UInt64(bitPattern: stride &* Int64(d)), region)
        }
    }
}
