/// The native micro-kernel of the register-blocked, QNNPACK-style and BLIS kernels: an mr x nr
/// block of C held in SIMD registers for the whole k loop, one vector per row of the block, as a
/// kernel engineer writes it (and as clang compiles the same C loop with mr and nr fixed).
/// Per k step it loads B's row as one vector of nr elements and broadcasts each of A's mr
/// elements; C's block is loaded before the k loop and stored after it.
///
/// Only the native kernel (the no-op sink) runs it, for full blocks of a shape it has: f32 with
/// nr 4, 8 or 16 and f64 with nr 2, 4 or 8, mr 1 to 8, B's and C's rows unit stride. Any other
/// block runs the general block code, whose accumulator is an array in memory (`registerBlocked`).
/// Each accumulator sums over p in order, as `GemmElement.mac` does, so the product is the same.
/// The instrumented stream does not change: the source-level model already counts C once per
/// block and A and B once per k step, and `vector: W` counts the vector accesses this code makes.
@usableFromInline enum RegisterTile {
    /// Runs the tile on an `rows` x `cols` block and returns true where it has one for this
    /// element type and shape; returns false, touching nothing, otherwise.
    /// A(ii, p) is `a[ii * aRow + p * aStep]`, B(p, jj) is `b[p * bStep + jj]`, C(ii, jj) is
    /// `c[ii * cRow + jj]`.
    @inlinable @inline(__always)
    static func run<E: GemmElement>(
        rows: Int, cols: Int, a: UnsafePointer<E>, aRow: Int, aStep: Int, b: UnsafePointer<E>, bStep: Int,
        c: UnsafeMutablePointer<E.Acc>, cRow: Int, depth: Int
    ) -> Bool {
        guard (1...8).contains(rows) else { return false }
        let t = Operands(UnsafeRawPointer(a), aRow, aStep, UnsafeRawPointer(b), bStep, UnsafeMutableRawPointer(c), cRow)
        if E.self == Float.self {
            switch cols {
            case 4: byRows(SIMD4<Float>.self, rows, t, depth)
            case 8: byRows(SIMD8<Float>.self, rows, t, depth)
            case 16: byRows(SIMD16<Float>.self, rows, t, depth)
            default: return false
            }
            return true
        }
        if E.self == Double.self {
            switch cols {
            case 2: byRows(SIMD2<Double>.self, rows, t, depth)
            case 4: byRows(SIMD4<Double>.self, rows, t, depth)
            case 8: byRows(SIMD8<Double>.self, rows, t, depth)
            default: return false
            }
            return true
        }
        return false
    }

    /// A block's operands as raw pointers (the element type is `V.Scalar`, checked by `run`);
    /// strides in elements.
    @usableFromInline struct Operands {
        @usableFromInline let a: UnsafeRawPointer
        @usableFromInline let aRow: Int
        @usableFromInline let aStep: Int
        @usableFromInline let b: UnsafeRawPointer
        @usableFromInline let bStep: Int
        @usableFromInline let c: UnsafeMutableRawPointer
        @usableFromInline let cRow: Int
        @inlinable init(
            _ a: UnsafeRawPointer, _ aRow: Int, _ aStep: Int, _ b: UnsafeRawPointer, _ bStep: Int,
            _ c: UnsafeMutableRawPointer, _ cRow: Int
        ) {
            (self.a, self.aRow, self.aStep, self.b, self.bStep, self.c, self.cRow) = (a, aRow, aStep, b, bStep, c, cRow)
        }
    }

    /// One copy of the tile per row count, so that each has its rows as a constant.
    @inlinable @inline(never)
    static func byRows<V: SIMD>(_: V.Type, _ rows: Int, _ t: Operands, _ depth: Int)
    where V.Scalar: BinaryFloatingPoint {
        switch rows {
        case 1: tile(V.self, 1, t, depth)
        case 2: tile(V.self, 2, t, depth)
        case 3: tile(V.self, 3, t, depth)
        case 4: tile(V.self, 4, t, depth)
        case 5: tile(V.self, 5, t, depth)
        case 6: tile(V.self, 6, t, depth)
        case 7: tile(V.self, 7, t, depth)
        default: tile(V.self, 8, t, depth)
        }
    }

    /// The tile for `n` rows (a constant at each call site: the rows past `n` fold away).
    @inlinable @inline(__always)
    static func tile<V: SIMD>(_: V.Type, _ n: Int, _ t: Operands, _ depth: Int) where V.Scalar: BinaryFloatingPoint {
        let es = MemoryLayout<V.Scalar>.stride
        let c = t.c, cr = es &* t.cRow, ar = t.aRow
        @inline(__always) func load(_ r: Int) -> V {
            r < n ? c.loadUnaligned(fromByteOffset: r &* cr, as: V.self) : V()
        }
        var c0 = load(0), c1 = load(1), c2 = load(2), c3 = load(3)
        var c4 = load(4), c5 = load(5), c6 = load(6), c7 = load(7)
        var a = t.a.assumingMemoryBound(to: V.Scalar.self), b = t.b
        let bs = es &* t.bStep
        for _ in 0..<depth {
            let x = b.loadUnaligned(as: V.self)
            c0 += V(repeating: a[0]) * x
            if n > 1 { c1 += V(repeating: a[ar]) * x }
            if n > 2 { c2 += V(repeating: a[2 &* ar]) * x }
            if n > 3 { c3 += V(repeating: a[3 &* ar]) * x }
            if n > 4 { c4 += V(repeating: a[4 &* ar]) * x }
            if n > 5 { c5 += V(repeating: a[5 &* ar]) * x }
            if n > 6 { c6 += V(repeating: a[6 &* ar]) * x }
            if n > 7 { c7 += V(repeating: a[7 &* ar]) * x }
            a += t.aStep
            b += bs
        }
        @inline(__always) func store(_ v: V, _ r: Int) {
            if r < n { c.storeBytes(of: v, toByteOffset: r &* cr, as: V.self) }
        }
        store(c0, 0)
        store(c1, 1)
        store(c2, 2)
        store(c3, 3)
        store(c4, 4)
        store(c5, 5)
        store(c6, 6)
        store(c7, 7)
    }
}
