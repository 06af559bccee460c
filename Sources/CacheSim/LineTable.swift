/// An open-addressing hash map from line numbers to small integers (linear probing,
/// backward-shift deletion). It grows by doubling, so it allocates only when it grows,
/// never per lookup. Used by the miss classifier's shadow caches.
@usableFromInline
struct LineTable {
    @usableFromInline static let empty = UInt64.max
    @usableFromInline var keys: UnsafeMutablePointer<UInt64>
    @usableFromInline var values: UnsafeMutablePointer<Int32>
    @usableFromInline var mask: Int
    @usableFromInline var count = 0

    init(minimumCapacity: Int) {
        var cap = 16
        while cap < minimumCapacity * 2 { cap <<= 1 }
        keys = .allocate(capacity: cap)
        keys.initialize(repeating: LineTable.empty, count: cap)
        values = .allocate(capacity: cap)
        values.initialize(repeating: 0, count: cap)
        mask = cap - 1
    }

    func deallocate() {
        keys.deallocate()
        values.deallocate()
    }

    @inlinable @inline(__always)
    static func hash(_ k: UInt64) -> Int {
        let h = k &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The value stored for `key`, or -1.
    @inlinable
    func find(_ key: UInt64) -> Int32 {
        var i = LineTable.hash(key) & mask
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == LineTable.empty { return -1 }
            i = (i + 1) & mask
        }
    }

    /// Inserts `key` (which must be absent) with `value`.
    @inlinable
    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > mask + 1 { grow() }
        var i = LineTable.hash(key) & mask
        while keys[i] != LineTable.empty { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
        count += 1
    }

    /// Inserts `key` if absent; returns true when it was absent.
    @inlinable
    mutating func insertIfAbsent(_ key: UInt64) -> Bool {
        if (count + 1) * 2 > mask + 1 { grow() }
        var i = LineTable.hash(key) & mask
        while true {
            let k = keys[i]
            if k == key { return false }
            if k == LineTable.empty {
                keys[i] = key
                values[i] = 0
                count += 1
                return true
            }
            i = (i + 1) & mask
        }
    }

    /// Removes `key` if present.
    @inlinable
    mutating func remove(_ key: UInt64) {
        var i = LineTable.hash(key) & mask
        while true {
            let k = keys[i]
            if k == LineTable.empty { return }
            if k == key { break }
            i = (i + 1) & mask
        }
        // Backward-shift deletion keeps every probe chain unbroken.
        var hole = i
        var j = (i + 1) & mask
        while keys[j] != LineTable.empty {
            let home = LineTable.hash(keys[j]) & mask
            // Move j into the hole when its home is not in (hole, j] cyclically.
            let inRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j)
            if !inRange {
                keys[hole] = keys[j]
                values[hole] = values[j]
                hole = j
            }
            j = (j + 1) & mask
        }
        keys[hole] = LineTable.empty
        count -= 1
    }

    /// Empties the table, keeping its capacity.
    mutating func removeAll() {
        keys.update(repeating: LineTable.empty, count: mask + 1)
        count = 0
    }

    @usableFromInline
    mutating func grow() {
        let oldKeys = keys, oldValues = values, oldCap = mask + 1
        let cap = oldCap * 2
        keys = ShadowGrowth.allocate(UInt64.self, capacity: cap)
        keys.initialize(repeating: LineTable.empty, count: cap)
        values = ShadowGrowth.allocate(Int32.self, capacity: cap)
        values.initialize(repeating: 0, count: cap)
        mask = cap - 1
        count = 0
        for i in 0..<oldCap where oldKeys[i] != LineTable.empty { insert(oldKeys[i], oldValues[i]) }
        oldKeys.deallocate()
        oldValues.deallocate()
    }
}
