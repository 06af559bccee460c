import AccessSink
import CacheSim
import Engine
import Testing

/// Grouped, depthwise and dilated convolution (issue 29): every algorithm's values against the
/// direct definition written here, and direct convolution's access stream against the rule's
/// reference (`ConvLoopNestTests.referenceEvents`).
@Suite struct ConvGroupedTests {
    /// out[n][k][y][x] = Σ in[n][g·C/G + c][y·st + r·d - p][x·st + s·d - p] · f[k][c][r][s] over
    /// c < C/G, r, s, where g = k / (K/G) is k's group; values are the workload's sample values,
    /// indexed by the activation layout and the filter layout `filter` (extents K, C/G, R, S).
    static func reference(_ sh: ConvShape, _ layout: ConvLayout, filter: String) -> (Int, Int, Int, Int) -> Double {
        let (cg, kg) = (sh.c / sh.groups, sh.k / sh.groups)
        let fSt = ConvLoopNestTests.strides(filter, ["k": sh.k, "c": cg, "r": sh.r, "s": sh.s])
        func inIdx(_ n: Int, _ c: Int, _ y: Int, _ x: Int) -> Int {
            layout == .nchw ? ((n * sh.c + c) * sh.h + y) * sh.w + x : ((n * sh.h + y) * sh.w + x) * sh.c + c
        }
        return { n, k, y, x in
            var acc = 0.0
            for c in 0..<cg {
                for r in 0..<sh.r {
                    for s in 0..<sh.s {
                        let iy = y * sh.stride + r * sh.dilation - sh.padding
                        let ix = x * sh.stride + s * sh.dilation - sh.padding
                        if iy < 0 || iy >= sh.h || ix < 0 || ix >= sh.w { continue }
                        let f = k * fSt["k"]! + c * fSt["c"]! + r * fSt["r"]! + s * fSt["s"]!
                        acc += Double.sample(inIdx(n, k / kg * cg + c, iy, ix) * 3 + 1) * Double.sample(f * 5 + 2)
                    }
                }
            }
            return acc
        }
    }

    /// The largest |output - reference| over every output element.
    static func maxError<E: GemmElement>(_ w: ConvWorkload<E>, filter: String) -> Double {
        let sh = w.shape, ref = reference(sh, w.variant.layout, filter: filter)
        var worst = 0.0
        for n in 0..<sh.n {
            for k in 0..<sh.k {
                for y in 0..<sh.oh {
                    for x in 0..<sh.ow { worst = max(worst, abs(w.result(n, k, y, x) - ref(n, k, y, x))) }
                }
            }
        }
        return worst
    }

    static let grouped = ConvShape(n: 2, c: 4, k: 6, h: 6, w: 5, r: 3, s: 2, stride: 1, padding: 1, groups: 2)
    static let depthwise = ConvShape(n: 1, c: 6, k: 6, h: 6, w: 7, r: 3, s: 3, stride: 1, padding: 1, groups: 6)
    static let dilated = ConvShape(n: 1, c: 3, k: 2, h: 9, w: 8, r: 3, s: 2, stride: 2, padding: 2, dilation: 2)
    static let both = ConvShape(n: 1, c: 4, k: 4, h: 8, w: 8, r: 3, s: 3, stride: 1, padding: 2, groups: 4, dilation: 2)
    static let shapes = [grouped, depthwise, dilated, both]
    /// Nests with the reduction block 3, 2, 1 and 0 deep, and k innermost (depthwise NHWC's nest).
    static let nests = ["nkyxcrs", "nkyxrsc", "nkcyxrs", "knyxcsr", "nyxrsck", "nyxcrsk", "crsnkyx"]

