import Testing
import Engine
import AccessSink

@Suite struct ConvTests {
    /// Direct-definition reference: out[n][k][y][x] = sum in[n][c][y*st+r-p][x*st+s-p] * f[k][c][r][s],
    /// with the sample values each layout assigns (indices differ by layout, so compute per layout).
    func reference<E: GemmElement>(_: E.Type, _ sh: ConvShape, _ layout: ConvLayout, direct: Bool) -> (
        Int, Int, Int, Int
    ) -> Double {
        func inIdx(_ n: Int, _ c: Int, _ y: Int, _ x: Int) -> Int {
            layout == .nchw ? ((n * sh.c + c) * sh.h + y) * sh.w + x : ((n * sh.h + y) * sh.w + x) * sh.c + c
        }
        func fIdx(_ k: Int, _ c: Int, _ r: Int, _ s: Int) -> Int {
            // The natural filter layouts: KCRS with NCHW, KRSC with NHWC (im2col/1x1 use RSCK there).
            layout == .nchw
                ? ((k * sh.c + c) * sh.r + r) * sh.s + s
                : direct ? ((k * sh.r + r) * sh.s + s) * sh.c + c : ((r * sh.s + s) * sh.c + c) * sh.k + k
        }
        return { n, k, y, x in
            var acc = E.zeroAcc
            for c in 0..<sh.c {
                for r in 0..<sh.r {
                    for s in 0..<sh.s {
                        let iy = y * sh.stride + r - sh.padding, ix = x * sh.stride + s - sh.padding
                        if iy < 0 || iy >= sh.h || ix < 0 || ix >= sh.w { continue }
                        acc = E.mac(acc, E.sample(inIdx(n, c, iy, ix) * 3 + 1), E.sample(fIdx(k, c, r, s) * 5 + 2))
                    }
                }
            }
            return E.toDouble(acc)
        }
    }

    @Test(arguments: ConvLayout.allCases)
    func everyAlgorithmMatchesReference(_ layout: ConvLayout) {
        let sh = ConvShape(n: 2, c: 3, k: 4, h: 7, w: 6, r: 3, s: 2, stride: 2, padding: 1)
        let one = ConvShape(n: 2, c: 5, k: 3, h: 4, w: 3, r: 1, s: 1)
        for (shape, alg) in [
            (sh, ConvAlgorithm.direct(.natural(for: layout))), (sh, .im2col(.naive(.ikj))), (sh, .im2col(.naive(.jki))),
            (one, .gemm1x1(.naive(.ikj))), (one, .direct(.natural(for: layout))),
        ] {
            let w = ConvWorkload<Float>(shape: shape, variant: ConvVariant(algorithm: alg, layout: layout))!
            var sink = NullSink()
            w.run(sink: &sink)
            let isDirect: Bool
            if case .direct = alg { isDirect = true } else { isDirect = false }
            let ref = reference(Float.self, shape, layout, direct: isDirect)
            for n in 0..<shape.n {
                for k in 0..<shape.k {
                    for y in 0..<shape.oh {
                        for x in 0..<shape.ow {
                            #expect(w.result(n, k, y, x) == ref(n, k, y, x), "\(alg) \(layout) (\(n),\(k),\(y),\(x))")
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: ConvLayout.allCases)
    func im2colWritesEveryColumnElement(_ layout: ConvLayout) {
        // im2col writes N·OH·OW·C·R·S elements.
        let sh = ConvShape(n: 2, c: 3, k: 4, h: 6, w: 5, r: 3, s: 3, stride: 1, padding: 1)
        var sink = CountingSink()
        ConvWorkload<Float>(shape: sh, variant: ConvVariant(algorithm: .im2col(.naive(.ikj)), layout: layout))!.run(
            sink: &sink)
        #expect(sink.stores[Int(Region.im2col.rawValue)] == UInt64(sh.n * sh.oh * sh.ow * sh.c * sh.r * sh.s))
    }
}
