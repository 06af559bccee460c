/// Block sizes from cache geometry, after Low, Igual, Smith and Quintana-Orti, "Analytical
/// modeling is enough for high-performance BLIS" (TOMS 2016), restated here:
///
/// - kc: the kc x nr micro-panel of B stays in L1 while mr x kc micro-panels of A stream through.
///   Of the W1 ways, one is kept free for the next A panel and C; A gets
///   `CA = floor((W1 - 1) / (1 + nr/mr))` ways, so `kc = CA * N1 * L1 / (mr * S)`.
/// - mc: the mc x kc block of A stays in L2 beside one B micro-panel, which takes
///   `CB = ceil(nr * kc * S / (N2 * L2))` ways; `mc = (W2 - 1 - CB) * N2 * L2 / (kc * S)`,
///   rounded down to a multiple of mr.
/// - nc: the kc x nc panel of B stays in L3 beside the A block (`CA3 = ceil(mc * kc * S / (N3 * L3))`
///   ways); `nc = (W3 - 1 - CA3) * N3 * L3 / (kc * S)`, rounded down to a multiple of nr. Without an
///   L3, nc is unbounded (the whole of n).
///
/// N is sets, W ways, L line bytes, S the element size.
public struct BLISModel: Equatable, Sendable {
    public var kc: Int
    public var mc: Int
    /// nil without an L3.
    public var nc: Int?

    public init(kc: Int, mc: Int, nc: Int?) { self.kc = kc; self.mc = mc; self.nc = nc }

    public struct Cache: Sendable {
        public var sets: Int, ways: Int, line: Int
        public init(sets: Int, ways: Int, line: Int) { self.sets = sets; self.ways = ways; self.line = line }
    }

    /// nil when the geometry leaves no room (fewer than 2 L1 ways, or a full L2).
    public static func derive(mr: Int, nr: Int, elementSize S: Int, l1: Cache, l2: Cache?, l3: Cache?) -> BLISModel? {
        let ca = Int((Double(l1.ways - 1) / (1 + Double(nr) / Double(mr))).rounded(.down))
        guard ca >= 1 else { return nil }
        let kc = ca * l1.sets * l1.line / (mr * S)
        guard kc >= 1 else { return nil }
        var mc = kc
        if let l2 {
            let cb = (nr * kc * S + l2.sets * l2.line - 1) / (l2.sets * l2.line)
            let ways = l2.ways - 1 - cb
            guard ways >= 1 else { return nil }
            mc = ways * l2.sets * l2.line / (kc * S) / mr * mr
            guard mc >= mr else { return nil }
        }
        var nc: Int?
        if let l3 {
            let ca3 = (mc * kc * S + l3.sets * l3.line - 1) / (l3.sets * l3.line)
            let ways = l3.ways - 1 - ca3
            if ways >= 1 { nc = ways * l3.sets * l3.line / (kc * S) / nr * nr }
        }
        return BLISModel(kc: kc, mc: mc, nc: nc)
    }
}
