/// The hierarchy's own counters and flags (`CacheHierarchy.totals`), one `UInt64` each, named
/// here instead of numbered at every use. The first `snapshotted` slots are counts the warping
/// simulator multiplies (`counterWords`, `addCounters`); the rest are a flag and path checks.
@usableFromInline
enum TotalSlot {
    /// Line pieces beyond the first of accesses split at L1 line boundaries: accesses are L1's
    /// demand references minus these, so the inline hit counts nothing extra.
    @usableFromInline static let extraPieces = 0
    /// Bytes read from memory; `memoryBytesWritten` is the next slot, so a store adds 1 to
    /// the index instead of branching.
    @usableFromInline static let memoryBytesRead = 1
    /// Bytes written to memory.
    @usableFromInline static let memoryBytesWritten = 2
    /// 1 while a misc reference (`accessMisc`) is simulated: no prefetcher acts on it or on
    /// what it causes below; else 0.
    @usableFromInline static let miscReference = 3
    /// Misses the lean path handled (`leanMisses`).
    @usableFromInline static let leanMisses = 4
    /// Misses the order-word path handled (`orderWordMisses`).
    @usableFromInline static let orderWordMisses = 5
    /// Copy-backs run (`flush`, `copyBack`): their write-backs reach an exclusive level below
    /// while the line stays above, so `_checkInvariants` stops checking exclusion after one.
    @usableFromInline static let copyBacks = 6
    /// Single-line invalidations (`invalidate(address:size:)`, size > 0): where line sizes
    /// differ they leave part of a larger line above it, so `_checkInvariants` stops checking
    /// inclusion between levels of different line sizes after one.
    @usableFromInline static let lineInvalidations = 7
    /// How many slots there are.
    @usableFromInline static let count = 8
    /// The slots `counterWords` carries: the pieces and the memory bytes.
    @usableFromInline static let snapshotted = 3

    /// The memory slot an access of this kind adds its bytes to.
    @inlinable @inline(__always)
    static func memoryBytes(_ isStore: Bool) -> Int { isStore ? memoryBytesWritten : memoryBytesRead }
}
