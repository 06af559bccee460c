import AccessSink
/// The instruction side: an optional instruction level (L1I) beside L1, as DineroIV's
/// `-l1-isize` over unified levels (`-l2-usize`). Instruction fetches (`i` records, label and
/// type 2, Lackey's `I`) reference it; its misses fetch from the unified level below L1 as
/// loads (DineroIV's instruction fetches, which it counts apart, are reads in every other
/// respect), or from memory when L1 is the last level. Its lines are never written, so it
/// writes nothing back unless an exclusive level below hands it a dirty line; an inclusive
/// level below back-invalidates it like L1 (`backInvalidate`). It takes no prefetcher.
extension CacheHierarchy {
    /// Whether instruction fetches are simulated (the machine has an instruction level).
    @inlinable public var acceptsInstructions: Bool { instruction != nil }

    /// One instruction fetch of `size` bytes, split at the instruction level's line boundaries.
    /// Without an instruction level it does nothing (trace readers count such records as skipped).
    public mutating func fetchInstruction(address: UInt64, size: UInt32, region: RegionTag) {
        guard let I = instruction else { return }
        let shift = I.pointee.lineShift
        var last = address &+ (UInt64(size == 0 ? 1 : size) &- 1)
        if last < address { last = .max }
        var a = address, line = address >> shift
        let lastLine = last >> shift
        while true {
            let next = (line &+ 1) << shift
            instructionReference(I, a, region)  // the piece's size does not matter: nothing is written
            if line == lastLine { break }
            line &+= 1
            a = next
        }
    }

    /// One fetch within one line of the instruction level: a hit moves the line; a miss fills
    /// it in DineroIV's order (fetch from below first, then the victim leaves).
    mutating func instructionReference(_ I: UnsafeMutablePointer<CacheLevel>, _ address: UInt64, _ region: RegionTag) {
        let counters = I.pointee.counters + Int(region) &* CounterSlot.stride
        counters[CounterSlot.loads] &+= 1
        let line = address >> I.pointee.lineShift
        let set = I.setIndex(line), ways = I.pointee.ways
        let way = I.find(line, base: set &* ways)
        if way >= 0 {
            I.touch(set: set, way: way)
            I.pointee.classifier?.pointee.touch(line, allocate: true)
            return
        }
        counters[CounterSlot.loadMisses] &+= 1
        if I.pointee.classifier != nil { classify(I, line, region, allocate: true) }
        let victim = I.victim(set: set)
        let slot = set &* ways &+ victim
        let old = I.pointee.tags[slot]
        let evicted = EvictedLine(
            address: old << I.pointee.lineShift, dirty: I.pointee.flags[slot] & CacheLevel.dirtyFlag != 0,
            owner: I.pointee.owners[slot], valid: old != CacheLevel.invalid)
        I.invalidate(slot)
        I.pointee.tags[slot] = line
        I.pointee.owners[slot] = region
        I.filled(set: set, way: victim)
        counters[CounterSlot.bytesRead] &+= I.pointee.lineBytes
        if reference(1, line << I.pointee.lineShift, UInt32(I.pointee.lineBytes), false, region) {
            I.pointee.flags[slot] |= CacheLevel.dirtyFlag  // a dirty line handed up by an exclusive level
        }
        if evicted.valid { disposeInstruction(evicted) }
    }

    /// Where a line leaving the instruction level goes: into an exclusive level below, or, if
    /// dirty, written back to the level below (counted as the instruction level's write-back).
    mutating func disposeInstruction(_ e: EvictedLine) {
        guard let I = instruction else { return }
        if count > 1 && levels[1].inclusion == .exclusive {
            insertVictim(1, e)
        } else if e.dirty {
            writeBack(from: I, to: 1, e.address, owner: e.owner)
        }
    }
}
