import CacheSim

/// A deliberately simple hierarchy model: per set a list of lines (recency or insertion order)
/// plus dictionaries for dirty bits and policy state. Slow and obvious, written apart from the
/// fast simulator, following the same stated semantics (DineroIV's where they overlap):
/// split at line boundaries; on a miss fetch first, then write back the dirty victim; a store
/// miss with allocate fetches unless it covers the whole line; write-through / no-allocate
/// stores are forwarded. Inclusion (issue 26), as README's "Simulator semantics" states it: an
/// inclusive level back-invalidates every copy in the levels above when it evicts (a dirty upper
/// copy makes the eviction dirty); an exclusive level is a victim cache of the level above: it is
/// filled only by that level's victims (clean or dirty, not a demand access: no counter moves
/// there), a load that misses it goes on down without filling it, and a load that hits it moves the
/// line up (out of it, its dirtiness with it). Conventions the README leaves open, from the
/// simulator's documentation: the victim is chosen and back-invalidated before the fetch, and
/// handed to the level below after it; a victim that goes into an exclusive level is not counted
/// as a write-back. Memory traffic: bytes each level requests from / sends to the next one.
final class RefLevel {
    let cfg: LevelConfig
    var slots: [[UInt64?]]  // per set, per way: the line held
    var order: [[UInt64]]  // per set: LRU/MRU recency (most recent first) or FIFO insertion order (oldest first)
    var dirty: [UInt64: Bool] = [:]
    var rrpv: [UInt64: Int] = [:]
    var tree: [[Bool]]  // per set, heap-indexed PLRU bits (true = go right)
    var fa: [UInt64] = []  // fully associative LRU shadow, most recent first
    var seen: Set<UInt64> = []
    var loads = 0, stores = 0, loadMisses = 0, storeMisses = 0, writebacks = 0
    var compulsory = 0, capacity = 0, conflict = 0
    var bytesRead = 0, bytesWritten = 0, backInvalidations = 0

    init(_ c: LevelConfig) {
        cfg = c
        slots = Array(repeating: Array(repeating: nil, count: c.ways), count: c.sets)
        order = Array(repeating: [], count: c.sets)
        tree = Array(repeating: Array(repeating: false, count: max(c.ways, 2)), count: c.sets)
    }

    func set(_ line: UInt64) -> Int { Int(line % UInt64(cfg.sets)) }

    func plruPath(_ s: Int, _ way: Int) {
        // Walk from the root; at each node point away from the half containing `way`.
        var node = 1, lo = 0, hi = cfg.ways
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if way < mid {
                tree[s][node] = true
                node = 2 * node
                hi = mid
            } else {
                tree[s][node] = false
                node = 2 * node + 1
                lo = mid
            }
        }
    }

    func plruVictim(_ s: Int) -> Int {
        var node = 1, lo = 0, hi = cfg.ways
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if tree[s][node] {
                node = 2 * node + 1
                lo = mid
            } else {
                node = 2 * node
                hi = mid
            }
        }
        return lo
    }

    func hit(_ line: UInt64) {
        let s = set(line)
        switch cfg.policy {
        case .lru, .mru:
            order[s].removeAll { $0 == line }
            order[s].insert(line, at: 0)
        case .fifo, .random: break
        case .plru: plruPath(s, slots[s].firstIndex(of: line)!)
        case .srrip: rrpv[line] = 0
        }
    }

    /// Chooses the way to fill and returns the line evicted from it, if any.
    func makeRoom(_ line: UInt64) -> (way: Int, victim: UInt64?) {
        let s = set(line)
        if let w = slots[s].firstIndex(where: { $0 == nil }) { return (w, nil) }
        let v: UInt64
        switch cfg.policy {
        case .lru: v = order[s].last!
        case .mru: v = order[s].first!
        case .fifo: v = order[s].first!
        case .plru: v = slots[s][plruVictim(s)]!
        case .srrip:
            while !slots[s].contains(where: { rrpv[$0!]! >= 3 }) { for l in slots[s] { rrpv[l!]! += 1 } }
            v = slots[s].first { rrpv[$0!]! >= 3 }!!
        case .random: fatalError("random is not modelled")
        }
        order[s].removeAll { $0 == v }
        return (slots[s].firstIndex(of: v)!, v)
    }

    func insert(_ line: UInt64, way: Int) {
        let s = set(line)
        slots[s][way] = line
        switch cfg.policy {
        case .lru, .mru: order[s].insert(line, at: 0)
        case .fifo: order[s].append(line)
        case .plru: plruPath(s, way)
        case .srrip: rrpv[line] = 2
        case .random: break
        }
    }

    func contains(_ line: UInt64) -> Bool { slots[set(line)].contains(line) }

    /// Drops `line` (present) from its set: the way becomes empty, its order and dirtiness go.
    /// Returns whether it was dirty.
    @discardableResult
    func remove(_ line: UInt64) -> Bool {
        let s = set(line)
        slots[s][slots[s].firstIndex(of: line)!] = nil
        order[s].removeAll { $0 == line }
        return dirty.removeValue(forKey: line) ?? false
    }

    func faTouch(_ line: UInt64, allocate: Bool) {
        if let i = fa.firstIndex(of: line) {
            fa.remove(at: i)
            fa.insert(line, at: 0)
            return
        }
        guard allocate else { return }
        fa.insert(line, at: 0)
        if fa.count > cfg.sets * cfg.ways { fa.removeLast() }
    }
}

final class RefHierarchy {
    var levels: [RefLevel]
    init(_ cs: [LevelConfig]) { levels = cs.map(RefLevel.init) }

