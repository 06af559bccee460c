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
package struct BLISModel: Equatable, Sendable {
    package var kc: Int
    package var mc: Int
    /// nil without an L3.
    package var nc: Int?

    package init(kc: Int, mc: Int, nc: Int?) {
        self.kc = kc
        self.mc = mc
        self.nc = nc
    }

    package struct Cache: Sendable {
        package var sets: Int, ways: Int, line: Int
        package init(sets: Int, ways: Int, line: Int) {
            self.sets = sets
            self.ways = ways
            self.line = line
        }
    }

    /// nil when the geometry leaves no room (fewer than 2 L1 ways, or a full L2), when a size is
    /// not positive, or when a product of the geometry would not fit an Int (a document's
    /// numbers reach here: every step is checked, none traps).
    package static func derive(mr: Int, nr: Int, elementSize S: Int, l1: Cache, l2: Cache?, l3: Cache?) -> BLISModel? {
        let caches = [l1] + [l2, l3].compactMap { $0 }
        guard mr >= 1, nr >= 1, S >= 1, caches.allSatisfy({ $0.sets >= 1 && $0.ways >= 1 && $0.line >= 1 }) else {
            return nil
        }
        func mul(_ xs: Int...) -> Int? {
            var p = 1
            for x in xs {
                let (r, o) = p.multipliedReportingOverflow(by: x)
                if o { return nil }
                p = r
            }
            return p
        }
        /// ceil(a / b) for positive b, without the overflow of a + b - 1.
        func ceilDiv(_ a: Int, _ b: Int) -> Int { a / b + (a % b == 0 ? 0 : 1) }
        let ca = Int((Double(l1.ways - 1) / (1 + Double(nr) / Double(mr))).rounded(.down))
        guard ca >= 1, let l1Bytes = mul(ca, l1.sets, l1.line), let aPanel = mul(mr, S) else { return nil }
        let kc = l1Bytes / aPanel
        guard kc >= 1, let kcBytes = mul(kc, S) else { return nil }
        var mc = kc
        if let l2 {
            guard let way2 = mul(l2.sets, l2.line), let bPanel = mul(nr, kcBytes) else { return nil }
            let ways = l2.ways - 1 - ceilDiv(bPanel, way2)
            guard ways >= 1, let room = mul(ways, way2) else { return nil }
            mc = room / kcBytes / mr * mr
            guard mc >= mr else { return nil }
        }
        var nc: Int?
        if let l3 {
            guard let way3 = mul(l3.sets, l3.line), let aBlock = mul(mc, kcBytes) else { return nil }
            let ways = l3.ways - 1 - ceilDiv(aBlock, way3)
            if ways >= 1 {
                guard let room = mul(ways, way3) else { return nil }
                nc = room / kcBytes / nr * nr
            }
        }
        return BLISModel(kc: kc, mc: mc, nc: nc)
    }
}
