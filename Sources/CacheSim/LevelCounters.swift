/// The counters kept per level and per region. Plain numbers: formatting lives in Reporting.
public struct LevelCounters: Sendable, Equatable {
    public var loads: UInt64 = 0
    public var stores: UInt64 = 0
    public var loadMisses: UInt64 = 0
    public var storeMisses: UInt64 = 0
    /// Dirty lines evicted (written to the next level).
    public var writebacks: UInt64 = 0
    public var compulsory: UInt64 = 0
    public var capacity: UInt64 = 0
    public var conflict: UInt64 = 0
    /// Prefetch fills issued into this level.
    public var prefetches: UInt64 = 0
    /// Prefetched lines later hit by a demand access.
    public var usefulPrefetches: UInt64 = 0
    /// Bytes requested from the next level (fills, including prefetch fills).
    public var bytesRead: UInt64 = 0
    /// Bytes sent to the next level (write-backs and write-throughs).
    public var bytesWritten: UInt64 = 0
    /// Lines invalidated in the levels above because this inclusive level evicted them.
    public var backInvalidations: UInt64 = 0

    public init() {}

    /// Demand accesses (loads + stores).
    public var accesses: UInt64 { loads &+ stores }
    /// Demand misses (loads + stores).
    public var misses: UInt64 { loadMisses &+ storeMisses }
    /// Demand hits.
    public var hits: UInt64 { accesses &- misses }
    /// Misses over accesses, 0 when there were no accesses.
    public var missRate: Double { accesses == 0 ? 0 : Double(misses) / Double(accesses) }

    /// Field-wise sum (wrapping), over the field table `fields`.
    public static func + (a: LevelCounters, b: LevelCounters) -> LevelCounters {
        var r = a
        for f in fields { r[keyPath: f.keyPath] &+= b[keyPath: f.keyPath] }
        return r
    }
}

/// Slots of the flat per-region counter array inside a level (hot path). Kept in step with
/// `LevelCounters` by `CounterSlot.read`.
@usableFromInline
enum CounterSlot {
    @usableFromInline static let loads = 0
    @usableFromInline static let stores = 1
    @usableFromInline static let loadMisses = 2
    @usableFromInline static let storeMisses = 3
    @usableFromInline static let writebacks = 4
    @usableFromInline static let compulsory = 5
    @usableFromInline static let capacity = 6
    @usableFromInline static let conflict = 7
    @usableFromInline static let prefetches = 8
    @usableFromInline static let usefulPrefetches = 9
    @usableFromInline static let bytesRead = 10
    @usableFromInline static let bytesWritten = 11
    @usableFromInline static let backInvalidations = 12
    /// Slots per region (padded to a power of two).
    @usableFromInline static let stride = 16

    static func read(_ p: UnsafePointer<UInt64>) -> LevelCounters {
        var c = LevelCounters()
        c.loads = p[loads]
        c.stores = p[stores]
        c.loadMisses = p[loadMisses]
        c.storeMisses = p[storeMisses]
        c.writebacks = p[writebacks]
        c.compulsory = p[compulsory]
        c.capacity = p[capacity]
        c.conflict = p[conflict]
        c.prefetches = p[prefetches]
        c.usefulPrefetches = p[usefulPrefetches]
        c.bytesRead = p[bytesRead]
        c.bytesWritten = p[bytesWritten]
        c.backInvalidations = p[backInvalidations]
        return c
    }
}