    func access(_ address: UInt64, _ size: Int, store: Bool) {
        let lb = UInt64(levels[0].cfg.line)
        var a = address
        let end = address + UInt64(size)
        while a < end {
            let lineEnd = (a / lb + 1) * lb
            let pieceEnd = min(end, lineEnd)
            ref(0, a, Int(pieceEnd - a), store: store)
            a = pieceEnd
        }
    }

    /// Memory traffic below the last level.
    var memoryRead = 0, memoryWritten = 0

    /// One reference at level `i`. Returns true when the line it hands up is dirty (a load hit in
    /// an exclusive level moves the line, dirty or not, to the level that asked).
    @discardableResult
    func ref(_ i: Int, _ address: UInt64, _ size: Int, store: Bool) -> Bool {
        guard i < levels.count else {
            if store { memoryWritten += size } else { memoryRead += size }
            return false
        }
        let L = levels[i]
        let line = address / UInt64(L.cfg.line)
        if store { L.stores += 1 } else { L.loads += 1 }
        if L.contains(line) {
            L.hit(line)
            L.faTouch(line, allocate: !store || L.cfg.writeAllocate)  // DineroIV: no store enters a no-allocate shadow
            if store {
                if L.cfg.writeBack {
                    L.dirty[line] = true
                } else {
                    L.bytesWritten += size
                    ref(i + 1, address, size, store: true)
                }
            } else if L.cfg.inclusion == .exclusive {
                return L.remove(line)
            }
            return false
        }
        if store { L.storeMisses += 1 } else { L.loadMisses += 1 }
        let allocate = !store || L.cfg.writeAllocate
        let faHit = L.fa.contains(line)
        L.faTouch(line, allocate: allocate)
        if faHit { L.conflict += 1 } else if L.seen.insert(line).inserted { L.compulsory += 1 } else { L.capacity += 1 }
        if !allocate || (L.cfg.inclusion == .exclusive && !store) {
            // No fill: a no-allocate store goes on as a write, a load through a victim cache as a read.
            if store { L.bytesWritten += size } else { L.bytesRead += size }
            return ref(i + 1, address, size, store: store)
        }
        let (way, victim) = L.makeRoom(line)
        var victimDirty = false
        if let v = victim {
            victimDirty = L.dirty.removeValue(forKey: v) ?? false
            if L.cfg.inclusion == .inclusive && backInvalidate(i, v) { victimDirty = true }
            L.slots[L.set(v)][way] = nil
        }
        L.insert(line, way: way)
        L.dirty[line] = store
        if !(store && size == L.cfg.line) {
            L.bytesRead += L.cfg.line
            if ref(i + 1, line * UInt64(L.cfg.line), L.cfg.line, store: false) { L.dirty[line] = true }
        }
        if let v = victim { dispose(i, v, dirty: victimDirty) }
        return false
    }

    /// A line evicted from level `i`: into the exclusive level below, if there is one, else
    /// written back when dirty.
    func dispose(_ i: Int, _ line: UInt64, dirty: Bool) {
        let L = levels[i]
        let address = line * UInt64(L.cfg.line)
        if i + 1 < levels.count && levels[i + 1].cfg.inclusion == .exclusive {
            insertVictim(i + 1, address, dirty: dirty)
        } else if dirty {
            L.writebacks += 1
            L.bytesWritten += L.cfg.line
            ref(i + 1, address, L.cfg.line, store: true)
        }
    }

    /// Fills exclusive level `j` with a victim of the level above; a copy already there is
    /// refreshed (and made dirty if the victim is).
    func insertVictim(_ j: Int, _ address: UInt64, dirty: Bool) {
        let L = levels[j]
        let line = address / UInt64(L.cfg.line)
        if L.contains(line) {
            if dirty { L.dirty[line] = true }
            L.hit(line)
            return
        }
        let (way, victim) = L.makeRoom(line)
        var victimDirty = false
        if let v = victim {
            victimDirty = L.dirty.removeValue(forKey: v) ?? false
            if L.cfg.inclusion == .inclusive && backInvalidate(j, v) { victimDirty = true }
            L.slots[L.set(v)][way] = nil
        }
        L.insert(line, way: way)
        L.dirty[line] = dirty
        if let v = victim { dispose(j, v, dirty: victimDirty) }
    }

    /// Removes every copy of `line` (a line of level `i`) from the levels above, counting each
    /// at level `i`; true when one was dirty.
    func backInvalidate(_ i: Int, _ line: UInt64) -> Bool {
        let L = levels[i]
        var anyDirty = false
        for U in levels[..<i] {
            let first = line * UInt64(L.cfg.line) / UInt64(U.cfg.line)
            for upLine in first..<(first + UInt64(L.cfg.line / U.cfg.line)) where U.contains(upLine) {
                if U.remove(upLine) { anyDirty = true }
                L.backInvalidations += 1
            }
        }
        return anyDirty
    }

    /// Write back every dirty line, level by level, as DineroIV's d4copyback: stack the lines
    /// set by set, most recent first (LRU recency, FIFO insertion, else way order), then write
    /// them back from the top of the stack: last set first, least recent first.
    func flush() {
        for (i, L) in levels.enumerated() {
            var stack: [UInt64] = []
            for s in 0..<L.cfg.sets {
                let resident = L.slots[s].compactMap { $0 }
                let recentFirst =
                    L.cfg.policy == .lru ? L.order[s] : L.cfg.policy == .fifo ? L.order[s].reversed() : resident
                stack += recentFirst.filter { L.dirty[$0] == true }
            }
            for line in stack.reversed() {
                // An inclusive level below may have taken the line (and its dirt) meanwhile.
                guard L.contains(line), L.dirty[line] == true else { continue }
                L.dirty[line] = false
                L.writebacks += 1
                L.bytesWritten += L.cfg.line
                ref(i + 1, line * UInt64(L.cfg.line), L.cfg.line, store: true)
            }
        }
    }
}
