/// The set of every line a level has seen, for the compulsory class of the 3C split: the only
/// 3C state that grows with the trace, so it is kept compact. Lines are grouped in chunks of 8
/// consecutive line numbers; one 64-bit word holds a chunk's number (high 56 bits) and which of
/// its 8 lines were seen (low 8 bits), in an open-addressing table (linear probing) that is
/// kept between half and three quarters full by growing 1.5x. So it costs at most 16 bytes per
/// distinct line when lines are scattered, and about 2 bytes when they are dense, as kernels'
/// operands are. Line numbers of 2^59 and above (only from lines under 32 bytes near the top of
/// the address space) go to a plain `LineTable`.
@usableFromInline
struct LineSet {
    /// The table: 0 is an empty slot (a stored word always has a line bit set).
    @usableFromInline var words: UnsafeMutablePointer<UInt64>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0
    @usableFromInline var high: LineTable

    init(minimumCapacity: Int = 1024) {
        capacity = max(16, minimumCapacity)
        words = .allocate(capacity: capacity)
        words.initialize(repeating: 0, count: capacity)
        high = LineTable(minimumCapacity: 8)
    }

    func deallocate() {
        words.deallocate()
        high.deallocate()
    }

    /// Bytes the table holds now (for tests of the memory bound).
    var bytes: Int { capacity * 8 + (high.mask + 1) * 12 }

    /// The home slot of `chunk`: the high half of hash x capacity (no power-of-two needed).
    @inlinable @inline(__always)
    func home(_ chunk: UInt64) -> Int {
        let h = (chunk ^ (chunk &>> 29)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h.multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// Marks `line` as seen; returns true the first time.
    @inlinable
    mutating func insertIfAbsent(_ line: UInt64) -> Bool {
        if line >= 1 << 59 { return high.insertIfAbsent(line) }
        let chunk = line &>> 3, bit = UInt64(1) &<< (line & 7)
        var i = home(chunk)
        while true {
            let w = words[i]
            if w == 0 { break }
            if w &>> 8 == chunk {
                if w & bit != 0 { return false }
                words[i] = w | bit
                return true
            }
            i &+= 1
            if i == capacity { i = 0 }
        }
        if (count + 1) * 4 > capacity * 3 {
            grow()
            i = home(chunk)
            while words[i] != 0 {
                i &+= 1
                if i == capacity { i = 0 }
            }
        }
        words[i] = chunk &<< 8 | bit
        count += 1
        return true
    }

    /// Forgets every line, keeping the capacity.
    mutating func removeAll() {
        words.update(repeating: 0, count: capacity)
        count = 0
        high.removeAll()
    }

    @usableFromInline
    mutating func grow() {
        let old = words, oldCapacity = capacity
        capacity = oldCapacity + oldCapacity / 2
        words = ShadowGrowth.allocate(UInt64.self, capacity: capacity)
        words.initialize(repeating: 0, count: capacity)
        for j in 0..<oldCapacity where old[j] != 0 {
            var i = home(old[j] &>> 8)
            while words[i] != 0 {
                i &+= 1
                if i == capacity { i = 0 }
            }
            words[i] = old[j]
        }
        old.deallocate()
    }
}
