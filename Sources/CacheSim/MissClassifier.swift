/// Hill's 3C classification, as DineroIV defines it: a miss is *compulsory* when its line was
/// never referenced at this level before, *capacity* when a fully associative LRU cache of the
/// same number of lines also misses, and *conflict* otherwise (the fully associative cache hits).
///
/// It shadows every reference the level sees with a fully associative LRU cache (hash map plus
/// intrusive doubly linked list, O(1) per reference; its size is fixed by the level's line
/// count) and a set of all lines ever referenced (`LineSet`, at most 16 bytes per distinct
/// line, about 2 where lines are dense): the only part that grows with the trace.
/// With `fifo` the shadow evicts first in, first out (a reference to a line it holds leaves the
/// order alone), which is what DineroIV does on a FIFO level.
@usableFromInline
struct MissClassifier {
    @usableFromInline let capacity: Int32
    /// The shadow is FIFO: a line it holds is not moved.
    @usableFromInline let fifo: Bool
    @usableFromInline var table: LineTable
    @usableFromInline var seen: LineSet
    @usableFromInline var key: UnsafeMutablePointer<UInt64>
    @usableFromInline var prev: UnsafeMutablePointer<Int32>
    @usableFromInline var next: UnsafeMutablePointer<Int32>
    /// Per value of a line number's low `memoMask` bits: the node of the last such line a hit
    /// moved (a hint, checked against `key`), so a stream that stays on a line finds its node
    /// without the hash lookup. Keyed by line, not region, so that a trace that names no
    /// regions gains as much as a kernel whose arrays are regions.
    @usableFromInline let memo: UnsafeMutablePointer<Int32>
    @usableFromInline static let memoMask: UInt64 = 255
    @usableFromInline var head: Int32 = -1
    @usableFromInline var tail: Int32 = -1
    @usableFromInline var used: Int32 = 0

    init(lines: Int, fifo: Bool = false) {
        capacity = Int32(lines)
        self.fifo = fifo
        table = LineTable(minimumCapacity: lines)
        seen = LineSet()
        key = .allocate(capacity: lines)
        prev = .allocate(capacity: lines)
        next = .allocate(capacity: lines)
        memo = .allocate(capacity: Int(MissClassifier.memoMask) + 1)
        memo.initialize(repeating: -1, count: Int(MissClassifier.memoMask) + 1)
    }

    func deallocate() {
        table.deallocate()
        seen.deallocate()
        key.deallocate()
        prev.deallocate()
        next.deallocate()
        memo.deallocate()
    }

    /// For a miss of the real cache: the counter slot of its class (`CounterSlot.conflict`,
    /// `.compulsory` or `.capacity`), after referencing `line` in the shadow as `touch` does.
    /// One lookup serves both the class and the shadow's update.
    @inlinable
    mutating func classifyMiss(_ line: UInt64, allocate: Bool) -> Int {
        // Held by the fully associative shadow: a conflict miss.
        if head >= 0 && key[Int(head)] == line { return CounterSlot.conflict }
        let n = table.find(line)
        if n >= 0 {
            if !fifo { moveToFront(n) }
            return CounterSlot.conflict
        }
        if allocate { insertFront(line) }
        return seen.insertIfAbsent(line) ? CounterSlot.compulsory : CounterSlot.capacity
    }

    /// References `line` in the shadow cache (moving it to MRU or inserting it, evicting the LRU).
    /// `allocate` false leaves a missing line out (write-no-allocate misses).
    @inlinable
    mutating func touch(_ line: UInt64, allocate: Bool) {
        if head >= 0 && key[Int(head)] == line { return }
        let n = table.find(line)
        if n >= 0 {
            if !fifo { moveToFront(n) }
            return
        }
        guard allocate else { return }
        insertFront(line)
    }

    /// Puts `line`, which the shadow lacks, at its front, evicting the least recent when full.
    @inlinable
    mutating func insertFront(_ line: UInt64) {
        let node: Int32
        if used < capacity {
            node = used
            used += 1
        } else {
            node = tail
            table.remove(key[Int(node)])
            unlink(node)
        }
        key[Int(node)] = line
        table.insert(line, node)
        pushFront(node)
    }

    /// `touch(line, allocate: true)` for a line the real cache holds. Inlined: the line is
    /// often already the shadow's most recent, or in `memo`, and then needs no hash lookup.
    @inlinable @inline(__always)
    mutating func touchOnHit(_ line: UInt64) {
        if head >= 0 && key[Int(head)] == line { return }
        let m = memo[Int(truncatingIfNeeded: line & MissClassifier.memoMask)]
        if m >= 0 && key[Int(m)] == line { return fifo ? () : moveToFront(m) }
        touchAndRemember(line)
    }

    @usableFromInline @inline(never)
    mutating func touchAndRemember(_ line: UInt64) {
        touch(line, allocate: true)
        // The line is the most recent now, unless a FIFO shadow left it where it was.
        memo[Int(truncatingIfNeeded: line & MissClassifier.memoMask)] = fifo ? table.find(line) : head
    }

    /// Drops `line` from the fully associative shadow (an invalidate record): its node goes to
    /// the tail with a key no line has, so it is the next one reused, as DineroIV moves an
    /// invalidated block to the bottom of its stack. The line stays seen.
    mutating func forget(_ line: UInt64) {
        let n = table.find(line)
        guard n >= 0 else { return }
        table.remove(line)
        key[Int(n)] = LineTable.empty
        unlink(n)
        prev[Int(n)] = tail
        next[Int(n)] = -1
        if tail >= 0 { next[Int(tail)] = n }
        tail = n
        if head < 0 { head = n }
    }

    /// Empties the shadow and forgets every line seen (an invalidate of the whole cache, after
    /// which DineroIV counts every miss as compulsory again).
    mutating func reset() {
        table.removeAll()
        seen.removeAll()
        head = -1
        tail = -1
        used = 0
        memo.update(repeating: -1, count: Int(MissClassifier.memoMask) + 1)
    }

    /// Marks `line` as referenced; returns true the first time (a compulsory miss).
    @inlinable
    mutating func firstReference(_ line: UInt64) -> Bool { seen.insertIfAbsent(line) }

    @inlinable @inline(__always)
    mutating func unlink(_ n: Int32) {
        let p = prev[Int(n)], q = next[Int(n)]
        if p >= 0 { next[Int(p)] = q } else { head = q }
        if q >= 0 { prev[Int(q)] = p } else { tail = p }
    }

    @inlinable @inline(__always)
    mutating func pushFront(_ n: Int32) {
        prev[Int(n)] = -1
        next[Int(n)] = head
        if head >= 0 { prev[Int(head)] = n }
        head = n
        if tail < 0 { tail = n }
    }

    @inlinable @inline(__always)
    mutating func moveToFront(_ n: Int32) {
        if n == head { return }
        unlink(n)
        pushFront(n)
    }
}
