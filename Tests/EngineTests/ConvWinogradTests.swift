import AccessSink
import Engine
import Testing

/// Winograd convolution F(2x2, 3x3) and F(4x4, 3x3) (issue 29): values within float tolerance
/// of the direct definition, and every step's access count by formula.
@Suite struct ConvWinogradTests {
    static let shapes = [
        ConvShape(n: 1, c: 3, k: 4, h: 8, w: 8, r: 3, s: 3, stride: 1, padding: 1),
        // Odd output (7 x 5): the last tiles are clipped.
        ConvShape(n: 2, c: 2, k: 3, h: 9, w: 7, r: 3, s: 3, stride: 1, padding: 0),
        ConvShape(n: 1, c: 5, k: 2, h: 6, w: 11, r: 3, s: 3, stride: 1, padding: 2),
    ]

    /// The transform matrices hold the identity Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A = the 1-D correlation
    /// for every tile: checked on a 1-D tile, y_i = Σ_j d_{i+j} g_j, with d and g as small integers.
    @Test(arguments: WinogradTile.allCases)
    func transformsComputeTheCorrelation(_ t: WinogradTile) {
        let a = t.alpha, m = t.m
        let d = (0..<a).map { Double($0 * 3 % 7) - 2 }, g = [1.0, -2, 3]
        let gt = (0..<a).map { i in (0..<3).reduce(0.0) { $0 + t.g[i * 3 + $1] * g[$1] } }
        let dt = (0..<a).map { i in (0..<a).reduce(0.0) { $0 + t.bt[i * a + $1] * d[$1] } }
        for i in 0..<m {
            let y = (0..<a).reduce(0.0) { $0 + t.at[i * a + $1] * gt[$1] * dt[$1] }
            let expected = (0..<3).reduce(0.0) { $0 + d[i + $1] * g[$1] }
            #expect(abs(y - expected) < 1e-12, "\(t) y[\(i)]")
        }
    }

    @Test(arguments: WinogradTile.allCases)
    func valuesMatchTheDefinition(_ t: WinogradTile) throws {
        for sh in Self.shapes {
            for layout in ConvLayout.allCases {
                for gemm in [GemmAlgorithm.naive(.ikj), .blis(mr: 2, nr: 2, kc: 2, mc: 4, nc: 4)] {
                    let v = ConvVariant(algorithm: .winograd(t, gemm, precomputedFilter: false), layout: layout)
                    let f = try #require(ConvWorkload<Float>(shape: sh, variant: v))
                    var null = NullSink()
                    f.run(sink: &null)
                    let filter = layout == .nchw ? "kcrs" : "krsc"
                    // Sample values are at most 3 in magnitude: each output is a sum of C·9 products
                    // of at most 9; f32 transforms round at 2^-24 relative to intermediate values a
                    // few hundred times larger (F(4x4)'s 1/24 and 8s), so 1e-3 absolute.
                    #expect(ConvGroupedTests.maxError(f, filter: filter) < 1e-3, "\(t) \(layout) \(sh)")
                    let d = try #require(ConvWorkload<Double>(shape: sh, variant: v))
                    var counter = CountingSink()
                    d.run(sink: &counter)
                    #expect(ConvGroupedTests.maxError(d, filter: filter) < 1e-9, "\(t) \(layout) \(sh)")
                }
            }
        }
    }

    /// Per step, with P = N·⌈OH/m⌉·⌈OW/m⌉ tiles and α = m + 2:
    /// filter transform 9·K·C loads and α²·K·C U stores (none when precomputed); input transform
    /// C x (the in-image elements of every tile's α x α patch) loads and α²·C·P V stores; α²·K·P
    /// stores zeroing M; the α² GEMMs (the naive loop: per GEMM m·n·k loads of each operand and of C,
    /// and m·n·k C stores); the output transform α²·K·P M loads and N·K·OH·OW output loads and stores.
    @Test(arguments: WinogradTile.allCases)
    func accessCountsFollowTheSteps(_ t: WinogradTile) throws {
        for sh in Self.shapes {
            for layout in ConvLayout.allCases {
                for pre in [false, true] {
                    let v = ConvVariant(algorithm: .winograd(t, .naive(.ikj), precomputedFilter: pre), layout: layout)
                    let w = try #require(ConvWorkload<Double>(shape: sh, variant: v))
                    var rec = ConvLoopNestTests.Recorder(
                        bases: Dictionary(uniqueKeysWithValues: w.arrays.map { ($0.region.rawValue, ($0.base, 8)) }))
                    w.run(sink: &rec)
                    let a = t.alpha, m = t.m
                    let (ty, tx) = ((sh.oh + m - 1) / m, (sh.ow + m - 1) / m), p = sh.n * ty * tx
                    var patch = 0
                    for y0 in 0..<ty {
                        for x0 in 0..<tx {
                            for i in 0..<a {
                                for j in 0..<a {
                                    let (iy, ix) = (y0 * m + i - sh.padding, x0 * m + j - sh.padding)
                                    if iy >= 0 && iy < sh.h && ix >= 0 && ix < sh.w { patch += 1 }
                                }
                            }
                        }
                    }
                    func count(_ r: Region, store: Bool) -> Int {
                        rec.events.filter { $0.region == r && $0.store == store }.count
                    }
                    let (k, c) = (sh.k, sh.c), mnk = k * p * c
                    #expect(count(.filter, store: false) == (pre ? 0 : 9 * k * c))
                    #expect(count(.winogradU, store: true) == (pre ? 0 : a * a * k * c))
                    #expect(count(.input, store: false) == sh.n * c * patch)
                    #expect(count(.winogradV, store: true) == a * a * c * p)
                    // The naive loop's source-level stream: per multiply-add a load of each operand,
                    // a load and a store of C.
                    #expect(count(.winogradU, store: false) == a * a * mnk, "\(t) \(layout)")
                    #expect(count(.winogradV, store: false) == a * a * mnk, "\(t) \(layout)")
                    #expect(count(.winogradM, store: true) == a * a * k * p + a * a * mnk)
                    #expect(count(.winogradM, store: false) == a * a * mnk + a * a * k * p)
                    #expect(count(.output, store: false) == sh.n * k * sh.oh * sh.ow)
                    #expect(count(.output, store: true) == sh.n * k * sh.oh * sh.ow)
                }
            }
        }
    }
}
