/// How a set chooses its victim.
public enum ReplacementPolicy: String, CaseIterable, Sendable {
    /// True least-recently-used; a store hit refreshes recency like a load hit.
    case lru
    /// First in, first out: hits do not change the order.
    case fifo
    /// Uniformly random victim from a seeded generator (reproducible per `seed`).
    case random
    /// Tree pseudo-LRU (one bit per internal node), as many real L1s use. Needs power-of-two ways.
    case plru
    /// Static RRIP with 2-bit re-reference values: insert at 2, hit promotes to 0, evict a 3.
    case srrip
    /// Most-recently-used is evicted (useful for cyclic patterns larger than the cache).
    case mru
}

/// How a level relates to the levels above it.
public enum Inclusion: String, CaseIterable, Sendable {
    /// Non-inclusive, non-exclusive: fills and evictions are independent.
    case nine
    /// Evicting a line here back-invalidates every copy of it in the levels above.
    case inclusive
    /// A victim cache for the level above: filled only by that level's evictions.
    case exclusive
}

/// A hardware prefetcher attached to a level.
public enum PrefetchKind: String, CaseIterable, Sendable {
    case none
    /// On a demand load miss, fetch `degree` lines from `distance` lines ahead: DineroIV's miss
    /// prefetch (`-lN-Tfetch m`, `-lN-Tpfdist`) when the degree is 1.
    case nextLine = "next-line"
    /// On every demand load, hit or miss, as `nextLine` does on a miss (DineroIV's `-Tfetch a`).
    case always
    /// On a demand load miss, and on the first demand reference to a line a prefetch brought
    /// in, as `nextLine` does on a miss (DineroIV's `-Tfetch t`).
    case tagged
    /// Per region, detect a repeated line stride on loads and fetch `degree` strides ahead.
    case stride
}

/// One cache level's parameters, as decoded from a machine file. `CacheLevel` builds from it.
public struct LevelConfig: Sendable, Equatable {
    public var name: String
    /// Capacity in bytes.
    public var size: Int
    /// Line (block) size in bytes, a power of two.
    public var line: Int
    /// Associativity; equal to `size / line` for a fully associative level.
    public var ways: Int
    public var policy: ReplacementPolicy
    /// Write-back (true) or write-through (false).
    public var writeBack: Bool
    /// Allocate a line on a store miss.
    public var writeAllocate: Bool
    public var inclusion: Inclusion
    public var prefetch: PrefetchKind
    public var prefetchDegree: Int
    /// How many lines ahead `nextLine`, `always` and `tagged` fetch (DineroIV's `-pfdist`).
    public var prefetchDistance: Int
    /// The 3C split's fully associative shadow evicts first in, first out instead of least
    /// recently used: what DineroIV does on a FIFO level (`shadow: fifo` in a machine file).
    public var fifoShadow: Bool
    /// Seed for the `random` policy.
    public var seed: UInt64
    /// An instruction cache beside the first (data) level: a split L1, as DineroIV's
    /// `-l1-isize` over unified levels (`side: instruction` in a machine file). It receives only
    /// instruction fetches; its misses go to the unified level below L1, or to memory.
    public var instruction: Bool = false

    public init(
        name: String, size: Int, line: Int, ways: Int, policy: ReplacementPolicy = .lru,
        writeBack: Bool = true, writeAllocate: Bool = true, inclusion: Inclusion = .nine,
        prefetch: PrefetchKind = .none, prefetchDegree: Int = 1, prefetchDistance: Int = 1,
        fifoShadow: Bool = false, seed: UInt64 = 1
    ) {
        self.name = name
        self.size = size
        self.line = line
        self.ways = ways
        self.policy = policy
        self.writeBack = writeBack
        self.writeAllocate = writeAllocate
        self.inclusion = inclusion
        self.prefetch = prefetch
        self.prefetchDegree = prefetchDegree
        self.prefetchDistance = prefetchDistance
        self.fifoShadow = fifoShadow
        self.seed = seed
    }

    /// Number of sets: size / (line x ways).
    public var sets: Int { size / (line * ways) }
    /// Whether the set count is a power of two (bit selection) or indexed modulo.
    public var setsArePowerOfTwo: Bool { sets > 0 && sets & (sets - 1) == 0 }
    /// Whether there is a single set.
    public var fullyAssociative: Bool { sets == 1 }

    /// Every violated invariant, as `key: message` strings; empty when the level is usable.
    /// `above` is the level nearer the core, if any.
    public func problems(above: LevelConfig?) -> [(key: String, message: String)] {
        var out: [(key: String, message: String)] = []
        func isPow2(_ v: Int) -> Bool { v > 0 && v & (v - 1) == 0 }
        if line < 4 || !isPow2(line) { out.append(("line", "must be a power of two of at least 4 bytes, got \(line)")) }
        if size <= 0 { out.append(("size", "must be positive, got \(size)")) }
        if ways <= 0 { out.append(("ways", "must be a positive number or `full`, got \(ways)")) }
        if line > 0, ways > 0, size > 0 {
            // line x ways is checked before it is used: a file may give numbers whose product wraps.
            let (setBytes, overflow) = line.multipliedReportingOverflow(by: ways)
            if overflow || setBytes > size {
                out.append(("size", "size \(size) is smaller than one set of \(ways) ways x \(line)-byte lines"))
            } else if size % setBytes != 0 {
                out.append(("size", "size \(size) is not a whole number of sets of \(ways) ways x \(line)-byte lines"))
            }
        }
        if policy == .plru, !isPow2(ways) || ways > 64 {
            out.append(("policy", "plru needs a power-of-two number of ways up to 64, got \(ways)"))
        }
        if !writeBack && writeAllocate {
            out.append(
                (
                    "allocate",
                    """
                    write-through with write-allocate is not supported; legal pairs: back+allocate, \
                    through+no-allocate, back+no-allocate
                    """
                ))
        }
        if prefetchDegree < 1 || prefetchDegree > 64 {
            out.append(("degree", "prefetch degree must be 1...64, got \(prefetchDegree)"))
        }
        if prefetchDistance < 1 || prefetchDistance > 64 {
            out.append(("distance", "prefetch distance must be 1...64 lines, got \(prefetchDistance)"))
        }
        if let above, line < above.line {
            out.append(("line", "line \(line) is smaller than the line \(above.line) of level \(above.name) above it"))
        }
        if above == nil, inclusion != .nine {
            out.append(("inclusion", "the first level has no level above it; inclusion must be nine"))
        }
        if instruction {
            if prefetch != .none {
                out.append(("prefetch", "an instruction level takes no prefetcher (not supported)"))
            }
        }
        return out
    }
}
