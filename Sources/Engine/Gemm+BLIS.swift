import AccessSink
/// Packing buffers for BLIS-style GEMM, placed in their own regions.
public struct PackBuffers<E: GemmElement> {
    public let ap: UnsafeMutablePointer<E>
    public let bp: UnsafeMutablePointer<E>
    /// Flat (one row) descriptors: offsets are element indices into the buffers.
    public let Ap: MatrixDesc
    public let Bp: MatrixDesc

    /// Elements needed for an mc x kc block of A in mr slivers and a kc x nc panel of B in nr slivers.
    public static func sizes(mr: Int, nr: Int, kc: Int, mc: Int, nc: Int) -> (a: Int, b: Int) {
        ((mc + mr - 1) / mr * mr * kc, (nc + nr - 1) / nr * nr * kc)
    }

    /// The buffers BLIS needs on a GEMM of `shape` (none for another algorithm), placed in `space`
    /// after what is there (packed B first) and added to `arrays`; `placed` is false past the
    /// 64-bit space.
    public static func placed(
        for algorithm: GemmAlgorithm, _ shape: GemmShape, _ space: inout AddressSpace, _ buffers: Buffers,
        _ arrays: inout [(Region, UInt64, UInt64)]
    ) -> (buffers: PackBuffers?, placed: Bool) {
        guard case .blis(let mr, let nr, let kc, let mc, let nc) = algorithm else { return (nil, true) }
        let es = MemoryLayout<E>.size
        let (na, nb) = sizes(mr: mr, nr: nr, kc: min(kc, shape.k), mc: min(mc, shape.m), nc: min(nc, shape.n))
        var Ap = MatrixDesc(rows: 1, cols: na, layout: .rowMajor, elementSize: es, region: .packedA)
        var Bp = MatrixDesc(rows: 1, cols: nb, layout: .rowMajor, elementSize: es, region: .packedB)
        guard let pa = space.place(bytes: Bp.bytes), let pb = space.place(bytes: Ap.bytes) else { return (nil, false) }
        Bp.base = pa
        Ap.base = pb
        arrays += [(.packedB, pa, Bp.bytes), (.packedA, pb, Ap.bytes)]
        let ap = buffers.make(E.self, count: na), bp = buffers.make(E.self, count: nb)
        return (PackBuffers(ap: ap, bp: bp, Ap: Ap, Bp: Bp), true)
    }

    public init(ap: UnsafeMutablePointer<E>, bp: UnsafeMutablePointer<E>, Ap: MatrixDesc, Bp: MatrixDesc) {
        self.ap = ap
        self.bp = bp
        self.Ap = Ap
        self.Bp = Bp
    }
}

