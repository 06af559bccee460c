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
    public init(a: UnsafeMutablePointer<E>, b: UnsafeMutablePointer<E>, c: UnsafeMutablePointer<E.Acc>,
                A: MatrixDesc, B: MatrixDesc, C: MatrixDesc) {
        self.a = a; self.b = b; self.c = c; self.A = A; self.B = B; self.C = C
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
    /// tiled GEMM calls it per tile). 4 accesses per iteration: load A, load B, load C, store C.
    @inlinable
    public static func naive<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, order: LoopOrder, sink: inout S,
        i r0: Range<Int>? = nil, j r1: Range<Int>? = nil, p r2: Range<Int>? = nil
    ) {
        let I = r0 ?? 0..<o.m, J = r1 ?? 0..<o.n, P = r2 ?? 0..<o.k
        let A = o.A, B = o.B, C = o.C, a = o.a, b = o.b, c = o.c
        // Inner loop over p: C(i,j) is invariant, accumulated in a register.
        @inline(__always) func innerP(_ i: Int, _ j: Int) {
            let co = C.offset(i, j)
            var acc = c[co]
            for p in P {
                let ao = A.offset(i, p), bo = B.offset(p, j)
                sink.touch(A, ao, .load); sink.touch(B, bo, .load); sink.touch(C, co, .load)
                acc = E.mac(acc, a[ao], b[bo])
                sink.touch(C, co, .store)
            }
            c[co] = acc
        }
        // Inner loop over j: A(i,p) is invariant. With B and C unit-stride along j (row-major)
        // the i-p-j nest runs in `rowsAlongJ`, written like a hand-written loop.
        let unitJ = !B.blocked && !C.blocked && B.colStride == 1 && C.colStride == 1
        let unitI = !A.blocked && !C.blocked && A.rowStride == 1 && C.rowStride == 1
        @inline(__always) func innerJ(_ i: Int, _ p: Int) {
            let ao = A.offset(i, p)
            let av = a[ao]
            for j in J {
                let bo = B.offset(p, j), co = C.offset(i, j)
                sink.touch(A, ao, .load); sink.touch(B, bo, .load); sink.touch(C, co, .load)
                c[co] = E.mac(c[co], av, b[bo])
                sink.touch(C, co, .store)
            }
        }
        // Inner loop over i: B(p,j) is invariant.
        @inline(__always) func innerI(_ j: Int, _ p: Int) {
            let bo = B.offset(p, j)
            let bv = b[bo]
            if unitI {
                let aBase = p &* A.colStride, cBase = j &* C.colStride
                let aCol = a + aBase, cCol = c + cBase
                for i in I {
                    sink.touch(A, aBase &+ i, .load); sink.touch(B, bo, .load); sink.touch(C, cBase &+ i, .load)
                    cCol[i] = E.mac(cCol[i], aCol[i], bv)
                    sink.touch(C, cBase &+ i, .store)
                }
                return
            }
            for i in I {
                let ao = A.offset(i, p), co = C.offset(i, j)
                sink.touch(A, ao, .load); sink.touch(B, bo, .load); sink.touch(C, co, .load)
                c[co] = E.mac(c[co], a[ao], bv)
                sink.touch(C, co, .store)
            }
        }
        switch order {
        case .ijk: for i in I { for j in J { innerP(i, j) } }
        case .jik: for j in J { for i in I { innerP(i, j) } }
        case .ikj where unitJ: rowsAlongJ(o, iOuter: true, I, P, J, sink: &sink)
        case .kij where unitJ: rowsAlongJ(o, iOuter: false, I, P, J, sink: &sink)
        case .ikj: for i in I { for p in P { innerJ(i, p) } }
        case .kij: for p in P { for i in I { innerJ(i, p) } }
        case .jki: for j in J { for p in P { innerI(j, p) } }
        case .kji: for p in P { for j in J { innerI(j, p) } }
        }
    }

    /// Cache-blocked (tiled) GEMM: tiles of tm x tn x tk visited in `order` (outer loops), each
    /// computed by the naive loop nest in the same order.
    @inlinable
    public static func tiled<E: GemmElement, S: AccessSink>(_ o: GemmOperands<E>, order: LoopOrder,
                                                            tm: Int, tn: Int, tk: Int, sink: inout S) {
        let (m, n, k) = (o.m, o.n, o.k)
        @inline(__always) func tile(_ i0: Int, _ j0: Int, _ p0: Int) {
            naive(o, order: order, sink: &sink, i: i0..<min(i0 + tm, m), j: j0..<min(j0 + tn, n), p: p0..<min(p0 + tk, k))
        }
        let I = stride(from: 0, to: m, by: tm), J = stride(from: 0, to: n, by: tn), P = stride(from: 0, to: k, by: tk)
        switch order {
        case .ijk: for i in I { for j in J { for p in P { tile(i, j, p) } } }
        case .ikj: for i in I { for p in P { for j in J { tile(i, j, p) } } }
        case .jik: for j in J { for i in I { for p in P { tile(i, j, p) } } }
        case .jki: for j in J { for p in P { for i in I { tile(i, j, p) } } }
        case .kij: for p in P { for i in I { for j in J { tile(i, j, p) } } }
        case .kji: for p in P { for j in J { for i in I { tile(i, j, p) } } }
        }
    }

    /// The ikj (`iOuter`) or kij nest when B and C are row-major: C's row i gets A(i,p) times
    /// B's row p, unit stride along j. Kept out of line so that its few live values stay in
    /// registers: a row is only a few dozen vector iterations, so per-row overhead shows.
    @inlinable @inline(never)
    static func rowsAlongJ<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, iOuter: Bool, _ I: Range<Int>, _ P: Range<Int>, _ J: Range<Int>, sink: inout S
    ) {
        let A = o.A, B = o.B, C = o.C, a = o.a, b = o.b, c = o.c
        let bStride = B.rowStride, cStride = C.rowStride, j0 = J.lowerBound, nj = J.count
        @inline(__always) func row(_ i: Int, _ p: Int, _ cBase: Int, _ cRow: UnsafeMutablePointer<E.Acc>) {
            let ao = A.offset(i, p)
            let av = a[ao]
            let bBase = p &* bStride &+ j0, cStart = cBase &+ j0
            let bRow = b + bBase, cSeg = cRow + j0
            for j in 0..<nj {
                sink.touch(A, ao, .load); sink.touch(B, bBase &+ j, .load); sink.touch(C, cStart &+ j, .load)
                cSeg[j] = E.mac(cSeg[j], av, bRow[j])
                sink.touch(C, cStart &+ j, .store)
            }
        }
        if iOuter {
            for i in I {
                let cBase = i &* cStride
                let cRow = c + cBase
                for p in P { row(i, p, cBase, cRow) }
            }
        } else {
            for p in P { for i in I { row(i, p, i &* cStride, c + i &* cStride) } }
        }
    }
}
