import Testing
@testable import CacheSim
import AccessSink

/// The hot-path dispatch (`LevelPath.select`, its table), the policy traits, and the invariant
/// checker (`_checkInvariants`): clean runs pass it, and state corrupted on purpose (through
/// `@testable` access to the level's buffers) is reported, one invariant at a time.
@Suite struct DispatchInvariantTests {
    /// zen4's shape, small: plain L1, inclusive order-word L2, exclusive order-word L3.
    static let zen4Shape = [
        level(size: 1024, line: 64, ways: 8),
        level("L2", size: 4096, line: 64, ways: 8, inclusion: .inclusive),
        level("L3", size: 16384, line: 64, ways: 16, inclusion: .exclusive),
    ]

    /// A hierarchy of `cfgs` after a random trace of loads and stores over 64 KiB.
    static func warmed(_ cfgs: [LevelConfig]) -> CacheHierarchy {
        var sim = CacheHierarchy(cfgs, classify: false)
        var rng = SplitMix(state: 26)
        for _ in 0..<20000 {
            let kind: AccessKind = rng.next() % 4 == 0 ? .store : .load
            sim.access(address: rng.next() % 65536, size: 4, kind: kind, region: RegionTag(rng.next() % 3))
        }
        return sim
    }

    /// The first valid slot of `level` (its set and way).
    static func validSlot(_ sim: CacheHierarchy, _ level: Int) -> (set: Int, way: Int) {
        let L = sim.levels[level]
        let slot = (0..<(L.sets * L.ways)).first { L.tags[$0] != CacheLevel.invalid }!
        return (slot / L.ways, slot % L.ways)
    }

    static func reports(_ sim: CacheHierarchy, _ phrase: String) -> Bool {
        sim._invariantViolations().contains { $0.contains(phrase) }
    }

