import ResultsSchema
import Foundation
import Testing
import CacheSim
import LayoutConfig
import LayoutLabKit
import Reporting
import TestSupport
import Traces

/// `replay --region`: every counter of a hand-made trace attributed to named ranges, the counts
/// derived by hand from the trace and the `tiny` machine (L1 256 B, 2-way, 16-byte lines, so 8
/// sets, set = (address >> 4) & 7; L2 1 KiB 4-way, 16 sets; LRU, write-back, write-allocate).
@Suite struct ReplayRegionsTests {
    let dir = TestDirectory("replay-regions")

    /// The trace touches 14 lines, at most 2 per L1 set, so nothing is ever evicted:
    /// - a (0x1000..<0x1080, 8 lines, sets 0-7): 32 word loads, then the same 32 again:
    ///   64 L1 accesses, 8 misses (the first touch of each line), 8 L2 accesses and misses;
    /// - b (0x2000..<0x2040, 4 lines, sets 0-3): 16 word stores: 16 accesses, 4 store misses,
    ///   each fetching its line from L2 as a read (4 L2 accesses, 4 misses); the 4 dirty lines
    ///   stay in L1 until the final flush writes them back;
    /// - other (0x3040..<0x3060, 2 lines, sets 4-5): 8 word loads, 2 misses; L2 2 and 2.
    /// - c (0x5000..<0x6000) is named but never touched: it has no record.
    func trace() throws -> String {
        var lines: [String] = []
        for a in stride(from: 0x1000, to: 0x1080, by: 4) { lines.append("r \(String(a, radix: 16)) 4") }
        for a in stride(from: 0x2000, to: 0x2040, by: 4) { lines.append("w \(String(a, radix: 16)) 4") }
        for a in stride(from: 0x3040, to: 0x3060, by: 4) { lines.append("r \(String(a, radix: 16)) 4") }
        for a in stride(from: 0x1000, to: 0x1080, by: 4) { lines.append("r \(String(a, radix: 16)) 4") }
        let path = dir.file("hand.din")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyCounterIsAttributedToItsRange() throws {
        let regions = try AddressRegions.load(
            options: ["a=0x1000:0x1080", "b=8192:8256"], file: nil)
        var withFile = try #require(regions)
        try withFile.addFile("c 0x5000 0x6000\n", file: "r.txt")
        let r = try ReplayJob.run(
            path: try trace(), format: .din, machine: try MachineSpec.resolve("tiny"), regions: withFile)
        let stats = r.stats
        func region(_ level: Int, _ name: String) -> LevelCounters? {
            stats.end.levels[level].regions.first { stats.regionName($0.key) == name }?.value
        }
        let l1a = try #require(region(0, "a")), l1b = try #require(region(0, "b"))
        let l1o = try #require(region(0, "other"))
        #expect([l1a.accesses, l1a.misses, l1a.loadMisses, l1a.storeMisses] == [64, 8, 8, 0])
        #expect([l1b.accesses, l1b.misses, l1b.loadMisses, l1b.storeMisses] == [16, 4, 0, 4])
        #expect([l1o.accesses, l1o.misses] == [8, 2])
        #expect(region(0, "c") == nil)
        let l2a = try #require(region(1, "a")), l2b = try #require(region(1, "b"))
        let l2o = try #require(region(1, "other"))
        #expect([l2a.accesses, l2a.misses, l2b.accesses, l2b.misses, l2o.accesses, l2o.misses] == [8, 8, 4, 4, 2, 2])
        // The regions add up to the level's totals (88 accesses, 14 misses at L1).
        #expect(stats.end.levels[0].total.accesses == 88)
        #expect(stats.end.levels[0].total.misses == 14)
        // The final flush writes b's 4 dirty lines back, and only b's.
        let flushed = stats.flushed.levels[0].regions
        #expect(flushed.first { stats.regionName($0.key) == "b" }?.value.writebacks == 4)
        #expect(flushed.first { stats.regionName($0.key) == "a" }?.value.writebacks == 0)
        // The document's records carry the names (as the engine's arrays).
        let json = StatsJSON.levels(stats)
        #expect(json.array?[0]["regions"]?["b"]?["storeMisses"]?.uint64 == 4)
        #expect(json.array?[1]["regions"]?["other"]?["misses"]?.uint64 == 2)
    }

    /// Without ranges nothing changes: one region, tag 0, `untagged` as before.
    @Test func withoutRangesTheTraceIsUntagged() throws {
        #expect(try AddressRegions.load(options: [], file: nil) == nil)
        let r = try ReplayJob.run(path: try trace(), format: .din, machine: try MachineSpec.resolve("tiny"))
        #expect(r.stats.end.levels[0].regions.keys.sorted() == [0])
        #expect(r.stats.regionName(0) == "untagged")
    }

    @Test func aRegionsFileThatCannotBeReadIsOneLine() throws {
        func err(_ file: String) -> String {
            do {
                _ = try AddressRegions.load(options: [], file: file)
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(err(dir.file("none.txt")) == "--regions \(dir.file("none.txt")): no such file")
        #expect(err(dir.path) == "--regions \(dir.path): is a directory, not a file")
        let bin = dir.file("bin.txt")
        try Data([0x61, 0x20, 0x30, 0x00]).write(to: URL(fileURLWithPath: bin))
        #expect(err(bin) == "--regions \(bin): is a binary file (a NUL byte), not a regions file")
        let bad = dir.file("bad.txt")
        try "ok 0 16\nx/y 16 32\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(
            err(bad)
                == "\(bad):2: region name `x/y` contains `/`; names become file names and must not name folders")
    }
}
