import Testing
import CacheSim

/// Random replacement has no reference model (the reference model refuses it), so this is its
/// oracle: a distribution test (issue 26). One set of W ways is filled, then missed on distinct
/// lines, so that every miss evicts one valid way chosen by the seeded generator. Each way must be
/// chosen about 1/W of the time.
///
/// Bounds, for N evictions over W ways with p = 1/W (binomial count per way):
/// - every way's count within E ± 5σ, E = N/W, σ = sqrt(N p (1 - p));
/// - Pearson's χ² = Σ (count - E)² / E at most (W - 1) + 6 sqrt(2 (W - 1)), the χ² distribution's
///   mean plus six standard deviations for W - 1 degrees of freedom.
/// The generator is seeded, so the outcome is fixed; the bounds are loose enough that any sound
/// uniform generator passes and tight enough that a way never (or rarely) chosen fails.
@Suite struct RandomReplacementDistributionTests {
    /// Counts, per way, how often a miss evicted it: the way whose line changed between the
    /// resident lines before and after the miss (lines are listed in way order).
    static func evictionCounts(ways: Int, seed: UInt64, evictions: Int, fastPaths: Bool, atL2: Bool) -> [Int] {
        let line = 64
        var target = LevelConfig(name: atL2 ? "L2" : "L1", size: ways * line, line: line, ways: ways, policy: .random)
        target.seed = seed
        // Above an L2 target: a one-line direct-mapped L1 that misses on every new line.
        let configs = atL2 ? [LevelConfig(name: "L1", size: line, line: line, ways: 1), target] : [target]
        var h = CacheHierarchy(configs, classify: false, fastPaths: fastPaths)
        let index = atL2 ? 1 : 0
        var next: UInt64 = 0
        func load() {
            h.access(address: next * UInt64(line), size: 4, kind: .load, region: 1)
            next += 1
        }
        for _ in 0..<ways { load() }
        var counts = [Int](repeating: 0, count: ways)
        var before = h.residentLines(level: index).map(\.line)
        precondition(before.count == ways, "the set is full before the first eviction")
        for _ in 0..<evictions {
            load()
            let after = h.residentLines(level: index).map(\.line)
            let changed = (0..<ways).filter { before[$0] != after[$0] }
            if changed.count == 1 { counts[changed[0]] += 1 } else { Issue.record("a miss changed ways \(changed)") }
            before = after
        }
        return counts
    }

    static func check(_ counts: [Int], _ what: String) {
        let w = Double(counts.count), n = Double(counts.reduce(0, +))
        let e = n / w, sigma = (n * (1 / w) * (1 - 1 / w)).squareRoot()
        for (way, c) in counts.enumerated() {
            #expect(
                abs(Double(c) - e) <= 5 * sigma,
                "\(what): way \(way) evicted \(c) times, expected \(e) ± \(5 * sigma): \(counts)")
        }
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - e) * (Double($1) - e) / e }
        let limit = (w - 1) + 6 * (2 * (w - 1)).squareRoot()
        #expect(chi2 <= limit, "\(what): χ² = \(chi2) > \(limit): \(counts)")
    }

    @Test(arguments: [2, 3, 4, 8, 12, 16])
    func defect26_randomReplacementChoosesEveryWayUniformly(ways: Int) {
        for seed: UInt64 in [1, 7, 0xDEAD_BEEF] {
            for fastPaths in [true, false] {
                let counts = Self.evictionCounts(
                    ways: ways, seed: seed, evictions: 400 * ways,
                    fastPaths: fastPaths, atL2: false)
                Self.check(counts, "L1 \(ways) ways seed \(seed) fast paths \(fastPaths)")
            }
        }
    }

    @Test(arguments: [2, 4, 8, 16])
    func defect26_randomReplacementBelowL1ChoosesEveryWayUniformly(ways: Int) {
        for fastPaths in [true, false] {
            let counts = Self.evictionCounts(
                ways: ways, seed: 3, evictions: 400 * ways,
                fastPaths: fastPaths, atL2: true)
            Self.check(counts, "L2 \(ways) ways fast paths \(fastPaths)")
        }
    }
}
