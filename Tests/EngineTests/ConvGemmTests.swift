import AccessSink
import Engine
import Testing

/// im2col and 1x1-as-GEMM with any GEMM (issue 29): the product against the direct definition,
/// and the GEMM's accesses against the register-blocked formulas.
@Suite struct ConvGemmTests {
    static let gemms: [GemmAlgorithm] = [
        .naive(.ikj), .naive(.jki), .tiled(.ijk, tm: 4, tn: 8, tk: 5),
        .registerBlocked(mr: 4, nr: 4, kc: 7, kInner: true),
        .qnnpack(mr: 4, nr: 8), .blis(mr: 4, nr: 4, kc: 8, mc: 8, nc: 16),
    ]

    /// The direct definition, summed in (c, r, s) order, padding taps skipped.
    static func direct(_ w: ConvWorkload<Double>, _ sh: ConvShape) -> (Int, Int, Int, Int) -> Double {
        { n, k, y, x in
            var acc = 0.0
            for c in 0..<sh.c {
                for r in 0..<sh.r {
                    for s in 0..<sh.s {
                        let iy = y * sh.stride + r - sh.padding, ix = x * sh.stride + s - sh.padding
                        guard iy >= 0 && iy < sh.h && ix >= 0 && ix < sh.w else { continue }
                        acc += Double.sample(w.inIdx(n, c, iy, ix) * 3 + 1) * Double.sample(w.fIdx(k, c, r, s) * 5 + 2)
                    }
                }
            }
            return acc
        }
    }

    /// Expects `alg` on `shape` in `layout`, run natively and through a counting sink, to give the
    /// direct definition exactly (small integer samples, f64).
    static func expectDirect(_ alg: ConvAlgorithm, _ shape: ConvShape, _ layout: ConvLayout) {
        for native in [true, false] {
            let w = ConvWorkload<Double>(shape: shape, variant: ConvVariant(algorithm: alg, layout: layout))!
            if native {
                var sink = NullSink()
                w.run(sink: &sink)
            } else {
                var sink = CountingSink()
                w.run(sink: &sink)
            }
            let ref = direct(w, shape)
            var wrong = 0
            for n in 0..<shape.n {
                for k in 0..<shape.k {
                    for y in 0..<shape.oh {
                        for x in 0..<shape.ow where w.result(n, k, y, x) != ref(n, k, y, x) { wrong += 1 }
                    }
                }
            }
            #expect(wrong == 0, "\(alg) \(shape) \(layout) native \(native)")
        }
    }

    @Test(arguments: gemms)
    func everyGemmGivesTheConvolution(_ g: GemmAlgorithm) {
        let sh = ConvShape(n: 2, c: 3, k: 5, h: 7, w: 6, r: 3, s: 2, stride: 2, padding: 1)
        let one = ConvShape(n: 2, c: 6, k: 5, h: 4, w: 3, r: 1, s: 1)
        for layout in ConvLayout.allCases {
            Self.expectDirect(.im2col(g), sh, layout)
            Self.expectDirect(.gemm1x1(g), one, layout)
        }
    }

    /// NCHW im2col with a 4 x 4 register-blocked GEMM, K inside the block, per image:
    /// out (K x P) = F (K x CRS) · col (CRS x P) with P = OH·OW. With 4 | K and 4 | P: the filter
    /// is loaded K·P·CRS / 4 times (once per k step of each block), col K·P·CRS / 4 times plus
    /// never by the copy, which stores P·CRS; the output loaded and stored K·P times (one pass).
    @Test func im2colRegisterBlockedCountsByFormula() {
        let sh = ConvShape(n: 2, c: 3, k: 8, h: 6, w: 6, r: 3, s: 3, stride: 1, padding: 1)
        let (p, crs) = (36, 27)
        let w = ConvWorkload<Float>(
            shape: sh,
            variant: ConvVariant(
                algorithm: .im2col(.registerBlocked(mr: 4, nr: 4, kc: crs, kInner: true)), layout: .nchw))!
        var sink = CountingSink()
        w.run(sink: &sink)
        func loads(_ r: Region) -> UInt64 { sink.loads[Int(r.rawValue)] }
        func stores(_ r: Region) -> UInt64 { sink.stores[Int(r.rawValue)] }
        let n = UInt64(sh.n), kpc = UInt64(sh.k * p * crs)
        #expect(loads(.filter) == n * kpc / 4)
        #expect(loads(.im2col) == n * kpc / 4 && stores(.im2col) == n * UInt64(p * crs))
        #expect(loads(.output) == n * UInt64(sh.k * p) && stores(.output) == n * UInt64(sh.k * p))
    }

    /// NHWC 1x1 with BLIS (one GEMM over all images: (N·H·W) x K x C): packing reads the input and
    /// the filter once each (mc, nc and kc cover the whole problem) and writes the packed copies.
    @Test func gemm1x1BlisPacksOnce() {
        let sh = ConvShape(n: 2, c: 8, k: 8, h: 4, w: 4, r: 1, s: 1)
        let w = ConvWorkload<Float>(
            shape: sh,
            variant: ConvVariant(algorithm: .gemm1x1(.blis(mr: 4, nr: 4, kc: 8, mc: 32, nc: 8)), layout: .nhwc))!
        var sink = CountingSink()
        w.run(sink: &sink)
        let m = 32, n = 8, k = 8
        #expect(sink.loads[Int(Region.input.rawValue)] == UInt64(m * k))
        #expect(sink.stores[Int(Region.packedA.rawValue)] == UInt64(m * k))
        #expect(sink.loads[Int(Region.filter.rawValue)] == UInt64(k * n))
        #expect(sink.stores[Int(Region.packedB.rawValue)] == UInt64(k * n))
        // The micro-kernel: packed A mnk/nr, packed B mnk/mr loads.
        #expect(sink.loads[Int(Region.packedA.rawValue)] == UInt64(m * n * k / 4))
        #expect(sink.loads[Int(Region.packedB.rawValue)] == UInt64(m * n * k / 4))
    }
}
