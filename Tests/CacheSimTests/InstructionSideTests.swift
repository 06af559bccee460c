import Testing
@testable import CacheSim

/// The instruction side: an instruction level beside L1 (a split L1) over unified levels, as
/// DineroIV's `-l1-isize` with `-l2-u...`. Each trace is worked out by hand; every case runs on
/// the fast paths and on the general path. The DineroIV fixture covers random traces on two
/// split-L1 hierarchies (`DineroIVCrossCheckTests`).
@Suite struct InstructionSideTests {
    static let paths = [true, false]

    static func instructionLevel(size: Int, line: Int, ways: Int, policy: ReplacementPolicy = .lru) -> LevelConfig {
        var c = level("L1I", size: size, line: line, ways: ways, policy: policy)
        c.instruction = true
        return c
    }

    /// L1D 64 B direct-mapped, 16 B lines (4 sets); L1I 64 B direct-mapped, 32 B lines (2 sets);
    /// L2 1 KiB 2-way, 64 B lines. `i 0`: L1I line 0 (set 0) misses, L2 line 0 misses. `r 0`:
    /// L1D misses, L2 hits line 0. `i 40`: L1I line 2 (set 0) misses, evicting 0; L2 line 1
    /// misses. `i 0`: L1I misses again; its 2-line shadow still holds 0: a conflict miss; L2
    /// hits. `w 100`: L1D line 16 misses (allocating), L2 line 4 misses. `i 100` (8 bytes):
    /// L1I line 8 misses, L2 hits. L1I: 4 fetches, 4 misses (3 compulsory, 1 conflict); L2: 6
    /// loads (2 from L1D, 4 from L1I), 3 misses. The copy-back writes L1D's dirty line 16 to
    /// L2, a hit. DineroIV 7 gives the same (dinero_driver din -ccc 64:16:1 64:32:1:lru,i 1024:64:2).
    @Test(arguments: paths)
    func splitL1OverUnifiedL2(fastPaths: Bool) {
        var h = CacheHierarchy(
            [
                level(size: 64, line: 16, ways: 1), Self.instructionLevel(size: 64, line: 32, ways: 1),
                level("L2", size: 1024, line: 64, ways: 2),
            ], fastPaths: fastPaths)
        #expect(h.acceptsInstructions && h.count == 2)
        h.fetchInstruction(address: 0x0, size: 4, region: 0)
        h.run([0x0])
        h.fetchInstruction(address: 0x40, size: 4, region: 0)
        h.fetchInstruction(address: 0x0, size: 4, region: 0)
        h.run([0x100], store: true)
        h.fetchInstruction(address: 0x100, size: 8, region: 0)
        let s = h.stats()
        #expect(s.levels.map(\.config.name) == ["L1", "L1I", "L2"])
        #expect(s.accesses == 2, "instruction fetches are not data accesses")
        let d = s.levels[0].total, i = s.levels[1].total, l2 = s.levels[2].total
        #expect(d.loads == 1 && d.stores == 1 && d.misses == 2 && d.compulsory == 2)
        #expect(
            i.loads == 4 && i.stores == 0 && i.misses == 4 && i.compulsory == 3 && i.conflict == 1 && i.capacity == 0)
        #expect(l2.loads == 6 && l2.stores == 0 && l2.misses == 3 && l2.compulsory == 3)
        h.flush()
        let f = h.stats()
        #expect(f.levels[0].total.writebacks == 1 && f.levels[1].total.writebacks == 0)
        #expect(f.levels[2].total.stores == 1 && f.levels[2].total.misses == 3)
        #expect(f.memoryBytesRead == 3 * 64)
    }

    /// A fetch that crosses an L1I line is two references. L1I 64 B, 16 B lines, fully
    /// associative: `i c 8` covers lines 0 and 1: 2 fetches, 2 misses; with L1 the last level,
    /// both lines come from memory (32 bytes).
    @Test func fetchCrossingALineIsTwoReferences() {
        var h = CacheHierarchy([level(size: 64, line: 16, ways: 4), Self.instructionLevel(size: 64, line: 16, ways: 4)])
        h.fetchInstruction(address: 0xc, size: 8, region: 0)
        let i = h.stats().levels[1].total
        #expect(i.loads == 2 && i.misses == 2 && h.stats().memoryBytesRead == 32)
    }

    /// An inclusive L2 back-invalidates L1I like L1. L1D, L1I and L2 32 B direct-mapped, 16 B
    /// lines (2 sets), L2 inclusive. `i 0`: L1I and L2 take line 0 (L2 set 0). `r 20`: L1D and L2
    /// take line 2 (L2 set 0), evicting 0 there, so L1I's copy goes. `i 0` misses L1I again, and
    /// L2, whose eviction of line 2 now takes L1D's copy: 2 back-invalidations, 3 L2 misses. A
    /// NINE L2 leaves L1I's copy, so `i 0` hits: 1 L1I miss, 2 L2 misses.
    @Test(arguments: paths, [Inclusion.inclusive, .nine])
    func inclusiveL2BackInvalidatesL1I(fastPaths: Bool, inclusion: Inclusion) {
        var h = CacheHierarchy(
            [
                level(size: 32, line: 16, ways: 1), Self.instructionLevel(size: 32, line: 16, ways: 1),
                level("L2", size: 32, line: 16, ways: 1, inclusion: inclusion),
            ], fastPaths: fastPaths)
        h.fetchInstruction(address: 0x0, size: 4, region: 0)
        h.run([0x20])
        h.fetchInstruction(address: 0x0, size: 4, region: 0)
        let i = h.stats().levels[1].total, l2 = h.stats().levels[2].total
        #expect(i.misses == (inclusion == .inclusive ? 2 : 1))
        #expect(l2.backInvalidations == (inclusion == .inclusive ? 2 : 0))
        #expect(l2.misses == (inclusion == .inclusive ? 3 : 2))
    }

    /// An exclusive L2 is L1I's victim cache too. L1I one 16 B line; L1D 16 B; L2 exclusive 64 B,
    /// 16 B lines, fully associative. `i 0` misses everywhere (L2 forwards without filling);
    /// `i 10` evicts line 0 from L1I into L2; `i 0` misses L1I and hits L2, which hands the line
    /// up and drops it. L2: 3 loads, 2 misses; memory reads 2 lines.
    @Test(arguments: paths)
    func exclusiveL2TakesL1IVictims(fastPaths: Bool) {
        var h = CacheHierarchy(
            [
                level(size: 16, line: 16, ways: 1), Self.instructionLevel(size: 16, line: 16, ways: 1),
                level("L2", size: 64, line: 16, ways: 4, inclusion: .exclusive),
            ], fastPaths: fastPaths)
        for a: UInt64 in [0x0, 0x10, 0x0] { h.fetchInstruction(address: a, size: 4, region: 0) }
        let i = h.stats().levels[1].total, l2 = h.stats().levels[2].total
        #expect(i.misses == 3 && l2.loads == 3 && l2.misses == 2)
        #expect(h.stats().memoryBytesRead == 32)
        #expect(h.residentLines(level: 1).map(\.line) == [1], "line 1 went to L2 when 0 came back")
    }

    /// Invalidate records reach the instruction level (DineroIV sends them to both L1 caches);
    /// `v 0 0` empties it and its 3C shadow forgets, so the next fetch is compulsory again.
    @Test(arguments: paths)
    func invalidateReachesTheInstructionLevel(fastPaths: Bool) {
        var h = CacheHierarchy(
            [
                level(size: 64, line: 16, ways: 1), Self.instructionLevel(size: 64, line: 16, ways: 1),
                level("L2", size: 256, line: 16, ways: 2),
            ], fastPaths: fastPaths)
        h.fetchInstruction(address: 0x0, size: 4, region: 0)
        h.invalidate(address: 0x0, size: 4)
        #expect(h.instructionResidentLines().isEmpty)
        h.fetchInstruction(address: 0x0, size: 4, region: 0)
        h.invalidate(address: 0, size: 0)
        h.fetchInstruction(address: 0x0, size: 4, region: 0)
        let i = h.stats().levels[1].total
        // 3 misses: the first compulsory; the second a capacity miss (a one-line invalidate drops
        // the line from the shadow but leaves it seen); the third compulsory again.
        #expect(i.misses == 3 && i.compulsory == 2 && i.capacity == 1)
    }

    /// Without an instruction level, nothing accepts fetches (readers count them as skipped).
    @Test func noInstructionLevel() {
        var h = CacheHierarchy([level(size: 64, line: 16, ways: 1)])
        #expect(!h.acceptsInstructions)
        h.fetchInstruction(address: 0, size: 4, region: 0)
        #expect(h.stats().levels.count == 1 && h.stats().levels[0].total.loads == 0)
    }

    /// The fast and the general data paths agree counter for counter on random mixes of data
    /// accesses and instruction fetches, below a split L1, for NINE, inclusive and exclusive L2s.
    @Test(arguments: [Inclusion.nine, .inclusive, .exclusive], [ReplacementPolicy.lru, .fifo, .plru])
    func fastAndGeneralPathsAgree(inclusion: Inclusion, policy: ReplacementPolicy) {
        let configs = [
            level(size: 512, line: 32, ways: 2, policy: policy == .plru ? .lru : policy),
            Self.instructionLevel(
                size: 256, line: inclusion == .exclusive ? 64 : 32, ways: 2, policy: policy == .plru ? .lru : policy),
            level("L2", size: 2048, line: 64, ways: 4, policy: policy, inclusion: inclusion),
            level("L3", size: 8192, line: 64, ways: 8),
        ]
        var fast = CacheHierarchy(
            configs.map {
                var c = $0
                if inclusion == .exclusive && c.name == "L1" { c.line = 64 }
                return c
            })
        var general = CacheHierarchy(
            configs.map {
                var c = $0
                if inclusion == .exclusive && c.name == "L1" { c.line = 64 }
                return c
            },
            fastPaths: false)
        var rng = SplitMix(state: 7)
        for _ in 0..<30_000 {
            let x = rng.next()
            let address = (x >> 8) % 16384, size = UInt32(1 << ((x >> 40) % 5))
            switch x % 5 {
            case 0, 1:
                fast.fetchInstruction(address: address, size: size, region: 1)
                general.fetchInstruction(address: address, size: size, region: 1)
            case 2:
                fast.access(address: address, size: size, kind: .store, region: 2)
                general.access(address: address, size: size, kind: .store, region: 2)
            default:
                fast.access(address: address, size: size, kind: .load, region: 2)
                general.access(address: address, size: size, kind: .load, region: 2)
            }
        }
        #expect(fast.stats() == general.stats())
        #expect(fast.stats().levels[1].total.misses > 100, "the instruction level saw traffic")
        if inclusion == .inclusive { #expect(fast.stats().levels[2].total.backInvalidations > 0) }
        fast.flush()
        general.flush()
        #expect(fast.stats() == general.stats())
    }
}
