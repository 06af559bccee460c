import CacheSim
import Testing
import AccessSink

/// The premise of exact warping: renaming every line by a shift that keeps its set at every
/// level renames the result and changes no count. Random traces over two regions, each shifted
/// by its own multiple of the largest sets x line, for every policy and hierarchy kind.
@Suite struct WarpEquivarianceTests {
    static func L(
        _ size: Int, _ line: Int, _ ways: Int, _ p: ReplacementPolicy, back: Bool = true, allocate: Bool = true,
        _ inc: Inclusion = .nine, prefetch: PrefetchKind = .none
    ) -> LevelConfig {
        LevelConfig(
            name: "L", size: size, line: line, ways: ways, policy: p, writeBack: back, writeAllocate: allocate,
            inclusion: inc, prefetch: prefetch, prefetchDegree: 2)
    }

    static let kinds: [(String, [LevelConfig])] = {
        var out: [(String, [LevelConfig])] = []
        for p in ReplacementPolicy.allCases {
            out.append(("nine-\(p)", [L(128, 16, 2, p), L(512, 32, 4, p)]))
            out.append(("inclusive-\(p)", [L(128, 16, 2, p), L(1024, 16, 4, p, .inclusive)]))
            out.append(("exclusive-\(p)", [L(128, 16, 2, p), L(512, 16, 4, p, .exclusive)]))
        }
        out.append(("through", [L(128, 16, 2, .lru, back: false, allocate: false), L(512, 16, 4, .fifo)]))
        out.append(("no-allocate", [L(128, 16, 2, .lru, allocate: false), L(512, 16, 4, .srrip)]))
        out.append(("modulo", [L(96, 16, 2, .lru), L(768, 16, 4, .plru)]))
        for k in PrefetchKind.allCases where k != .none {
            out.append(("prefetch-\(k)", [L(128, 16, 2, .lru, prefetch: k), L(512, 16, 4, .lru)]))
        }
        return out
    }()

    /// A multiple of every level's sets x line.
    static func unit(_ levels: [LevelConfig]) -> UInt64 {
        levels.reduce(1) { u, c in
            let g = UInt64(c.sets * c.line)
            return u / gcd(u, g) * g
        }
    }
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : gcd(b, a % b) }

    static func state(_ h: CacheHierarchy, _ offsets: [Int64]) -> [UInt64] {
        var w: [UInt64] = []
        offsets.withUnsafeBufferPointer { h.appendState(offsets: $0.baseAddress!, to: &w) }
        return w
    }

    @Test(arguments: kinds.map(\.0))
    func translatedTraceTranslatesResult(_ kind: String) {
        let levels = Self.kinds.first { $0.0 == kind }!.1
        let u = Self.unit(levels)
        var rng = SplitMix(state: UInt64(kind.count) * 7919)
        for trial in 0..<20 {
            var offsets = [Int64](repeating: 0, count: 256)
            offsets[1] = Int64(u * (1 + rng.next() % 5))
            offsets[2] = Int64(u * (7 + rng.next() % 5))
            var a = CacheHierarchy(levels, classify: false), b = CacheHierarchy(levels, classify: false)
            var trace: [(UInt64, UInt32, AccessKind, RegionTag)] = []
            for _ in 0..<400 {
                let r = RegionTag(1 + rng.next() % 2)
                let base: UInt64 = r == 1 ? 0x10000 : 0x40000
                let size = UInt32([1, 4, 8, 24][Int(rng.next() % 4)])
                trace.append((base + rng.next() % 1024, size, rng.next() % 3 == 0 ? .store : .load, r))
            }
            for (addr, size, kind, r) in trace {
                a.access(address: addr, size: size, kind: kind, region: r)
                b.access(address: addr &+ UInt64(offsets[Int(r)]), size: size, kind: kind, region: r)
            }
            #expect(a.stats() == b.stats(), "\(kind) trial \(trial): counts")
            a._checkInvariants()
            b._checkInvariants()
            #expect(
                Self.state(a, [Int64](repeating: 0, count: 256)) == Self.state(b, offsets),
                "\(kind) trial \(trial): state")
            guard a.warpable else { continue }
            // Translating a state and then the rest of the trace gives the translated result.
            var c = CacheHierarchy(levels, classify: false)
            for (addr, size, kind, r) in trace { c.access(address: addr, size: size, kind: kind, region: r) }
            offsets.withUnsafeBufferPointer { c.translate(offsets: $0.baseAddress!) }
            for (addr, size, kind, r) in trace.reversed() {
                a.access(address: addr, size: size, kind: kind, region: r)
                c.access(address: addr &+ UInt64(offsets[Int(r)]), size: size, kind: kind, region: r)
            }
            #expect(a.stats() == c.stats(), "\(kind) trial \(trial): counts after translate")
            c._checkInvariants()
            #expect(
                Self.state(a, [Int64](repeating: 0, count: 256)) == Self.state(c, offsets),
                "\(kind) trial \(trial): state after translate")
            a.flush()
            c.flush()
            #expect(a.stats() == c.stats(), "\(kind) trial \(trial): flushed")
        }
    }
}
