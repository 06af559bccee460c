/// Maps (row, column) to an element index in a matrix's buffer. Kernels are generic over it so
/// that the layout test is made once per call: `StridedIndex` for row- and column-major operands
/// (a multiply-add per index, which the compiler strength-reduces like a hand-written loop's),
/// `MatrixDesc` itself for tile-contiguous ones.
public protocol MatrixIndex {
    func offset(_ i: Int, _ j: Int) -> Int
}

extension MatrixDesc: MatrixIndex {}

/// `i * rowStride + j * colStride`, the offsets of a row- or column-major `MatrixDesc`.
public struct StridedIndex: MatrixIndex {
    @usableFromInline let rowStride: Int
    @usableFromInline let colStride: Int
    @inlinable public init(_ d: MatrixDesc) {
        rowStride = d.rowStride
        colStride = d.colStride
    }
    @inlinable @inline(__always)
    public func offset(_ i: Int, _ j: Int) -> Int { i &* rowStride &+ j &* colStride }
}
