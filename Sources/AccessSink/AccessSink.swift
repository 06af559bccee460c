/// The one seam between the engine (which produces addresses) and whatever consumes them:
/// the cache simulator, a trace writer, a counter, or nothing at all.
///
/// Kernels are generic over `Sink: AccessSink` and call `access` for every load and store,
/// so the consumer is known at compile time: with `NullSink` the calls vanish and the kernel
/// is the native one; with the simulator they are direct, inlinable calls (no existential,
/// no closure, no allocation per access).
public protocol AccessSink {
    /// One access of `size` bytes at `address`. An access may cross line boundaries;
    /// the consumer decides what that means (the simulator touches every line covered).
    mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag)
    /// A miscellaneous read (DineroIV's `m` records, label and type 3): a load that no
    /// prefetcher acts on. By default it is a plain load.
    mutating func accessMisc(address: UInt64, size: UInt32, region: RegionTag)
    /// A copy-back record (DineroIV's `c`, label and type 4): write dirty data back towards
    /// memory without invalidating; size 0 means the whole cache. By default ignored.
    mutating func copyBack(address: UInt64, size: UInt32)
    /// An invalidate record (DineroIV's `v`, label and type 5): drop lines without copying them
    /// back; size 0 means the whole cache. By default ignored.
    mutating func invalidate(address: UInt64, size: UInt32)
    /// Whether the sink simulates instruction fetches; when false, trace readers count them as
    /// skipped and do not call `fetchInstruction`. By default false.
    var acceptsInstructions: Bool { get }
    /// An instruction fetch (DineroIV's `i`, label and type 2; Lackey's `I`). By default ignored.
    mutating func fetchInstruction(address: UInt64, size: UInt32, region: RegionTag)
    /// Runs iterations `0..<loop.count` of a kernel's warpable loop, `body(&self, t)` for each.
    /// A sink may skip whole periods of them when it can prove the result unchanged (see
    /// `WarpLoop`); by default every iteration runs (`AccessSink+Warp.swift`).
    mutating func warpLoop(_ loop: WarpLoop, _ body: (inout Self, Int) -> Void)
}

extension AccessSink {
    @inlinable @inline(__always)
    public mutating func accessMisc(address: UInt64, size: UInt32, region: RegionTag) {
        access(address: address, size: size, kind: .load, region: region)
    }
    @inlinable public mutating func copyBack(address: UInt64, size: UInt32) {}
    @inlinable public mutating func invalidate(address: UInt64, size: UInt32) {}
    @inlinable public var acceptsInstructions: Bool { false }
    @inlinable public mutating func fetchInstruction(address: UInt64, size: UInt32, region: RegionTag) {}
}

/// Discards every access: the sink that turns an instrumented kernel into the native one.
public struct NullSink: AccessSink {
    @inlinable public init() {}
    @inlinable @inline(__always)
    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {}
}

/// Counts loads and stores per region; used by tests and by footprint/size estimates.
public struct CountingSink: AccessSink {
    public var loads: [UInt64] = Array(repeating: 0, count: 256)
    public var stores: [UInt64] = Array(repeating: 0, count: 256)
    public init() {}
    @inlinable
    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        if kind == .load { loads[Int(region)] &+= 1 } else { stores[Int(region)] &+= 1 }
    }
    /// Loads plus stores over every region.
    public var total: UInt64 { loads.reduce(0, &+) &+ stores.reduce(0, &+) }
}

/// Forwards every access to two sinks, e.g. a simulator and a trace writer. Each access is a
/// call, not inlined into the kernel: a tee serves trace export and `measure`'s one simulated
/// run, where a few nanoseconds an access matter less than the kernel's size, and inlining
/// both sinks at each of a kernel's hundreds of access sites made the release build far slower.
public struct TeeSink<First: AccessSink, Second: AccessSink>: AccessSink {
    public var first: First
    public var second: Second
    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }
    @inlinable @inline(never)
    public mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        first.access(address: address, size: size, kind: kind, region: region)
        second.access(address: address, size: size, kind: kind, region: region)
    }
    @inlinable @inline(__always)
    public mutating func accessMisc(address: UInt64, size: UInt32, region: RegionTag) {
        first.accessMisc(address: address, size: size, region: region)
        second.accessMisc(address: address, size: size, region: region)
    }
    @inlinable
    public mutating func copyBack(address: UInt64, size: UInt32) {
        first.copyBack(address: address, size: size)
        second.copyBack(address: address, size: size)
    }
    @inlinable
    public mutating func invalidate(address: UInt64, size: UInt32) {
        first.invalidate(address: address, size: size)
        second.invalidate(address: address, size: size)
    }
    @inlinable public var acceptsInstructions: Bool { first.acceptsInstructions || second.acceptsInstructions }
    @inlinable
    public mutating func fetchInstruction(address: UInt64, size: UInt32, region: RegionTag) {
        first.fetchInstruction(address: address, size: size, region: region)
        second.fetchInstruction(address: address, size: size, region: region)
    }
}