    @Test func theShapesCountAsStated() {
        // (6 + 2 - 3)/1 + 1 = 6 rows; 2 columns of filter: (5 + 2 - 2) + 1 = 6.
        #expect(Self.grouped.oh == 6 && Self.grouped.ow == 6 && Self.grouped.cg == 2 && Self.grouped.kg == 3)
        // Dilation 2 spans (3 - 1)·2 + 1 = 5 rows: (9 + 4 - 5)/2 + 1 = 5; columns (8 + 4 - 3)/2 + 1 = 5.
        #expect(Self.dilated.oh == 5 && Self.dilated.ow == 5)
        // 1·6·6·7 outputs, one channel each, 9 taps.
        #expect(Self.depthwise.multiplyAdds == Double(6 * 6 * 7 * 9))
    }

    @Test(arguments: nests)
    func directStreamFollowsTheRule(_ order: String) throws {
        let nest = try #require(ConvLoopNest(order))
        for sh in Self.shapes {
            for layout in ConvLayout.allCases {
                for filter in ["kcrs", "rsck"] {
                    let v = ConvVariant(algorithm: .direct(nest), layout: layout, filter: FilterLayout(filter)!)
                    let w = try #require(ConvWorkload<Double>(shape: sh, variant: v))
                    var rec = ConvLoopNestTests.Recorder(
                        bases: Dictionary(uniqueKeysWithValues: w.arrays.map { ($0.region.rawValue, ($0.base, 8)) }))
                    w.run(sink: &rec)
                    let ref = ConvLoopNestTests.referenceEvents(sh, order: order, layout: layout, filter: filter)
                    #expect(ConvLoopNestTests.firstDifference(rec.events, ref) == nil, "\(order) \(layout) \(sh)")
                    #expect(Self.maxError(w, filter: filter) == 0, "\(order) \(layout) \(filter) \(sh)")
                }
            }
        }
    }

    /// Every access model, native (no-op sink, where the depthwise k loop runs unspecialised)
    /// and instrumented, computes the definition; the access models' streams are the ones
    /// `ConvAccessModelTests` checks, here only their values and the counts that follow from them.
    @Test(arguments: nests)
    func everyAccessModelComputesIt(_ order: String) throws {
        let nest = try #require(ConvLoopNest(order))
        for sh in Self.shapes {
            for layout in ConvLayout.allCases {
                for model in [
                    AccessModel(promote: true), AccessModel(vector: 4), AccessModel(promote: true, vector: 3),
                ] {
                    let v = ConvVariant(
                        algorithm: .direct(nest), layout: layout, filter: FilterLayout("rsck"), accesses: model)
                    let native = try #require(ConvWorkload<Double>(shape: sh, variant: v))
                    var null = NullSink()
                    native.run(sink: &null)
                    #expect(Self.maxError(native, filter: "rsck") == 0, "\(order) \(layout) \(model) \(sh)")
                    let instrumented = try #require(ConvWorkload<Double>(shape: sh, variant: v))
                    var counter = CountingSink()
                    instrumented.run(sink: &counter)
                    #expect(Self.maxError(instrumented, filter: "rsck") == 0, "\(order) \(layout) \(model) \(sh)")
                }
            }
        }
    }

    /// Depthwise NHWC with k innermost and vectors of 4 along k: each in-image tap is one vector
    /// load of the output, the input and the filter (all unit-stride in k with filter `rsck`) and
    /// one vector store of the output: per output pixel and tap, K/4 chunks of 4 accesses; a tap
    /// in the padding loads and stores the output only, element by element (2K accesses).
    @Test func depthwiseVectorStreamCounts() throws {
        let sh = Self.depthwise
        let sh8 = ConvShape(n: 1, c: 8, k: 8, h: sh.h, w: sh.w, r: 3, s: 3, stride: 1, padding: 1, groups: 8)
        let v = ConvVariant(
            algorithm: .direct(ConvLoopNest("nyxrsck")!), layout: .nhwc, filter: FilterLayout("rsck"),
            accesses: AccessModel(vector: 4))
        let w = try #require(ConvWorkload<Float>(shape: sh8, variant: v))
        var counter = CountingSink()
        w.run(sink: &counter)
        var inside = 0, outside = 0
        for y in 0..<sh8.oh {
            for x in 0..<sh8.ow {
                for r in 0..<3 {
                    for s in 0..<3 {
                        let (iy, ix) = (y + r - 1, x + s - 1)
                        if iy >= 0 && iy < sh8.h && ix >= 0 && ix < sh8.w { inside += 1 } else { outside += 1 }
                    }
                }
            }
        }
        #expect(counter.total == UInt64(inside * 2 * 4 + outside * 2 * 8))
        #expect(Self.maxError(w, filter: "rsck") == 0)
    }

