import AccessSink
/// The vector model (`vector: W`) of the register-blocked, QNNPACK-style and BLIS micro-kernels:
/// which operand's rows go in vectors of how many elements. A row of `n` elements in vectors of
/// `w` is floor(n / w) accesses of w x element bytes, then n mod w element accesses; a width of 1
/// is the scalar stream (one element access each), the default, unchanged.
public struct MicroKernelVector: Equatable, Sendable {
    /// Width of the loads of B's row (packed B's for BLIS) per k step.
    public let b: Int
    /// Width of the loads and stores of C's block, row by row.
    public let c: Int

    /// The scalar stream.
    public static let scalar = MicroKernelVector(b: 1, c: 1)

    @inlinable public init(b: Int, c: Int) {
        self.b = b
        self.c = c
    }

    /// For the register-blocked and QNNPACK-style kernels: B's row in vectors where B is unit
    /// stride along a row (row-major), C's rows where C is; every other operand stays scalar.
    @inlinable public init(_ model: AccessModel, B: MatrixDesc, C: MatrixDesc) {
        let w = model.vector > 1 ? model.vector : 1
        self.init(b: Self.alongRows(B) ? w : 1, c: Self.alongRows(C) ? w : 1)
    }

    /// For BLIS: the packed B sliver's row is contiguous whatever B's layout, so always in vectors;
    /// C's rows where C is unit stride along a row.
    @inlinable public init(packed model: AccessModel, C: MatrixDesc) {
        let w = model.vector > 1 ? model.vector : 1
        self.init(b: w, c: Self.alongRows(C) ? w : 1)
    }

    /// Whether `m`'s rows are unit stride (row-major: the elements of a row are adjacent).
    @inlinable static func alongRows(_ m: MatrixDesc) -> Bool { !m.blocked && m.colStride == 1 }

    /// Accesses to load a row of `n` elements of B.
    @inlinable public func bAccesses(_ n: Int) -> Int { n / b + n % b }
    /// Accesses to load (or store) a row of `n` elements of C.
    @inlinable public func cAccesses(_ n: Int) -> Int { n / c + n % c }

    /// Emits the accesses of one row of `count` elements of `m` from element index `off` in vectors
    /// of `w` (the remainder element by element).
    @inlinable @inline(__always)
    public static func touchRow<S: AccessSink>(
        _ m: MatrixDesc, _ off: Int, _ count: Int, _ w: Int, _ kind: AccessKind, _ sink: inout S
    ) {
        let vectors = count / w
        for v in 0..<vectors { sink.touchVector(m, off &+ v &* w, w, kind) }
        for j in (vectors &* w)..<count { sink.touch(m, off &+ j, kind) }
    }

    /// `touchRow` for `rows` rows of `cols` elements, `rowStride` elements apart, from `off`.
    @inlinable @inline(__always)
    public func touchRows<S: AccessSink>(
        _ m: MatrixDesc, _ off: Int, _ rowStride: Int, rows: Int, cols: Int, _ w: Int, _ kind: AccessKind,
        _ sink: inout S
    ) {
        for r in 0..<rows { Self.touchRow(m, off &+ r &* rowStride, cols, w, kind, &sink) }
    }
}
