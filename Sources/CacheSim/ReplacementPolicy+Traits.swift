/// What the simulator may do with a level under a policy, said once per policy. The switch in
/// `traits` has no default, so a new policy does not compile until it states its traits: in
/// particular warping is opt-in (a policy whose state the warping snapshot misses must not warp).
public struct PolicyTraits: Sendable, Equatable {
    /// How the warping snapshot (`CacheHierarchy.appendState`) records a set under a policy.
    public enum Snapshot: Sendable, Equatable {
        /// The ways by stamp, newest first (or an order-word level's word): the physical way
        /// of a line never changes a decision.
        case byRecency
        /// The ways in physical order, then the set's tree bits.
        case treeBits
        /// The ways in physical order, each with its re-reference value.
        case rrpv
    }

    /// The order in which the end-of-run copy-back (`flush`) visits a set's dirty lines.
    public enum FlushOrder: Sendable, Equatable {
        /// Newest first by stamp (or order word): most recently used under LRU, filled under FIFO.
        case newestFirst
        /// Way order.
        case wayOrder
    }

    /// How warping snapshots the policy's state; nil when no snapshot is exact (the state
    /// never repeats: random's generator), so a hierarchy with the policy never warps.
    public let snapshot: Snapshot?
    /// The copy-back's order within a set, as DineroIV's `d4copyback` walks it.
    public let flushOrder: FlushOrder
    /// A set's state is one order of its ways kept as stamps (empty ways 0, below every line):
    /// the plain and order-word paths and the inline L1 hit keep it (`LevelPath.select`).
    public let ordersWays: Bool
    /// A lean level keeps the policy's state as touch stamps (tree-PLRU's `touches`), so an
    /// L1 hit can be counted inline like an LRU one.
    public let inlineHitByTouches: Bool

    /// Whether a level under the policy can warp exactly (given no prefetcher and no 3C shadow).
    public var warpable: Bool { snapshot != nil }
}

extension ReplacementPolicy {
    /// The policy's traits: the one exhaustive place (see `PolicyTraits`).
    public var traits: PolicyTraits {
        switch self {
        case .lru, .fifo:
            PolicyTraits(snapshot: .byRecency, flushOrder: .newestFirst, ordersWays: true, inlineHitByTouches: false)
        case .mru:
            PolicyTraits(snapshot: .byRecency, flushOrder: .wayOrder, ordersWays: false, inlineHitByTouches: false)
        case .plru:
            PolicyTraits(snapshot: .treeBits, flushOrder: .wayOrder, ordersWays: false, inlineHitByTouches: true)
        case .srrip:
            PolicyTraits(snapshot: .rrpv, flushOrder: .wayOrder, ordersWays: false, inlineHitByTouches: false)
        case .random:
            PolicyTraits(snapshot: nil, flushOrder: .wayOrder, ordersWays: false, inlineHitByTouches: false)
        }
    }
}