    /// im2col (with a naive and a BLIS GEMM), 1x1-as-GEMM and indirect, grouped and dilated.
    @Test(arguments: ConvLayout.allCases)
    func gemmBasedAlgorithmsComputeIt(_ layout: ConvLayout) throws {
        let gemmFilter = layout == .nchw ? "kcrs" : "rsck"
        let blis = GemmAlgorithm.blis(mr: 2, nr: 2, kc: 4, mc: 4, nc: 8)
        for sh in Self.shapes {
            for alg in [
                ConvAlgorithm.im2col(.naive(.ikj)), .im2col(blis),
                .im2col(.registerBlocked(mr: 2, nr: 2, kc: 3, kInner: true)),
            ] {
                let w = try #require(
                    ConvWorkload<Double>(shape: sh, variant: ConvVariant(algorithm: alg, layout: layout)))
                var counter = CountingSink()
                w.run(sink: &counter)
                #expect(Self.maxError(w, filter: gemmFilter) == 0, "\(alg) \(layout) \(sh)")
            }
        }
        let one = ConvShape(n: 2, c: 6, k: 4, h: 3, w: 4, r: 1, s: 1, groups: 2)
        for g in [GemmAlgorithm.naive(.ikj), .qnnpack(mr: 2, nr: 2), blis] {
            let w = try #require(
                ConvWorkload<Double>(shape: one, variant: ConvVariant(algorithm: .gemm1x1(g), layout: layout)))
            var null = NullSink()
            w.run(sink: &null)
            #expect(Self.maxError(w, filter: gemmFilter) == 0, "1x1 \(g) \(layout)")
        }
        if layout == .nhwc {
            for sh in Self.shapes {
                let w = try #require(
                    ConvWorkload<Double>(
                        shape: sh, variant: ConvVariant(algorithm: .indirect(mr: 3, nr: 2), layout: .nhwc)))
                var counter = CountingSink()
                w.run(sink: &counter)
                #expect(Self.maxError(w, filter: "rsck") == 0, "indirect \(sh)")
            }
        }
    }

    /// im2col's copy, grouped and dilated: N·OH·OW·C·R·S stores, and one input load per
    /// (output pixel, channel, tap) whose dilated tap lies inside the image.
    @Test func im2colCopyCounts() throws {
        for sh in Self.shapes {
            let w = try #require(
                ConvWorkload<Double>(shape: sh, variant: ConvVariant(algorithm: .im2col(.naive(.ikj)), layout: .nchw)))
            var rec = ConvLoopNestTests.Recorder(
                bases: Dictionary(uniqueKeysWithValues: w.arrays.map { ($0.region.rawValue, ($0.base, 8)) }))
            w.run(sink: &rec)
            var inside = 0
            for y in 0..<sh.oh {
                for x in 0..<sh.ow {
                    for r in 0..<sh.r {
                        for s in 0..<sh.s {
                            let iy = y * sh.stride + r * sh.dilation - sh.padding
                            let ix = x * sh.stride + s * sh.dilation - sh.padding
                            if iy >= 0 && iy < sh.h && ix >= 0 && ix < sh.w { inside += 1 }
                        }
                    }
                }
            }
            let colStores = rec.events.filter { $0.region == .im2col && $0.store }.count
            let inputLoads = rec.events.filter { $0.region == .input }.count
            #expect(colStores == sh.n * sh.oh * sh.ow * sh.c * sh.r * sh.s, "\(sh)")
            #expect(inputLoads == sh.n * sh.c * inside, "\(sh)")
        }
    }
}
