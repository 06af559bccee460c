/// One array's move per iteration of a warpable loop: iteration `t + 1` touches the same
/// offsets of `region` as iteration `t`, `bytes` further on.
public struct WarpShift: Sendable, Equatable {
    public var region: RegionTag
    public var bytes: Int64
    @inlinable public init(_ region: RegionTag, _ bytes: Int64) {
        self.region = region
        self.bytes = bytes
    }
    /// An unused slot (region 0 never carries an access).
    public static let none = WarpShift(0, 0)
}

/// A kernel's warpable loop (exact warping, Morelli and Reineke, PLDI 2022): `count`
/// iterations, of which those in `uniform` are translates of one another. Iteration `t` of
/// `uniform` makes the same accesses as iteration `uniform.lowerBound`, each array's addresses
/// moved by `(t - uniform.lowerBound) * shift` bytes, with the same kinds and sizes, in the same
/// order. Arrays not listed do not move. A plain struct with no heap storage, so building one
/// per outer iteration costs nothing on the per-access path.
public struct WarpLoop: Sendable, Equatable {
    public var count: Int
    public var uniform: Range<Int>
    /// Accesses one iteration makes (an estimate is enough: it decides whether to try).
    public var accessesPerIteration: UInt64
    public var s0: WarpShift, s1: WarpShift, s2: WarpShift, s3: WarpShift

    @inlinable
    public init(
        count: Int, uniform: Range<Int>, accessesPerIteration: UInt64,
        _ s0: WarpShift, _ s1: WarpShift = .none, _ s2: WarpShift = .none, _ s3: WarpShift = .none
    ) {
        self.count = count
        self.uniform = uniform
        self.accessesPerIteration = accessesPerIteration
        self.s0 = s0
        self.s1 = s1
        self.s2 = s2
        self.s3 = s3
    }

    /// The listed shifts, unused slots and zero shifts left out.
    public var shifts: [WarpShift] { [s0, s1, s2, s3].filter { $0.region != 0 && $0.bytes != 0 } }
}
