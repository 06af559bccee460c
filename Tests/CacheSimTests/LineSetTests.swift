import Testing
@testable import CacheSim

/// The 3C "seen" set: the same answers as a `Set`, and within its memory bound.
@Suite struct LineSetTests {
    @Test func agreesWithASet() {
        var s = LineSet(), ref = Set<UInt64>()
        var rng = SplitMix(state: 15)
        for i in 0..<200_000 {
            let r = rng.next()
            // Dense runs, scattered lines, and lines at 2^59 and above (the fallback table).
            let line = r % 4 == 0 ? r >> 2 : r % 4 == 1 ? (1 << 59) + r % 5000 : r % 300_000
            #expect(s.insertIfAbsent(line) == ref.insert(line).inserted, "line \(line)")
            if i == 100_000 {
                s.removeAll()
                ref.removeAll()
            }
        }
        s.deallocate()
    }

    /// At most 16 bytes per line when every line is in a chunk of its own (stride 8), and at
    /// most 3 when they are consecutive (8 lines a word, the table at least half full), over
    /// the fixed 8 KiB of the first table and 192 bytes of the fallback.
    @Test(arguments: [(8 as UInt64, 16), (1, 3)])
    func memoryBound(stride: UInt64, bytesPerLine: Int) {
        var s = LineSet()
        let n = 3_000_000
        for i in 0..<UInt64(n) { _ = s.insertIfAbsent(1000 + i * stride) }
        #expect(s.bytes <= bytesPerLine * n + 8192 + 192, "\(s.bytes) bytes for \(n) lines")
        s.deallocate()
    }
}
