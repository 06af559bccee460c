import AccessSink

/// Forwards every record to `inner` with the region tag of its address in `AddressRegions`
/// (the range holding its first byte, 0 for none), replacing the tag the trace gave (llt's):
/// `replay --region` attributes a trace's counters to named ranges this way. Generic, so the
/// reader's loop calls the simulator directly; the lookup tries the last range hit first and
/// otherwise binary-searches the sorted starts.
public struct RegionMapSink<Inner: AccessSink>: AccessSink {
    public var inner: Inner
    @usableFromInline let starts: [UInt64]
    @usableFromInline let ends: [UInt64]
    @usableFromInline let tags: [RegionTag]
    /// The index of the range that held the last tagged address (a hint).
    @usableFromInline var last = 0

    public init(_ inner: Inner, regions: AddressRegions) {
        self.inner = inner
        starts = regions.ranges.map(\.start)
        ends = regions.ranges.map(\.end)
        tags = regions.ranges.map(\.tag)
    }

    /// The tag of the range holding `address`, or 0.
    @inlinable
    public mutating func tag(_ address: UInt64) -> RegionTag {
        if last < starts.count && address >= starts[last] && address < ends[last] { return tags[last] }
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = lo &+ (hi &- lo) / 2
            if starts[mid] <= address { lo = mid &+ 1 } else { hi = mid }
        }
        guard lo > 0 && address < ends[lo &- 1] else { return 0 }
        last = lo &- 1
        return tags[lo &- 1]
    }

    @inlinable @inline(__always)
    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        let t = tag(address)
        inner.access(address: address, size: size, kind: kind, region: t)
    }
    @inlinable @inline(__always)
    public mutating func accessMisc(address: UInt64, size: UInt32, region: RegionTag) {
        let t = tag(address)
        inner.accessMisc(address: address, size: size, region: t)
    }
    @inlinable
    public mutating func copyBack(address: UInt64, size: UInt32) { inner.copyBack(address: address, size: size) }
    @inlinable
    public mutating func invalidate(address: UInt64, size: UInt32) { inner.invalidate(address: address, size: size) }
    @inlinable public var acceptsInstructions: Bool { inner.acceptsInstructions }
    @inlinable
    public mutating func fetchInstruction(address: UInt64, size: UInt32, region: RegionTag) {
        let t = tag(address)
        inner.fetchInstruction(address: address, size: size, region: t)
    }
}