extension Gemm {
    /// BLIS / GotoBLAS five loops around a micro-kernel (Goto and van de Geijn 2008):
    /// jc over nc columns, pc over kc, pack B's kc x nc panel into nr-wide slivers; ic over mc
    /// rows, pack A's mc x kc block into mr-tall slivers; jr, ir over the slivers, and the
    /// mr x nr micro-kernel streams the packed slivers with C's block in registers (natively, full
    /// blocks of the shapes `RegisterTile` has; the stream is the same for all). Partial
    /// slivers are zero-padded, as BLIS does. Packing reads and writes are in the stream.
    /// With `model.vector` W > 1 (see `MicroKernelVector`) the micro-kernel loads packed B's nr-wide
    /// row in vectors of W elements per k step, and C's block in vectors along its rows where C is
    /// row-major; packed A's column stays one element access each (broadcast), packing stays scalar.
    /// Out of line: an instrumented run compiles it apart from the other kernels (see `GemmWorkload.run`).
    @inlinable @inline(never)
    public static func blis<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, _ pk: PackBuffers<E>, mr: Int, nr: Int, kc: Int, mc: Int, nc: Int,
        model: AccessModel = .source, sink: inout S
    ) {
        blisInline(o, pk, mr: mr, nr: nr, kc: kc, mc: mc, nc: nc, model: model, sink: &sink)
    }

    /// `blis` inlined into its caller, as the native kernel runs it (`GemmWorkload.runNative`).
    @inlinable @inline(__always)
    static func blisInline<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, _ pk: PackBuffers<E>, mr: Int, nr: Int, kc: Int, mc: Int, nc: Int,
        model: AccessModel, sink: inout S
    ) {
        let vw = MicroKernelVector(packed: model, C: o.C)
        // The layout test once, outside the loops (see `naive`).
        if o.A.blocked || o.B.blocked || o.C.blocked {
            blisNest(o, pk, mr, nr, kc, mc, nc, vw, &sink, o.A, o.B, o.C)
        } else {
            blisNest(o, pk, mr, nr, kc, mc, nc, vw, &sink, StridedIndex(o.A), StridedIndex(o.B), StridedIndex(o.C))
        }
    }

    /// `blis` with element offsets of A, B and C from `X`.
    @inlinable @inline(__always)
    static func blisNest<E: GemmElement, S: AccessSink, X: MatrixIndex>(
        _ o: GemmOperands<E>, _ pk: PackBuffers<E>, _ mr: Int, _ nr: Int, _ kc: Int, _ mc: Int, _ nc: Int,
        _ vw: MicroKernelVector, _ sink: inout S, _ xa: X, _ xb: X, _ xc: X
    ) {
        let (m, n, k) = (o.m, o.n, o.k)
        let A = o.A, B = o.B, C = o.C, a = o.a, b = o.b, c = o.c
        let Ap = pk.Ap, Bp = pk.Bp, ap = pk.ap, bp = pk.bp
        // The native kernel runs its full blocks in registers (`RegisterTile`, on the packed
        // slivers), where C's rows are unit stride; an instrumented run never does.
        let tiles = S.self == NullSink.self && MicroKernelVector.alongRows(C)
        withUnsafeTemporaryAllocation(of: E.Acc.self, capacity: mr * nr) { accBuf in
            let acc = accBuf.baseAddress!
            for jc in stride(from: 0, to: n, by: nc) {
                let nb = min(nc, n - jc)
                for pc in stride(from: 0, to: k, by: kc) {
                    let kb = min(kc, k - pc)
                    // Pack B[pc..<pc+kb, jc..<jc+nb]: sliver s holds kb rows of nr elements.
                    packSlivers(B, xb, b, into: Bp, bp, extent: nb, width: nr, depth: kb, sink: &sink) {
                        (pc + $1, jc + $0)
                    }
                    // The warpable loop is ic's (see `icLoop`).
                    sink.warpLoop(icLoop(o, mr: mr, nr: nr, kb: kb, mc: mc, nb: nb, vector: vw)) { sink, t in
                        let ic = t * mc
                        let mb = min(mc, m - ic)
                        // Pack A[ic..<ic+mb, pc..<pc+kb]: sliver s holds kb columns of mr elements.
                        packSlivers(A, xa, a, into: Ap, ap, extent: mb, width: mr, depth: kb, sink: &sink) {
                            (ic + $0, pc + $1)
                        }
                        for jr in stride(from: 0, to: nb, by: nr) {
                            for ir in stride(from: 0, to: mb, by: mr) {
                                let mv = min(mr, mb - ir), nv = min(nr, nb - jr)
                                let cBlock = xc.offset(ic + ir, jc + jr)
                                let aBase = (ir / mr) * kb * mr, bBase = (jr / nr) * kb * nr
                                if tiles && mv == mr && nv == nr
                                    && RegisterTile.run(
                                        rows: mr, cols: nr, a: ap + aBase, aRow: 1, aStep: mr, b: bp + bBase,
                                        bStep: nr, c: c + cBlock, cRow: C.rowStride, depth: kb)
                                {
                                    continue
                                }
                                if vw.c > 1 {
                                    vw.touchRows(C, cBlock, C.rowStride, rows: mv, cols: nv, vw.c, .load, &sink)
                                }
                                for ii in 0..<mv {
                                    for jj in 0..<nv {
                                        let co = xc.offset(ic + ir + ii, jc + jr + jj)
                                        if vw.c == 1 { sink.touch(C, co, .load) }
                                        acc[ii * nr + jj] = c[co]
                                    }
                                }
                                if vw.b > 1 {
                                    packedVectorSteps(pk, vw.b, acc, mr, nr, aBase, bBase, kb, mv, nv, &sink)
                                } else {
                                    for p in 0..<kb {
                                        for ii in 0..<mr { sink.touch(Ap, aBase &+ p &* mr &+ ii, .load) }
                                        for jj in 0..<nr { sink.touch(Bp, bBase &+ p &* nr &+ jj, .load) }
                                        for ii in 0..<mv {
                                            let av = ap[aBase &+ p &* mr &+ ii]
                                            for jj in 0..<nv {
                                                let x = bp[bBase &+ p &* nr &+ jj]
                                                acc[ii &* nr &+ jj] = E.mac(acc[ii &* nr &+ jj], av, x)
                                            }
                                        }
                                    }
                                }
                                for ii in 0..<mv {
                                    for jj in 0..<nv {
                                        let co = xc.offset(ic + ir + ii, jc + jr + jj)
                                        c[co] = acc[ii * nr + jj]
                                        if vw.c == 1 { sink.touch(C, co, .store) }
                                    }
                                }
                                if vw.c > 1 {
                                    vw.touchRows(C, cBlock, C.rowStride, rows: mv, cols: nv, vw.c, .store, &sink)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// BLIS's warpable loop: ic over blocks of mc rows, inside jc and pc. A full block moves A
    /// and C mc rows on and reuses the packed buffers and B's panel in place; the partial last
    /// block, and any block under a blocked layout of A or C, is not uniform.
    /// `vector` gives the micro-kernel's accesses under the vector model (the default: scalar).
    @inlinable
    public static func icLoop<E: GemmElement>(
        _ o: GemmOperands<E>, mr: Int, nr: Int, kb: Int, mc: Int, nb: Int, vector: MicroKernelVector = .scalar
    ) -> WarpLoop {
        let A = o.A, C = o.C
        let perBlock = 2 * mr * vector.cAccesses(nr) + kb * (mr + vector.bAccesses(nr))
        let micro = (nb + nr - 1) / nr * ((mc + mr - 1) / mr) * perBlock
        return WarpLoop(
            count: (o.m + mc - 1) / mc, uniform: A.blocked || C.blocked ? 0..<0 : 0..<(o.m / mc),
            accessesPerIteration: UInt64(2 * mc * kb + micro),
            WarpShift(A.region.rawValue, Int64(mc * A.rowStride * A.elementSize)),
            WarpShift(C.region.rawValue, Int64(mc * C.rowStride * C.elementSize)))
    }

    /// Copies `extent` rows (or columns) of `src`, in slivers `width` wide, `depth` deep, into
    /// `dst`: sliver t holds its `depth` x `width` elements contiguously, zero-padded past `extent`.
    /// `element(e, p)` maps (position along the extent, depth index) to (row, column) in `src`.
    @inlinable @inline(__always)
    static func packSlivers<E: GemmElement, S: AccessSink, X: MatrixIndex>(
        _ src: MatrixDesc, _ xs: X, _ s: UnsafeMutablePointer<E>, into dst: MatrixDesc, _ d: UnsafeMutablePointer<E>,
        extent: Int, width: Int, depth: Int, sink: inout S, element: (Int, Int) -> (Int, Int)
    ) {
        if S.self == NullSink.self && X.self == StridedIndex.self {
            // The native copy (`packNative`): strided offsets are affine in (e, p).
            @inline(__always) func at(_ e: Int, _ p: Int) -> Int {
                let (r, c) = element(e, p)
                return xs.offset(r, c)
            }
            let o0 = at(0, 0)
            return packNative(s + o0, d, along: at(1, 0) &- o0, deep: at(0, 1) &- o0, extent, width, depth)
        }
        for e0 in stride(from: 0, to: extent, by: width) {
            for p in 0..<depth {
                for w in 0..<width {
                    let di = (e0 / width) * depth * width + p * width + w
                    var v = E.zero
                    if e0 + w < extent {
                        let (r, c) = element(e0 + w, p)
                        let so = xs.offset(r, c)
                        sink.touch(src, so, .load)
                        v = s[so]
                    }
                    d[di] = v
                    sink.touch(dst, di, .store)
                }
            }
        }
    }

    /// `packSlivers` natively: one source pointer steps along each sliver (`along` elements per
    /// position, `deep` per depth step), one load and one store per element, zeros past `extent`.
    /// With the offsets computed per element through `element`, the native BLIS 4x4 made 0.48 data
    /// accesses per multiply-add against the C loop's 0.41 (Callgrind, n = 128); with this, 0.42.
    /// Like clang's code of the C loop, it still reloads a few spilled values per depth step.
    @inlinable @inline(never)
    static func packNative<E: GemmElement>(
        _ s: UnsafeMutablePointer<E>, _ d: UnsafeMutablePointer<E>, along: Int, deep: Int, _ extent: Int,
        _ width: Int, _ depth: Int
    ) {
        var dp = d
        for e0 in stride(from: 0, to: extent, by: width) {
            let full = min(width, extent &- e0)
            var sp = s + e0 &* along
            for _ in 0..<depth {
                for w in 0..<full { dp[w] = sp[w &* along] }
                for w in full..<width { dp[w] = E.zero }
                dp += width
                sp += deep
            }
        }
    }

    /// The micro-kernel's k steps with packed B's row in vectors of `w`: per k step, packed A's mr
    /// elements as element loads (broadcast) and packed B's nr elements (padding included) as
    /// floor(nr / w) vector loads and nr mod w element loads. The native code follows: the block's
    /// mv rows in SIMD vectors over all kb steps (`GemmElement.axpyRows`), then the nv mod w
    /// remaining columns scalar; each accumulator still sums over p in order.
    @inlinable @inline(__always)
    static func packedVectorSteps<E: GemmElement, S: AccessSink>(
        _ pk: PackBuffers<E>, _ w: Int, _ acc: UnsafeMutablePointer<E.Acc>, _ mr: Int, _ nr: Int, _ aBase: Int,
        _ bBase: Int, _ kb: Int, _ mv: Int, _ nv: Int, _ sink: inout S
    ) {
        let Ap = pk.Ap, Bp = pk.Bp, ap = pk.ap, bp = pk.bp
        for p in 0..<kb {
            for ii in 0..<mr { sink.touch(Ap, aBase &+ p &* mr &+ ii, .load) }
            MicroKernelVector.touchRow(Bp, bBase &+ p &* nr, nr, w, .load, &sink)
        }
        let vectors = nv / w, scalarFrom = vectors &* w
        if vectors > 0 && kb > 0 {
            E.axpyRows(
                acc, accStride: nr, ap + aBase, aOuterStride: 1, aStride: mr, bp + bBase, bStride: nr, outer: mv,
                rows: kb, vectors: vectors, width: w)
        }
        guard scalarFrom < nv else { return }
        for ii in 0..<mv {
            let row = acc + ii &* nr
            for p in 0..<kb {
                let av = ap[aBase &+ p &* mr &+ ii]
                let bRow = bp + (bBase &+ p &* nr)
                for jj in scalarFrom..<nv { row[jj] = E.mac(row[jj], av, bRow[jj]) }
            }
        }
    }
}
