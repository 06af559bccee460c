import CacheSim
import AccessSink

/// Builds a level from geometry, for tests.
func level(
    _ name: String = "L1", size: Int, line: Int, ways: Int, policy: ReplacementPolicy = .lru,
    writeBack: Bool = true, allocate: Bool = true, inclusion: Inclusion = .nine,
    prefetch: PrefetchKind = .none, degree: Int = 1
) -> LevelConfig {
    let c = LevelConfig(
        name: name, size: size, line: line, ways: ways, policy: policy, writeBack: writeBack,
        writeAllocate: allocate, inclusion: inclusion, prefetch: prefetch, prefetchDegree: degree)
    precondition(c.problems(above: nil).filter { $0.key != "inclusion" }.isEmpty, "bad test level \(c)")
    return c
}

extension CacheHierarchy {
    /// Loads (or stores) each address in turn, 4 bytes each.
    mutating func run(_ addresses: [UInt64], store: Bool = false, size: UInt32 = 4, region: RegionTag = 0) {
        for a in addresses { access(address: a, size: size, kind: store ? .store : .load, region: region) }
    }
    func total(_ level: Int) -> LevelCounters { stats().levels[level].total }
}

/// A small deterministic generator for random traces.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
