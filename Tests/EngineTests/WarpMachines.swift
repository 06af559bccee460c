import CacheSim

/// Hierarchies for the warping tests: the four bundled machines (as in LayoutConfig's
/// MachinePresets) and synthetic ones for every policy, write mode, inclusion, modulo sets and
/// mixed line sizes, small enough that warps fire at small n.
enum WarpMachines {
    static func L(
        _ name: String, _ size: Int, _ line: Int, _ ways: Int, _ policy: ReplacementPolicy = .lru,
        back: Bool = true, allocate: Bool = true, _ inclusion: Inclusion = .nine
    ) -> LevelConfig {
        LevelConfig(
            name: name, size: size, line: line, ways: ways, policy: policy, writeBack: back,
            writeAllocate: allocate, inclusion: inclusion)
    }

    static let bundled: [(String, [LevelConfig])] = [
        (
            "zen4",
            [
                L("L1", 32 << 10, 64, 8), L("L2", 1 << 20, 64, 8, .lru, .inclusive),
                L("L3", 32 << 20, 64, 16, .lru, .exclusive),
            ]
        ),
        (
            "skylake",
            [L("L1", 32 << 10, 64, 8, .plru), L("L2", 256 << 10, 64, 4), L("L3", 8 << 20, 64, 16, .lru, .inclusive)]
        ),
        ("cortex-a53", [L("L1", 32 << 10, 64, 4), L("L2", 512 << 10, 64, 16)]),
        ("tiny", [L("L1", 256, 16, 2), L("L2", 1024, 16, 4)]),
    ]

    /// Small hierarchies: L1 4 sets, L2 8 sets (16-byte lines unless said), so a 64-byte row
    /// shift gives a period of 2 to 8 iterations.
    static let synthetic: [(String, [LevelConfig])] = {
        var out: [(String, [LevelConfig])] = []
        for p in ReplacementPolicy.allCases {
            out.append(("\(p.rawValue)", [L("L1", 128, 16, 2, p), L("L2", 512, 16, 4, p)]))
        }
        out.append(("through", [L("L1", 128, 16, 2, back: false, allocate: false), L("L2", 512, 16, 4)]))
        out.append(("no-allocate", [L("L1", 128, 16, 2, back: true, allocate: false), L("L2", 512, 16, 4, .fifo)]))
        out.append(("inclusive", [L("L1", 128, 16, 2), L("L2", 512, 16, 4, .lru, .inclusive)]))
        out.append(("exclusive", [L("L1", 128, 16, 2, .plru), L("L2", 512, 16, 4, .srrip, .exclusive)]))
        out.append(("modulo", [L("L1", 96, 16, 2), L("L2", 768, 16, 4, .plru)]))  // 3 and 12 sets
        out.append(
            ("mixed-lines", [L("L1", 128, 16, 2), L("L2", 1024, 32, 4), L("L3", 4096, 64, 4, .lru, .inclusive)]))
        out.append(("one-level", [L("L1", 256, 16, 4)]))
        return out
    }()
}
