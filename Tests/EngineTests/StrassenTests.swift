import AccessSink
import CacheSim
import Engine
import Testing

/// Strassen's algorithm (issue 29): the product against the plain triple loop for every base,
/// layout and odd size, and the access counts against formulas worked out here.
@Suite struct StrassenTests {
    static let bases: [GemmAlgorithm] = [
        .naive(.ijk), .naive(.ikj), .naive(.jki), .tiled(.ikj, tm: 4, tn: 8, tk: 4),
        .registerBlocked(mr: 4, nr: 4, kc: 8, kInner: true), .qnnpack(mr: 4, nr: 8),
        .blis(mr: 4, nr: 4, kc: 8, mc: 8, nc: 16),
    ]

    /// Sample values are small integers and the sums stay far below 2^24, so the f32 and f64
    /// products are exact: compared with == (tolerance 0), instrumented and native.
    @Test(arguments: bases)
    func productEqualsTheTripleLoop(_ base: GemmAlgorithm) {
        let shapes = [
            GemmShape(m: 16, n: 16, k: 16), GemmShape(m: 13, n: 11, k: 9), GemmShape(m: 3, n: 3, k: 3),
            GemmShape(m: 32, n: 8, k: 17), GemmShape(m: 2, n: 40, k: 5),
        ]
        for s in shapes {
            for levels in 1...3 {
                let v = GemmVariant(algorithm: .strassen(levels: levels, base: base))
                expectNativeProduct(Float.self, v, s)
                expectNativeProduct(Double.self, v, s)
                expectNativeProduct(Float.self, v, s, sink: CountingSink())
            }
        }
        // Column-major and padded operands.
        let v = GemmVariant(
            algorithm: .strassen(levels: 2, base: base), layoutA: .colMajor, layoutB: .rowMajor,
            layoutC: .colMajor, padA: 3, padB: 1, padC: 2)
        expectNativeProduct(Double.self, v, GemmShape(m: 19, n: 14, k: 12))
    }

    static func counts(_ s: GemmShape, levels: Int) -> CountingSink {
        let v = GemmVariant(algorithm: .strassen(levels: levels, base: .naive(.ijk)))
        var sink = CountingSink()
        GemmWorkload<Float>(shape: s, variant: v)!.run(sink: &sink)
        return sink
    }

    static func loads(_ c: CountingSink, _ r: Region) -> UInt64 { c.loads[Int(r.rawValue)] }
    static func stores(_ c: CountingSink, _ r: Region) -> UInt64 { c.stores[Int(r.rawValue)] }

    /// One level on n = 2h with the naive ijk base (source stream: per multiply-add one load of
    /// its A operand, one of its B operand, a load and a store of its C operand):
    /// - A: 10 h² loads by the five S sums, and h³ by each of M3 and M4 (A11, A22 direct);
    /// - B: 10 h² by the five T sums, h³ by each of M2 and M5 (B11, B22 direct);
    /// - S: 5 h² stores, and h³ loads by each product with an S operand (M1, M2, M5, M6, M7);
    /// - T: 5 h² stores, h³ loads by each product with a T operand (M1, M3, M4, M6, M7);
    /// - M: 7 h² zeroing stores, per multiply-add a load and a store (7 h³ each), and 12 h²
    ///   loads by the twelve updates of C;
    /// - C: the twelve updates load and store h² each.
    @Test func oneLevelCountsPerArray() {
        for h in [1, 2, 5, 8] {
            let c = Self.counts(GemmShape(m: 2 * h, n: 2 * h, k: 2 * h), levels: 1)
            let (h2, h3) = (UInt64(h * h), UInt64(h * h * h))
            #expect(Self.loads(c, .a) == 10 * h2 + 2 * h3 && Self.stores(c, .a) == 0, "h \(h)")
            #expect(Self.loads(c, .b) == 10 * h2 + 2 * h3 && Self.stores(c, .b) == 0, "h \(h)")
            #expect(Self.loads(c, .strassenS) == 5 * h3 && Self.stores(c, .strassenS) == 5 * h2, "h \(h)")
            #expect(Self.loads(c, .strassenT) == 5 * h3 && Self.stores(c, .strassenT) == 5 * h2, "h \(h)")
            #expect(Self.loads(c, .strassenM) == 7 * h3 + 12 * h2, "h \(h)")
            #expect(Self.stores(c, .strassenM) == 7 * h3 + 7 * h2, "h \(h)")
            #expect(Self.loads(c, .c) == 12 * h2 && Self.stores(c, .c) == 12 * h2, "h \(h)")
            #expect(c.total == 28 * h3 + 73 * h2, "h \(h)")
        }
    }

    /// L levels on n = 2^L b: 7^L base products of b x b x b, 4 accesses per multiply-add, and at
    /// level l (1...L) 7^(l-1) calls each making 73 (n / 2^l)² accesses (10 sums of 3, 12 updates
    /// of 3, 7 zeroings of 1, per element of a quadrant). So 7^L b³ multiplications, not 8^L b³.
    @Test func multiplicationsAndAdditionsByFormula() {
        for (levels, b) in [(2, 1), (2, 3), (3, 2), (1, 16)] {
            let n = b << levels
            var expected = 4 * pow7(levels) * b * b * b
            for l in 1...levels { expected += pow7(l - 1) * 73 * (n >> l) * (n >> l) }
            #expect(Self.counts(GemmShape(m: n, n: n, k: n), levels: levels).total == UInt64(expected), "n \(n)")
        }
    }

    func pow7(_ e: Int) -> Int { (0..<e).reduce(1) { x, _ in x * 7 } }

    /// Odd sizes are peeled: 3 x 3 x 3 in one level is a 2 x 2 x 2 core (7 products of 1 x 1 x 1,
    /// 73 accesses of sums, updates and zeroing), then the base adds the last k step to the core
    /// (2 x 2 x 1: 4 multiply-adds), the last column (2 x 1 x 3: 6) and the last row (1 x 3 x 3:
    /// 9): 26 multiply-adds of 4 accesses, 177 accesses in all.
    @Test func oddSizesArePeeled() {
        #expect(Self.counts(GemmShape(m: 3, n: 3, k: 3), levels: 1).total == 4 * 26 + 73)
        // A dimension under 2 ends the recursion: 1 x 8 x 8 is the base alone (64 multiply-adds).
        #expect(Self.counts(GemmShape(m: 1, n: 8, k: 8), levels: 3).total == 4 * 64)
    }

    /// Warped and per-access simulation agree on every counter and the final state, with the
    /// base kernels' warpable loops inside the recursion. (No warp fires here: a base loop moves
    /// one quadrant of A or C, and the cached lines of the other quadrants, in the same region,
    /// do not move with it, so no state equals an earlier one translated. This checks that the
    /// warping simulator stays exact around such loops.)
    @Test(arguments: [GemmAlgorithm.naive(.ikj), .registerBlocked(mr: 4, nr: 4, kc: 64, kInner: true)])
    func warpingStaysExact(_ base: GemmAlgorithm) {
        let v = GemmVariant(algorithm: .strassen(levels: 1, base: base))
        for (name, levels) in WarpMachines.synthetic.prefix(3) {
            let out = warpDifferential(GemmShape(m: 256, n: 16, k: 16), v, levels)
            #expect(out.equal, "\(name)")
        }
    }
}