    /// The paths of each level, as the table beside `LevelPath` says (worked out by hand from
    /// the table's rows, first fitting row wins).
    @Test func pathTableServesEachLevelKind() {
        func paths(_ cfgs: [LevelConfig], fastPaths: Bool = true) -> [String] {
            let sim = CacheHierarchy(cfgs, classify: false, fastPaths: fastPaths)
            return (0..<sim.count).map { "\(sim.levels[$0].path)/\(sim.levels[$0].l1Hit)" }
        }
        // zen4: LRU L1 over an inclusive L2 (NINE itself, nothing exclusive below): plain and
        // inline hits; L2 inclusive and L3 exclusive, LRU, 8 and 16 ways: order words.
        #expect(paths(Self.zen4Shape) == ["plain/inline", "orderWord/none", "orderWord/none"])
        #expect(paths(Self.zen4Shape, fastPaths: false) == ["general/none", "general/none", "general/none"])
        // Two NINE LRU levels: plain both.
        #expect(
            paths([level(size: 512, line: 64, ways: 8), level("L2", size: 4096, line: 64, ways: 8)])
                == ["plain/inline", "plain/none"])
        // SRRIP L1 (lean hit), a 32-way inclusive FIFO L2 (over 16 ways: lean), a modulo L3.
        #expect(
            paths([
                level(size: 512, line: 64, ways: 8, policy: .srrip),
                level("L2", size: 8192, line: 64, ways: 32, policy: .fifo, inclusion: .inclusive),
                level("L3", size: 24576, line: 64, ways: 8),
            ]) == ["lean/lean", "lean/none", "lean/none"])
        // Tree-PLRU L1 (inline by touches) over an exclusive level: lean L1, order-word L2.
        #expect(
            paths([
                level(size: 512, line: 64, ways: 8, policy: .plru),
                level("L2", size: 2048, line: 64, ways: 8, inclusion: .exclusive),
            ])
                == ["lean/inline", "orderWord/none"])
        // No-allocate L1 (general, but write-back LRU: inline hits), a prefetching L2 (general).
        #expect(
            paths([
                level(size: 512, line: 64, ways: 8, allocate: false),
                level("L2", size: 4096, line: 64, ways: 8, prefetch: .nextLine),
            ])
                == ["general/inline", "general/none"])
        // Write-through L1: no inline hit (a store must reach L2).
        #expect(
            paths([
                level(size: 512, line: 64, ways: 8, writeBack: false, allocate: false),
                level("L2", size: 4096, line: 64, ways: 8),
            ]) == ["general/none", "plain/none"])
    }

    /// Warping is opt-in: only policies whose traits name a snapshot warp, in both places
    /// that ask (`WarpPeriod.exact` from the configuration, `warpable` from the hierarchy).
    @Test(arguments: ReplacementPolicy.allCases)
    func warpingFollowsThePolicyTraits(_ policy: ReplacementPolicy) {
        let cfgs = [
            level(size: 512, line: 64, ways: 8, policy: policy),
            level("L2", size: 4096, line: 64, ways: 8, policy: policy),
        ]
        let expected = policy != .random  // random's generator state never repeats
        #expect(policy.traits.warpable == expected)
        #expect(WarpPeriod.exact(cfgs) == expected)
        #expect(CacheHierarchy(cfgs, classify: false).warpable == expected)
        #expect(policy.traits.ordersWays == (policy == .lru || policy == .fifo))
    }

    #if DEBUG
        /// The debug build (the one tests run) compiles the checker in.
        @Test func debugBuildsCheckInvariants() {
            #expect(CacheHierarchy._internalChecksEnabled)
        }
    #endif

    /// Clean runs on every path pass the checker, before and after the copy-back.
    @Test func cleanStatePassesTheChecker() {
        var sim = Self.warmed(Self.zen4Shape)
        #expect(sim._invariantViolations().isEmpty)
        #expect(sim.orderWordMisses > 0)
        sim.flush()
        #expect(sim._invariantViolations().isEmpty)
    }

    @Test(.enabled(if: CacheHierarchy._internalChecksEnabled))
    func checkerReportsABrokenOrderWord() {
        let sim = Self.warmed(Self.zen4Shape)
        let L2 = sim.levels + 1
        // Way 0 twice (newest and next), way 1 gone: not a permutation.
        L2.pointee.order[3] = (L2.pointee.order[3] & ~UInt64(0xFF)) | 0x00
        #expect(Self.reports(sim, "L2 set 3: order word"))
    }

    @Test(.enabled(if: CacheHierarchy._internalChecksEnabled))
    func checkerReportsAStaleHint() {
        let sim = Self.warmed(Self.zen4Shape)
        let (set, way) = Self.validSlot(sim, 2)
        sim.levels[2].hints[set * 16 + way] ^= 0x5A
        #expect(Self.reports(sim, "L3 set \(set) way \(way): hint does not match"))
    }

    @Test(.enabled(if: CacheHierarchy._internalChecksEnabled))
    func checkerReportsADirtyEmptyWay() {
        var sim = Self.warmed(Self.zen4Shape)
        // A single-line invalidation empties the line's way at every level.
        let (set, way) = Self.validSlot(sim, 0)
        let line = sim.levels[0].tags[set * 8 + way]
        sim.invalidate(address: line << 6, size: 4)
        #expect(sim._invariantViolations().isEmpty)
        sim.levels[0].flags[set * 8 + way] = CacheLevel.dirtyFlag
        #expect(Self.reports(sim, "L1 set \(set) way \(way): empty way with flags"))
    }

    @Test(.enabled(if: CacheHierarchy._internalChecksEnabled))
    func checkerReportsBrokenInclusion() {
        let sim = Self.warmed(Self.zen4Shape)
        let (set, way) = Self.validSlot(sim, 0)
        // A clean line of the same L1 set far beyond the 64 KiB the trace touched: in no level.
        let foreign = UInt64(set) + 2 * 8192
        sim.levels[0].tags[set * 8 + way] = foreign
        sim.levels[0].flags[set * 8 + way] = 0
        #expect(Self.reports(sim, "L2 is inclusive but lacks clean line \(foreign)"))
    }

    @Test(.enabled(if: CacheHierarchy._internalChecksEnabled))
    func checkerReportsBrokenExclusion() {
        let sim = Self.warmed(Self.zen4Shape)
        // Copy one of L2's lines over a valid way of its L3 set (hint kept right).
        let L3 = sim.levels + 2
        let l2Lines = sim.residentLines(level: 1).filter { !$0.dirty }.map(\.line)
        let line = l2Lines.first { l in
            let base = L3.setIndex(l) * 16
            return (0..<16).allSatisfy { L3.pointee.tags[base + $0] != CacheLevel.invalid }
        }!
        let slot = L3.setIndex(line) * 16
        L3.pointee.tags[slot] = line
        L3.pointee.hints[slot] = L3.hint(line)
        #expect(Self.reports(sim, "L3 is exclusive but holds clean line \(line) of L2 too"))
    }
}
