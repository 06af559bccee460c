import AccessSink
/// The loop nesting of a naive GEMM, outermost first (i: rows of C, j: columns, k: reduction).
public enum LoopOrder: String, CaseIterable, Sendable {
    case ijk, ikj, jik, jki, kij, kji
}

/// Pointers to A (m x k), B (k x n) and C (m x n) with their placement. The kernels read and
/// write through the pointers (real results) and report every element access to the sink.
public struct GemmOperands<E: GemmElement> {
    public let a: UnsafeMutablePointer<E>
    public let b: UnsafeMutablePointer<E>
    public let c: UnsafeMutablePointer<E.Acc>
    public let A: MatrixDesc
    public let B: MatrixDesc
    public let C: MatrixDesc
    public init(
        a: UnsafeMutablePointer<E>, b: UnsafeMutablePointer<E>, c: UnsafeMutablePointer<E.Acc>,
        A: MatrixDesc, B: MatrixDesc, C: MatrixDesc
    ) {
        self.a = a
        self.b = b
        self.c = c
        self.A = A
        self.B = B
        self.C = C
    }
    public var m: Int { C.rows }
    public var n: Int { C.cols }
    public var k: Int { A.cols }
}

/// The GEMM kernels, C = A·B + C. Each is generic over the sink: with `NullSink` it is the
/// native kernel. The emitted stream is the source-level reference stream: every A, B and C
/// element the loop body names is a load (and C a store), whether or not a compiler would keep
/// it in a register; register-blocked kernels are where values live in registers on purpose.
public enum Gemm {
    /// The naive triple loop in `order` over the index ranges given (the whole problem by default;
    /// tiled GEMM calls it per tile). With the source-level model, 4 accesses per iteration: load A,
    /// load B, load C, store C; `model` may promote the innermost loop's invariant operand to a
    /// register and run a unit-stride innermost loop in vectors (see `AccessModel`, docs/semantics.md).
    /// The blocked-layout test is made here, once: row- and column-major operands run a copy of the
    /// nest whose offsets are plain `i * rowStride + j * colStride`, like a hand-written loop.
    @inlinable @inline(never)
    public static func naive<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, order: LoopOrder, model: AccessModel = .source, sink: inout S,
        i r0: Range<Int>? = nil, j r1: Range<Int>? = nil, p r2: Range<Int>? = nil
    ) {
        let I = r0 ?? 0..<o.m, J = r1 ?? 0..<o.n, P = r2 ?? 0..<o.k
        if S.self == NullSink.self && model.vector == 1 && !o.A.blocked && !o.B.blocked && !o.C.blocked {
            // The native axpy orders as the C loop is written (`nativeAxpy`).
            let alongJ = (order == .ikj || order == .kij) && o.B.colStride == 1 && o.C.colStride == 1
            let alongI = (order == .jki || order == .kji) && o.A.rowStride == 1 && o.C.rowStride == 1
            if alongJ || alongI { return nativeAxpy(o, order, I, J, P) }
        }
        if o.A.blocked || o.B.blocked || o.C.blocked {
            naiveNest(o, order, model, &sink, I, J, P, o.A, o.B, o.C)
        } else {
            naiveNest(o, order, model, &sink, I, J, P, StridedIndex(o.A), StridedIndex(o.B), StridedIndex(o.C))
        }
    }

    /// Accesses of one run of a naive innermost loop over `n` elements: `perElement` each (4, or 3
    /// with the invariant operand promoted), in vectors of `width` when it is over 1 (the remainder
    /// scalar), plus the promoted operand's load before the loop (and, for C, store after it).
    @inlinable
    static func innerAccesses(_ n: Int, width: Int, perElement: Int, around: Int) -> Int {
        (n / width + n % width) &* perElement &+ around
    }

    /// The naive nest with element offsets from `X` (`StridedIndex` or the blocked `MatrixDesc`).
    @inlinable @inline(__always)
    static func naiveNest<E: GemmElement, S: AccessSink, X: MatrixIndex>(
        _ o: GemmOperands<E>, _ order: LoopOrder, _ model: AccessModel, _ sink: inout S,
        _ I: Range<Int>, _ J: Range<Int>, _ P: Range<Int>, _ xa: X, _ xb: X, _ xc: X
    ) {
        let A = o.A, B = o.B, C = o.C, a = o.a, b = o.b, c = o.c
        let i0 = I.lowerBound
        let promote = model.promote
        // Unit stride along the innermost loop in every operand it walks (the vector model's condition).
        let unitJ = !B.blocked && !C.blocked && B.colStride == 1 && C.colStride == 1
        let unitI = !A.blocked && !C.blocked && A.rowStride == 1 && C.rowStride == 1
        let wJ = unitJ && model.vector > 1 ? model.vector : 1
        let wI = unitI && model.vector > 1 ? model.vector : 1
        let nj = J.count, np = P.count
        // Accesses per run of each innermost loop (the warp loops' estimates).
        let runP = promote ? 2 &* np &+ 2 : 4 &* np
        let runJ = innerAccesses(nj, width: wJ, perElement: promote ? 3 : 4, around: promote ? 1 : 0)
        // The warpable loop is i's, in every order (see `iLoop`).
        @inline(__always) func rows(_ perIteration: Int) -> WarpLoop { iLoop(o, I, accesses: perIteration) }
        // Inner loop over p: C(i,j) is invariant, accumulated in a register.
        @inline(__always) func innerP(_ i: Int, _ j: Int, _ sink: inout S) {
            let co = xc.offset(i, j)
            if promote { sink.touch(C, co, .load) }
            var acc = c[co]
            for p in P {
                let ao = xa.offset(i, p), bo = xb.offset(p, j)
                sink.touch(A, ao, .load)
                sink.touch(B, bo, .load)
                if !promote { sink.touch(C, co, .load) }
                acc = E.mac(acc, a[ao], b[bo])
                if !promote { sink.touch(C, co, .store) }
            }
            c[co] = acc
            if promote { sink.touch(C, co, .store) }
        }
        // Inner loop over j: A(i,p) is invariant. (With B and C unit-stride along j the nest runs
        // in `rowsAlongJ` instead, vectors included.)
        @inline(__always) func innerJ(_ i: Int, _ p: Int, _ sink: inout S) {
            let ao = xa.offset(i, p)
            let av = a[ao]
            if promote { sink.touch(A, ao, .load) }
            for j in J {
                let bo = xb.offset(p, j), co = xc.offset(i, j)
                if !promote { sink.touch(A, ao, .load) }
                sink.touch(B, bo, .load)
                sink.touch(C, co, .load)
                c[co] = E.mac(c[co], av, b[bo])
                sink.touch(C, co, .store)
            }
        }
        // Inner loop over i: B(p,j) is invariant.
        @inline(__always) func innerI(_ j: Int, _ p: Int, _ sink: inout S) {
            let bo = xb.offset(p, j)
            let bv = b[bo]
            if promote { sink.touch(B, bo, .load) }
            if wI > 1 {
                // A's column p and C's column j in vectors of wI elements; B(p,j) broadcast.
                let aBase = xa.offset(0, p), cBase = xc.offset(0, j)
                let vectors = I.count / wI
                for v in 0..<vectors {
                    let i = i0 &+ v &* wI
                    sink.touchVector(A, aBase &+ i, wI, .load)
                    if !promote { sink.touch(B, bo, .load) }
                    sink.touchVector(C, cBase &+ i, wI, .load)
                    sink.touchVector(C, cBase &+ i, wI, .store)
                }
                E.axpy(c + (cBase &+ i0), a + (aBase &+ i0), bv, vectors: vectors, width: wI)
                for i in (i0 &+ vectors &* wI)..<I.upperBound {
                    sink.touch(A, aBase &+ i, .load)
                    if !promote { sink.touch(B, bo, .load) }
                    sink.touch(C, cBase &+ i, .load)
                    c[cBase &+ i] = E.mac(c[cBase &+ i], a[aBase &+ i], bv)
                    sink.touch(C, cBase &+ i, .store)
                }
                return
            }
            if unitI {
                let aBase = p &* A.colStride, cBase = j &* C.colStride
                let aCol = a + aBase, cCol = c + cBase
                sink.warpLoop(rows(promote ? 3 : 4)) { sink, t in
                    let i = i0 &+ t
                    sink.touch(A, aBase &+ i, .load)
                    if !promote { sink.touch(B, bo, .load) }
                    sink.touch(C, cBase &+ i, .load)
                    cCol[i] = E.mac(cCol[i], aCol[i], bv)
                    sink.touch(C, cBase &+ i, .store)
                }
                return
            }
            sink.warpLoop(rows(promote ? 3 : 4)) { sink, t in
                let i = i0 &+ t
                let ao = xa.offset(i, p), co = xc.offset(i, j)
                sink.touch(A, ao, .load)
                if !promote { sink.touch(B, bo, .load) }
                sink.touch(C, co, .load)
                c[co] = E.mac(c[co], a[ao], bv)
                sink.touch(C, co, .store)
            }
        }
        switch order {
        case .ijk: sink.warpLoop(rows(nj &* runP)) { sink, t in for j in J { innerP(i0 &+ t, j, &sink) } }
        case .jik: for j in J { sink.warpLoop(rows(runP)) { sink, t in innerP(i0 &+ t, j, &sink) } }
        case .ikj where unitJ: rowsAlongJ(o, model, rows(np &* runJ), I, P, J, sink: &sink)
        case .kij where unitJ: for p in P { rowsAlongJ(o, model, rows(runJ), I, p..<(p + 1), J, sink: &sink) }
        case .ikj: sink.warpLoop(rows(np &* runJ)) { sink, t in for p in P { innerJ(i0 &+ t, p, &sink) } }
        case .kij: for p in P { sink.warpLoop(rows(runJ)) { sink, t in innerJ(i0 &+ t, p, &sink) } }
        case .jki: for j in J { for p in P { innerI(j, p, &sink) } }
        case .kji: for p in P { for j in J { innerI(j, p, &sink) } }
        }
    }

    /// The naive nest's warpable loop: i over `I`. Iteration i + 1 touches A's and C's next row
    /// (a row stride further on) and the same B; every iteration is uniform, except under a
    /// blocked layout of A or C, where rows are not evenly spaced (no uniform range, no warping).
    @inlinable
    public static func iLoop<E: GemmElement>(_ o: GemmOperands<E>, _ I: Range<Int>, accesses: Int) -> WarpLoop {
        let A = o.A, C = o.C
        return WarpLoop(
            count: I.count, uniform: A.blocked || C.blocked ? 0..<0 : 0..<I.count,
            accessesPerIteration: UInt64(accesses),
            WarpShift(A.region.rawValue, Int64(A.rowStride * A.elementSize)),
            WarpShift(C.region.rawValue, Int64(C.rowStride * C.elementSize)))
    }

    /// Cache-blocked (tiled) GEMM: tiles of tm x tn x tk visited in `order` (outer loops), each
    /// computed by the naive loop nest in the same order.
    @inlinable @inline(never)
    public static func tiled<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, order: LoopOrder,
        tm: Int, tn: Int, tk: Int, model: AccessModel = .source, sink: inout S
    ) {
        let (m, n, k) = (o.m, o.n, o.k)
        @inline(__always) func tile(_ i0: Int, _ j0: Int, _ p0: Int, _ sink: inout S) {
            naive(
                o, order: order, model: model, sink: &sink, i: i0..<min(i0 + tm, m), j: j0..<min(j0 + tn, n),
                p: p0..<min(p0 + tk, k))
        }
        let I = stride(from: 0, to: m, by: tm), J = stride(from: 0, to: n, by: tn), P = stride(from: 0, to: k, by: tk)
        // The outermost tile loop is the warpable one (see `tileLoop`).
        let outer = tileLoop(o, order: order, tm: tm, tn: tn, tk: tk)
        switch order {
        case .ijk:
            sink.warpLoop(outer) { sink, t in
                let i = t * tm
                for j in J { for p in P { tile(i, j, p, &sink) } }
            }
        case .ikj:
            sink.warpLoop(outer) { sink, t in
                let i = t * tm
                for p in P { for j in J { tile(i, j, p, &sink) } }
            }
        case .jik:
            sink.warpLoop(outer) { sink, t in
                let j = t * tn
                for i in I { for p in P { tile(i, j, p, &sink) } }
            }
        case .jki:
            sink.warpLoop(outer) { sink, t in
                let j = t * tn
                for p in P { for i in I { tile(i, j, p, &sink) } }
            }
        case .kij:
            sink.warpLoop(outer) { sink, t in
                let p = t * tk
                for i in I { for j in J { tile(i, j, p, &sink) } }
            }
        case .kji:
            sink.warpLoop(outer) { sink, t in
                let p = t * tk
                for j in J { for i in I { tile(i, j, p, &sink) } }
            }
        }
    }

    /// Tiled GEMM's warpable loop: the outermost tile loop (i tiles for ijk and ikj, j tiles for
    /// jik and jki, k tiles for kij and kji). Whole tiles are uniform: each moves the arrays it
    /// indexes one tile on (the third array stays); a partial last tile is not, and neither is
    /// any tile of a moving array in blocked layout.
    @inlinable
    public static func tileLoop<E: GemmElement>(_ o: GemmOperands<E>, order: LoopOrder, tm: Int, tn: Int, tk: Int)
        -> WarpLoop
    {
        let (m, n, k) = (o.m, o.n, o.k)
        let A = o.A, B = o.B, C = o.C
        func moves(_ d: MatrixDesc, rows: Int, cols: Int) -> WarpShift {
            WarpShift(d.region.rawValue, Int64((rows * d.rowStride + cols * d.colStride) * d.elementSize))
        }
        func loop(_ extent: Int, _ step: Int, _ x: MatrixDesc, _ y: MatrixDesc, _ sx: WarpShift, _ sy: WarpShift)
            -> WarpLoop
        {
            WarpLoop(
                count: (extent + step - 1) / step, uniform: x.blocked || y.blocked ? 0..<0 : 0..<(extent / step),
                accessesPerIteration: UInt64(4 * step * m * n * k / max(extent, 1)), sx, sy)
        }
        switch order {
        case .ijk, .ikj: return loop(m, tm, A, C, moves(A, rows: tm, cols: 0), moves(C, rows: tm, cols: 0))
        case .jik, .jki: return loop(n, tn, B, C, moves(B, rows: 0, cols: tn), moves(C, rows: 0, cols: tn))
        case .kij, .kji: return loop(k, tk, A, B, moves(A, rows: 0, cols: tk), moves(B, rows: tk, cols: 0))
        }
    }

    /// The ikj or kij nest when B and C are row-major: C's row i gets A(i,p) times B's row p, unit
    /// stride along j, for each i in `I` and p in `P`; A(i,p) loaded per element or, promoted, once
    /// per row. With `model.vector` W > 1 the first floor(nj/W) x W elements of each row go in SIMD
    /// vectors (`GemmElement.axpyRows`, all of P in one call), the remainder scalar; every element's
    /// sum still runs over p in order, so the product is the same. Kept out of line, one call for all
    /// of I (a tile's rows), so that its few live values stay in registers.
    @inlinable @inline(never)
    static func rowsAlongJ<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, _ model: AccessModel, _ loop: WarpLoop, _ I: Range<Int>, _ P: Range<Int>,
        _ J: Range<Int>, sink: inout S
    ) {
        let A = o.A, B = o.B, C = o.C, a = o.a, b = o.b, c = o.c
        let bStride = B.rowStride, cStride = C.rowStride, j0 = J.lowerBound, nj = J.count
        let promote = model.promote, w = model.vector
        let vectors = w > 1 ? nj / w : 0, scalarFrom = vectors &* w
        let i0 = I.lowerBound
        // The warpable loop is i's (`loop`, from `iLoop`).
        sink.warpLoop(loop) { sink, t in
            let i = i0 &+ t
            let cStart = i &* cStride &+ j0
            let cSeg = c + cStart
            if vectors > 0 {
                // The vector part's stream, row by row (the native code follows the loop).
                for p in P {
                    let ao = A.offset(i, p), bBase = p &* bStride &+ j0
                    if promote { sink.touch(A, ao, .load) }
                    for v in 0..<vectors {
                        let j = v &* w
                        if !promote { sink.touch(A, ao, .load) }
                        sink.touchVector(B, bBase &+ j, w, .load)
                        sink.touchVector(C, cStart &+ j, w, .load)
                        sink.touchVector(C, cStart &+ j, w, .store)
                    }
                    for j in scalarFrom..<nj {
                        if !promote { sink.touch(A, ao, .load) }
                        sink.touch(B, bBase &+ j, .load)
                        sink.touch(C, cStart &+ j, .load)
                        sink.touch(C, cStart &+ j, .store)
                    }
                }
                return
            }
            for p in P {
                let ao = A.offset(i, p)
                let av = a[ao]
                if promote { sink.touch(A, ao, .load) }
                let bBase = p &* bStride &+ j0
                let bRow = b + bBase
                for j in 0..<nj {
                    if !promote { sink.touch(A, ao, .load) }
                    sink.touch(B, bBase &+ j, .load)
                    sink.touch(C, cStart &+ j, .load)
                    cSeg[j] = E.mac(cSeg[j], av, bRow[j])
                    sink.touch(C, cStart &+ j, .store)
                }
            }
        }
        guard vectors > 0, !I.isEmpty, !P.isEmpty else { return }
        // The vector part's native code: every row of I at once, in SIMD vectors; then the scalar
        // remainder. Each C element still sums over p in order, so the product is the same.
        let bFirst = b + (P.lowerBound &* bStride &+ j0), cFirst = c + (i0 &* cStride &+ j0)
        if A.blocked {
            for i in I {
                for p in P {
                    E.axpyRows(
                        c + (i &* cStride &+ j0), accStride: 0, a + A.offset(i, p), aOuterStride: 0, aStride: 0,
                        b + (p &* bStride &+ j0), bStride: 0, outer: 1, rows: 1, vectors: vectors, width: w)
                }
            }
        } else {
            E.axpyRows(
                cFirst, accStride: cStride, a + A.offset(i0, P.lowerBound), aOuterStride: A.rowStride,
                aStride: A.colStride, bFirst, bStride: bStride, outer: I.count, rows: P.count, vectors: vectors,
                width: w)
        }
        guard scalarFrom < nj else { return }
        for i in I {
            let cSeg = c + (i &* cStride &+ j0)
            for p in P {
                let av = a[A.offset(i, p)]
                let bRow = b + (p &* bStride &+ j0)
                for j in scalarFrom..<nj { cSeg[j] = E.mac(cSeg[j], av, bRow[j]) }
            }
        }
    }
}
