extension Gemm {
    /// The native kernel's naive orders whose innermost loop is an axpy along a unit-stride row or
    /// column (ikj and kij with B and C row-major, jki and kji with A and C column-major), written
    /// as the C loop is: the invariant element read once, then one plain loop the compiler
    /// vectorises. Out of line and apart from the instrumented nest: inside it, the per-row setup
    /// reloaded about 20 spilled values a row (Callgrind, kij at n = 128: 0.99 data accesses per
    /// multiply-add against the C loop's 0.84). Same sums in the same order as the instrumented
    /// nest, so the same product. Only the scalar model runs here; `vector: W` runs SIMD code
    /// (`GemmElement.axpyRows`).
    @inlinable @inline(never)
    static func nativeAxpy<E: GemmElement>(
        _ o: GemmOperands<E>, _ order: LoopOrder, _ I: Range<Int>, _ J: Range<Int>, _ P: Range<Int>
    ) {
        let a = o.a, b = o.b, c = o.c
        let (ai, ap) = (o.A.rowStride, o.A.colStride), (bp, bj) = (o.B.rowStride, o.B.colStride)
        let (ci, cj) = (o.C.rowStride, o.C.colStride)
        switch order {
        case .ikj, .kij:
            // C's row i += A(i, p) x B's row p.
            let n = J.count
            @inline(__always) func row(_ i: Int, _ p: Int) {
                let x = a[i &* ai &+ p &* ap], bRow = b + (p &* bp &+ J.lowerBound)
                let cRow = c + (i &* ci &+ J.lowerBound)
                for j in 0..<n { cRow[j] = E.mac(cRow[j], x, bRow[j]) }
            }
            if order == .ikj {
                for i in I { for p in P { row(i, p) } }
            } else {
                for p in P { for i in I { row(i, p) } }
            }
        default:
            // C's column j += A's column p x B(p, j).
            let m = I.count
            @inline(__always) func column(_ j: Int, _ p: Int) {
                let x = b[p &* bp &+ j &* bj], aCol = a + (I.lowerBound &+ p &* ap)
                let cCol = c + (I.lowerBound &+ j &* cj)
                for i in 0..<m { cCol[i] = E.mac(cCol[i], aCol[i], x) }
            }
            if order == .jki {
                for j in J { for p in P { column(j, p) } }
            } else {
                for p in P { for j in J { column(j, p) } }
            }
        }
    }
}
