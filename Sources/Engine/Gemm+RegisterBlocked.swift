import AccessSink
extension Gemm {
    /// Register-blocked GEMM: an mr x nr block of C lives in registers (a local accumulator).
    /// With `kInner` the K loop (in passes of `kc`) runs inside the block: per pass each C element
    /// is loaded and stored once, A is loaded mnk/nr times and B mnk/mr times. Without it the
    /// block is reloaded and stored for every k (K outermost within a pass).
    /// QNNPACK's micro-kernel is this with `kInner` and `kc == k`, on unpacked operands.
    /// The native kernel holds full blocks in SIMD registers where `RegisterTile` has their shape;
    /// the access stream is the same for every block.
    /// With `model.vector` W > 1 (see `MicroKernelVector`) B's row of the block is loaded in vectors
    /// of W elements where B is row-major, and C's block is loaded and stored in vectors along its
    /// rows where C is row-major; A's column stays one element access each (broadcast).
    /// Out of line: an instrumented run compiles it apart from the other kernels (see `GemmWorkload.run`).
    @inlinable @inline(never)
    public static func registerBlocked<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, mr: Int, nr: Int, kc: Int, kInner: Bool, model: AccessModel = .source, sink: inout S
    ) {
        registerBlockedInline(o, mr: mr, nr: nr, kc: kc, kInner: kInner, model: model, sink: &sink)
    }

    /// `registerBlocked` inlined into its caller, as the native kernel runs it (`GemmWorkload.runNative`).
    @inlinable @inline(__always)
    static func registerBlockedInline<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, mr: Int, nr: Int, kc: Int, kInner: Bool, model: AccessModel, sink: inout S
    ) {
        let vw = MicroKernelVector(model, B: o.B, C: o.C)
        // The layout test once, outside the loops (see `naive`).
        if o.A.blocked || o.B.blocked || o.C.blocked {
            registerBlockedNest(o, mr, nr, kc, kInner, vw, &sink, o.A, o.B, o.C)
        } else {
            registerBlockedNest(
                o, mr, nr, kc, kInner, vw, &sink, StridedIndex(o.A), StridedIndex(o.B), StridedIndex(o.C))
        }
    }

    /// `registerBlocked` with element offsets from `X`.
    @inlinable @inline(__always)
    static func registerBlockedNest<E: GemmElement, S: AccessSink, X: MatrixIndex>(
        _ o: GemmOperands<E>, _ mr: Int, _ nr: Int, _ kc: Int, _ kInner: Bool, _ vw: MicroKernelVector,
        _ sink: inout S, _ xa: X, _ xb: X, _ xc: X
    ) {
        let (m, n, k) = (o.m, o.n, o.k)
        let A = o.A, B = o.B, C = o.C, a = o.a, b = o.b, c = o.c
        // The native kernel runs its full blocks in registers (`RegisterTile`), where B's and C's
        // rows are unit stride; an instrumented run never does (the test folds away).
        let tiles =
            S.self == NullSink.self && !A.blocked && MicroKernelVector.alongRows(B)
            && MicroKernelVector.alongRows(C)
        withUnsafeTemporaryAllocation(of: E.Acc.self, capacity: mr * nr) { accBuf in
            let acc = accBuf.baseAddress!
            withUnsafeTemporaryAllocation(of: E.self, capacity: mr + nr) { regs in
                let ar = regs.baseAddress!, br = ar + mr
                @inline(__always) func block(_ i0: Int, _ j0: Int, _ ps: Range<Int>, _ sink: inout S) {
                    let mb = min(mr, m - i0), nb = min(nr, n - j0)
                    if tiles && mb == mr && nb == nr
                        && RegisterTile.run(
                            rows: mr, cols: nr, a: a + xa.offset(i0, ps.lowerBound), aRow: A.rowStride,
                            aStep: A.colStride, b: b + xb.offset(ps.lowerBound, j0), bStep: B.rowStride,
                            c: c + xc.offset(i0, j0), cRow: C.rowStride, depth: ps.count)
                    {
                        return
                    }
                    if vw.c > 1 {
                        vw.touchRows(C, xc.offset(i0, j0), C.rowStride, rows: mb, cols: nb, vw.c, .load, &sink)
                    }
                    for ii in 0..<mb {
                        for jj in 0..<nb {
                            let co = xc.offset(i0 + ii, j0 + jj)
                            if vw.c == 1 { sink.touch(C, co, .load) }
                            acc[ii * nr + jj] = c[co]
                        }
                    }
                    if vw.b > 1 {
                        vectorSteps(o, vw.b, acc, nr, ar, i0, j0, mb, nb, ps, &sink, xa)
                    } else {
                        for p in ps {
                            for ii in 0..<mb {
                                let ao = xa.offset(i0 + ii, p)
                                sink.touch(A, ao, .load)
                                ar[ii] = a[ao]
                            }
                            for jj in 0..<nb {
                                let bo = xb.offset(p, j0 + jj)
                                sink.touch(B, bo, .load)
                                br[jj] = b[bo]
                            }
                            for ii in 0..<mb {
                                let av = ar[ii]
                                let row = acc + ii &* nr
                                for jj in 0..<nb { row[jj] = E.mac(row[jj], av, br[jj]) }
                            }
                        }
                    }
                    for ii in 0..<mb {
                        for jj in 0..<nb {
                            let co = xc.offset(i0 + ii, j0 + jj)
                            c[co] = acc[ii * nr + jj]
                            if vw.c == 1 { sink.touch(C, co, .store) }
                        }
                    }
                    if vw.c > 1 {
                        vw.touchRows(C, xc.offset(i0, j0), C.rowStride, rows: mb, cols: nb, vw.c, .store, &sink)
                    }
                }
                // The warpable loop is the row-block loop (see `rowBlockLoop`), over the k steps
                // `ps`: a whole pass of `kc` with `kInner`, else one k step. One call site of
                // `block`: with two, an instrumented kernel compiled twice as long.
                for pc in stride(from: 0, to: k, by: kc) {
                    let pe = min(pc + kc, k)
                    var p = pc
                    while p < pe {
                        let ps = p..<(kInner ? pe : p + 1)
                        sink.warpLoop(rowBlockLoop(o, mr: mr, nr: nr, depth: ps.count, vector: vw)) { sink, t in
                            for j0 in stride(from: 0, to: n, by: nr) { block(t * mr, j0, ps, &sink) }
                        }
                        p = ps.upperBound
                    }
                }
            }
        }
    }

    /// Register-blocked (and QNNPACK-style) GEMM's warpable loop: the row blocks of mr rows,
    /// `depth` k steps each. A full block moves A and C mr rows on and reads the same B; the
    /// partial last block, and any block under a blocked layout of A or C, is not uniform.
    /// `vector` gives the accesses per block of the vector model (the default: scalar).
    @inlinable
    public static func rowBlockLoop<E: GemmElement>(
        _ o: GemmOperands<E>, mr: Int, nr: Int, depth: Int, vector: MicroKernelVector = .scalar
    ) -> WarpLoop {
        let A = o.A, C = o.C
        let perBlock = 2 * mr * vector.cAccesses(nr) + depth * (mr + vector.bAccesses(nr))
        return WarpLoop(
            count: (o.m + mr - 1) / mr, uniform: A.blocked || C.blocked ? 0..<0 : 0..<(o.m / mr),
            accessesPerIteration: UInt64((o.n + nr - 1) / nr * perBlock),
            WarpShift(A.region.rawValue, Int64(mr * A.rowStride * A.elementSize)),
            WarpShift(C.region.rawValue, Int64(mr * C.rowStride * C.elementSize)))
    }

    /// The k steps `ps` of one mb x nb block with B's row in vectors of `w` (B row-major): per k
    /// step, A's column as mb element loads (broadcast), B's row as floor(nb / w) vector loads and
    /// nb mod w element loads. The native code follows: every row of the block in SIMD vectors
    /// (`GemmElement.axpyRows`, all of `ps` in one call where A is not blocked), then the scalar
    /// remainder columns; each accumulator still sums over p in order, so the product is the same.
    @inlinable @inline(__always)
    static func vectorSteps<E: GemmElement, S: AccessSink, X: MatrixIndex>(
        _ o: GemmOperands<E>, _ w: Int, _ acc: UnsafeMutablePointer<E.Acc>, _ nr: Int, _ ar: UnsafeMutablePointer<E>,
        _ i0: Int, _ j0: Int, _ mb: Int, _ nb: Int, _ ps: Range<Int>, _ sink: inout S, _ xa: X
    ) {
        let A = o.A, B = o.B, a = o.a, b = o.b
        let bStride = B.rowStride
        // The stream, k step by k step (the native code follows the loop).
        for p in ps {
            for ii in 0..<mb { sink.touch(A, xa.offset(i0 &+ ii, p), .load) }
            MicroKernelVector.touchRow(B, p &* bStride &+ j0, nb, w, .load, &sink)
        }
        guard let p0 = ps.first else { return }
        let vectors = nb / w, scalarFrom = vectors &* w
        if vectors > 0 {
            if A.blocked {
                for p in ps {
                    for ii in 0..<mb { ar[ii] = a[xa.offset(i0 &+ ii, p)] }
                    E.axpyRows(
                        acc, accStride: nr, ar, aOuterStride: 1, aStride: 0, b + (p &* bStride &+ j0), bStride: 0,
                        outer: mb, rows: 1, vectors: vectors, width: w)
                }
            } else {
                E.axpyRows(
                    acc, accStride: nr, a + xa.offset(i0, p0), aOuterStride: A.rowStride, aStride: A.colStride,
                    b + (p0 &* bStride &+ j0), bStride: bStride, outer: mb, rows: ps.count, vectors: vectors, width: w)
            }
        }
        guard scalarFrom < nb else { return }
        for ii in 0..<mb {
            let row = acc + ii &* nr
            for p in ps {
                let av = a[xa.offset(i0 &+ ii, p)]
                let bRow = b + (p &* bStride &+ j0)
                for jj in scalarFrom..<nb { row[jj] = E.mac(row[jj], av, bRow[jj]) }
            }
        }
    }
}
