/// Which code simulates a level: the one place that says which path serves which level kind.
///
/// A reference to a level (an L1 piece, a fetch from above, a write-back or a victim moving
/// down) runs the level's `LevelPath`; L1 also has an `L1Hit` path, which counts a one-line hit
/// before any of them runs. `select` chooses both from the level's kind, once, when the
/// hierarchy is built, and `CacheHierarchy.reference` is the one switch over the paths. Every
/// fast path does what the general path does for its kind, in the same order, minus the tests
/// for features the kind lacks; the differential tests (`FastPathParityTests`, `LeanPathTests`,
/// `OrderWordTests`, `ReferenceModelTests`) run both (`fastPaths: false` sends every level to
/// `general`), check that each fast path ran (`leanMisses`, `orderWordMisses`) and check the
/// state's invariants (`_checkInvariants`).
///
/// The first row that fits a level serves it. Every path but `general` needs a level without a
/// prefetcher; "2^n sets": bit-selection sets; "ordered": a policy whose set state is one order
/// of its ways (LRU, FIFO: `PolicyTraits.ordersWays`).
///
/// | path           | position | policy             | write        | inclusion              | sets, ways      |
/// |----------------|----------|--------------------|--------------|------------------------|-----------------|
/// | `L1Hit.inline` | L1       | ordered, lean PLRU | back         | NINE                   | 2^n sets        |
/// | `L1Hit.lean`   | L1       | others (lean)      | back + alloc | NINE                   | 2^n sets        |
/// | `plain`        | any      | ordered            | back + alloc | NINE, none excl. below | 2^n sets        |
/// | `orderWord`    | below L1 | ordered            | back + alloc | any (not `plain`)      | 2^n, <= 16 ways |
/// | `lean`         | any      | any                | back + alloc | any                    | any             |
/// | `general`      | any      | any                | any          | any                    | any             |
///
/// The L1 hit paths only count hits; L1's misses take its `LevelPath` (`plain`, `lean` or
/// `general`: L1 is never `orderWord`, whose ways keep no stamps for the inline hit to write).
/// The instruction level beside L1, and every level built with `fastPaths: false`, is `general`
/// with no L1 hit path.
@usableFromInline
enum LevelPath: UInt8, Sendable {
    /// `plainReference`, `plainMiss` (`CacheHierarchy+Plain.swift`): DineroIV's configurations.
    case plain
    /// `orderWordReference`, `orderWordMiss`, `orderWordInsert` (`CacheHierarchy+OrderWord.swift`):
    /// the set's order as one word of 4-bit way numbers and a one-byte hint per way, no stamps.
    case orderWord
    /// `leanReference`, `leanMiss` (`CacheHierarchy+Lean.swift`): any policy, inclusion, set count.
    case lean
    /// `generalReference`, `miss` (`CacheHierarchy.swift`): everything, the reference the
    /// differential tests hold the others to.
    case general

    /// How L1 counts a one-line hit before its `LevelPath` runs.
    @usableFromInline
    enum L1Hit: Sendable {
        /// Inside `access`, inlined into the kernel's loop: one stamp, one counter, one flag.
        case inline
        /// In `accessSlow`: the policy's own hit update (`touch`).
        case lean
        /// No shortcut: every L1 reference takes its `LevelPath`.
        case none
    }

    /// The paths of a level of kind `config`: `first` when it is L1 (nothing above it),
    /// `below` the next level's configuration (nil for the last level), `fastPaths` false for
    /// the general path everywhere (and for the instruction level). The table above, as code.
    static func select(
        _ config: LevelConfig, first: Bool, below: LevelConfig?,
        fastPaths: Bool
    ) -> (path: LevelPath, l1Hit: L1Hit) {
        let traits = config.policy.traits
        let noPrefetch = config.prefetch == .none
        let pow2 = config.setsArePowerOfTwo
        let leanKind = fastPaths && !config.instruction && config.writeBack && config.writeAllocate && noPrefetch
        let path: LevelPath
        if leanKind && traits.ordersWays && pow2 && config.inclusion == .nine && below?.inclusion != .exclusive {
            path = .plain
        } else if leanKind && !first && traits.ordersWays && pow2 && config.ways <= 16 {
            path = .orderWord
        } else if leanKind {
            path = .lean
        } else {
            path = .general
        }
        guard first && fastPaths && !config.instruction && pow2 && noPrefetch && config.writeBack else {
            return (path, .none)
        }
        if traits.ordersWays || (traits.inlineHitByTouches && path != .general) { return (path, .inline) }
        if path != .general && config.inclusion != .exclusive { return (path, .lean) }
        return (path, .none)
    }
}
