import AccessSink

extension ConvWorkload {
    /// Winograd convolution F(m x m, 3 x 3) (stride 1, no dilation, one group), in four steps:
    /// 1. the filter transform, U = G g Gᵀ per (k, c): 9 filter loads and α² U stores each (with
    ///    `precomputed`, as an inference framework does it once per model, computed without
    ///    accesses);
    /// 2. the input transform, V = Bᵀ d B per tile and channel: the α x α patch's loads that lie
    ///    inside the image (padding is zero, not read), then α² V stores;
    /// 3. M zeroed (α²·K·P stores: the GEMMs accumulate) and α² GEMMs by `gemm`, one per tile
    ///    position e: NCHW M[e] (K x P) += U[e] (K x C) · V[e] (C x P), NHWC M[e] (P x K) +=
    ///    V[e] (P x C) · U[e] (C x K), with the variant's access model;
    /// 4. the output transform, Y = Aᵀ M A per tile and output channel: α² M loads, then a load
    ///    and a store of each of the tile's m x m outputs inside the image (output += Y).
    /// NCHW loops channels outside tiles in steps 2 and 4, NHWC tiles outside channels. The
    /// transforms compute in Double; the sums differ from direct convolution's by rounding only.
    @inlinable @inline(never)
    public func winograd<S: AccessSink>(_ tile: WinogradTile, _ gemm: GemmAlgorithm, precomputed: Bool, sink: inout S) {
        let wb = wino!
        let a2 = tile.alpha * tile.alpha
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * a2) { scratch in
            let x = scratch.baseAddress!, t = x + a2, y = t + a2
            if precomputed {
                var quiet = NullSink()
                winogradFilter(tile, wb, x, t, y, &quiet)
            } else {
                winogradFilter(tile, wb, x, t, y, &sink)
            }
            winogradInput(tile, wb, x, t, y, &sink)
            for i in 0..<wb.M.cols {
                wb.m[i] = E.zeroAcc
                sink.touch(wb.M, i, .store)
            }
            let (k, c, p) = (shape.k, shape.c, wb.tiles)
            let es = MemoryLayout<E>.size, cs = MemoryLayout<E.Acc>.size
            for e in 0..<a2 {
                let (uo, vo, mo) = (e * k * c, e * c * p, e * k * p)
                let ops: GemmOperands<E>
                if variant.layout == .nchw {
                    ops = GemmOperands(
                        a: wb.u + uo, b: wb.v + vo, c: wb.m + mo,
                        A: Self.sub(wb.U, rows: k, cols: c, ld: c, at: uo, es),
                        B: Self.sub(wb.V, rows: c, cols: p, ld: p, at: vo, es),
                        C: Self.sub(wb.M, rows: k, cols: p, ld: p, at: mo, cs))
                } else {
                    ops = GemmOperands(
                        a: wb.v + vo, b: wb.u + uo, c: wb.m + mo,
                        A: Self.sub(wb.V, rows: p, cols: c, ld: c, at: vo, es),
                        B: Self.sub(wb.U, rows: c, cols: k, ld: k, at: uo, es),
                        C: Self.sub(wb.M, rows: p, cols: k, ld: k, at: mo, cs))
                }
                Gemm.multiply(gemm, ops, pack: pack, model: variant.accesses, sink: &sink)
            }
            winogradOutput(tile, wb, x, t, y, &sink)
        }
    }

    /// Step 1: U[e] = (G g Gᵀ)[e] for every (k, c), k outer.
    @inlinable
    func winogradFilter<S: AccessSink>(
        _ tile: WinogradTile, _ wb: WinogradBuffers<E>, _ x: UnsafeMutablePointer<Double>,
        _ t: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ sink: inout S
    ) {
        let (k, c, a) = (shape.k, shape.c, tile.alpha)
        tile.g.withUnsafeBufferPointer { g in
            for kk in 0..<k {
                for cc in 0..<c {
                    for r in 0..<3 {
                        for s in 0..<3 {
                            let f = fIdx(kk, cc, r, s)
                            sink.touch(fD, f, .load)
                            x[r * 3 + s] = E.elementDouble(filter[f])
                        }
                    }
                    WinogradTile.sandwich(g.baseAddress!, a, 3, x, t, y)
                    for e in 0..<a * a {
                        let u = variant.layout == .nchw ? (e * k + kk) * c + cc : (e * c + cc) * k + kk
                        wb.u[u] = E.element(y[e])
                        sink.touch(wb.U, u, .store)
                    }
                }
            }
        }
    }

    /// Step 2: V[e] = (Bᵀ d B)[e] for every tile and channel.
    @inlinable
    func winogradInput<S: AccessSink>(
        _ tile: WinogradTile, _ wb: WinogradBuffers<E>, _ x: UnsafeMutablePointer<Double>,
        _ t: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ sink: inout S
    ) {
        let sh = shape, a = tile.alpha, p = wb.tiles, nchw = variant.layout == .nchw
        tile.bt.withUnsafeBufferPointer { bt in
            func transform(_ n: Int, _ c: Int, _ ty: Int, _ tx: Int, _ sink: inout S) {
                let (iy0, ix0) = (ty * tile.m - sh.padding, tx * tile.m - sh.padding)
                for i in 0..<a {
                    for j in 0..<a {
                        let (iy, ix) = (iy0 + i, ix0 + j)
                        var v = 0.0
                        if iy >= 0 && iy < sh.h && ix >= 0 && ix < sh.w {
                            let ii = inIdx(n, c, iy, ix)
                            sink.touch(inD, ii, .load)
                            v = E.elementDouble(input[ii])
                        }
                        x[i * a + j] = v
                    }
                }
                WinogradTile.sandwich(bt.baseAddress!, a, a, x, t, y)
                let q = (n * wb.tilesY + ty) * wb.tilesX + tx
                for e in 0..<a * a {
                    let o = nchw ? (e * sh.c + c) * p + q : (e * p + q) * sh.c + c
                    wb.v[o] = E.element(y[e])
                    sink.touch(wb.V, o, .store)
                }
            }
            winogradTiles(wb, channels: sh.c) { n, c, ty, tx in transform(n, c, ty, tx, &sink) }
        }
    }

    /// Step 4: output += (Aᵀ M A) for every tile and output channel, clipped to the image.
    @inlinable
    func winogradOutput<S: AccessSink>(
        _ tile: WinogradTile, _ wb: WinogradBuffers<E>, _ x: UnsafeMutablePointer<Double>,
        _ t: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ sink: inout S
    ) {
        let sh = shape, a = tile.alpha, m = tile.m, p = wb.tiles, nchw = variant.layout == .nchw
        tile.at.withUnsafeBufferPointer { at in
            func transform(_ n: Int, _ k: Int, _ ty: Int, _ tx: Int, _ sink: inout S) {
                let q = (n * wb.tilesY + ty) * wb.tilesX + tx
                for e in 0..<a * a {
                    let o = nchw ? (e * sh.k + k) * p + q : (e * p + q) * sh.k + k
                    sink.touch(wb.M, o, .load)
                    x[e] = E.toDouble(wb.m[o])
                }
                WinogradTile.sandwich(at.baseAddress!, m, a, x, t, y)
                for i in 0..<m where ty * m + i < sh.oh {
                    for j in 0..<m where tx * m + j < sh.ow {
                        let o = outIdx(n, k, ty * m + i, tx * m + j)
                        sink.touch(outD, o, .load)
                        output[o] = E.acc(E.toDouble(output[o]) + y[i * m + j])
                        sink.touch(outD, o, .store)
                    }
                }
            }
            winogradTiles(wb, channels: sh.k) { n, k, ty, tx in transform(n, k, ty, tx, &sink) }
        }
    }

    /// Calls `body(n, channel, tile row, tile column)` for every image, tile and channel: NCHW
    /// channels outside tiles, NHWC tiles outside channels (steps 2 and 4).
    @inlinable
    func winogradTiles(_ wb: WinogradBuffers<E>, channels: Int, _ body: (Int, Int, Int, Int) -> Void) {
        let nchw = variant.layout == .nchw
        for n in 0..<shape.n {
            if nchw {
                for c in 0..<channels {
                    for ty in 0..<wb.tilesY { for tx in 0..<wb.tilesX { body(n, c, ty, tx) } }
                }
            } else {
                for ty in 0..<wb.tilesY { for tx in 0..<wb.tilesX { for c in 0..<channels { body(n, c, ty, tx) } } }
            }
        }
    }
}
