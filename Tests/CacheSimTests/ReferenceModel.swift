import CacheSim

/// A deliberately simple hierarchy model: per set a list of lines (recency or insertion order)
/// plus dictionaries for dirty bits and policy state. Slow and obvious, written apart from the
/// fast simulator, following the same stated semantics (DineroIV's where they overlap):
/// split at line boundaries; on a miss fetch first, then write back the dirty victim; a store
/// miss with allocate fetches unless it covers the whole line; write-through / no-allocate
/// stores are forwarded. Non-inclusive levels only.
final class RefLevel {
    let cfg: LevelConfig
    var slots: [[UInt64?]]           // per set, per way: the line held
    var order: [[UInt64]]            // per set: LRU/MRU recency (most recent first) or FIFO insertion order (oldest first)
    var dirty: [UInt64: Bool] = [:]
    var rrpv: [UInt64: Int] = [:]
    var tree: [[Bool]]               // per set, heap-indexed PLRU bits (true = go right)
    var fa: [UInt64] = []            // fully associative LRU shadow, most recent first
    var seen: Set<UInt64> = []
    var loads = 0, stores = 0, loadMisses = 0, storeMisses = 0, writebacks = 0
    var compulsory = 0, capacity = 0, conflict = 0

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
            if way < mid { tree[s][node] = true; node = 2 * node; hi = mid } else { tree[s][node] = false; node = 2 * node + 1; lo = mid }
        }
    }

    func plruVictim(_ s: Int) -> Int {
        var node = 1, lo = 0, hi = cfg.ways
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if tree[s][node] { node = 2 * node + 1; lo = mid } else { node = 2 * node; hi = mid }
        }
        return lo
    }

    func hit(_ line: UInt64) {
        let s = set(line)
        switch cfg.policy {
        case .lru, .mru: order[s].removeAll { $0 == line }; order[s].insert(line, at: 0)
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

    func faTouch(_ line: UInt64, allocate: Bool) {
        if let i = fa.firstIndex(of: line) { fa.remove(at: i); fa.insert(line, at: 0); return }
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

    func ref(_ i: Int, _ address: UInt64, _ size: Int, store: Bool) {
        guard i < levels.count else { return }
        let L = levels[i]
        let line = address / UInt64(L.cfg.line)
        if store { L.stores += 1 } else { L.loads += 1 }
        if L.contains(line) {
            L.hit(line)
            L.faTouch(line, allocate: !store || L.cfg.writeAllocate)  // DineroIV: no store enters a no-allocate shadow
            if store {
                if L.cfg.writeBack { L.dirty[line] = true } else { ref(i + 1, address, size, store: true) }
            }
            return
        }
        if store { L.storeMisses += 1 } else { L.loadMisses += 1 }
        let allocate = !store || L.cfg.writeAllocate
        let faHit = L.fa.contains(line)
        L.faTouch(line, allocate: allocate)
        if faHit { L.conflict += 1 } else if L.seen.insert(line).inserted { L.compulsory += 1 } else { L.capacity += 1 }
        if !allocate { ref(i + 1, address, size, store: true); return }
        let (way, victim) = L.makeRoom(line)
        var victimDirty = false
        if let v = victim { victimDirty = L.dirty[v] ?? false; L.dirty[v] = nil }
        L.insert(line, way: way)
        L.dirty[line] = store
        if !(store && size == L.cfg.line) { ref(i + 1, line * UInt64(L.cfg.line), L.cfg.line, store: false) }
        if let v = victim, victimDirty {
            L.writebacks += 1
            ref(i + 1, v * UInt64(L.cfg.line), L.cfg.line, store: true)
        }
    }

    /// Write back every dirty line, level by level, as DineroIV's d4copyback: stack the lines
    /// set by set, most recent first (LRU recency, FIFO insertion, else way order), then write
    /// them back from the top of the stack: last set first, least recent first.
    func flush() {
        for (i, L) in levels.enumerated() {
            var stack: [UInt64] = []
            for s in 0..<L.cfg.sets {
                let resident = L.slots[s].compactMap { $0 }
                let recentFirst = L.cfg.policy == .lru ? L.order[s] : L.cfg.policy == .fifo ? L.order[s].reversed() : resident
                stack += recentFirst.filter { L.dirty[$0] == true }
            }
            for line in stack.reversed() {
                L.dirty[line] = false
                L.writebacks += 1
                ref(i + 1, line * UInt64(L.cfg.line), L.cfg.line, store: true)
            }
        }
    }
}
