/// A rows x cols block of a matrix: its first element and its descriptor (the matrix's strides,
/// the block's first address).
@usableFromInline struct GemmView<T> {
    @usableFromInline let p: UnsafeMutablePointer<T>
    @usableFromInline let d: MatrixDesc

    @inlinable init(_ p: UnsafeMutablePointer<T>, _ d: MatrixDesc) {
        self.p = p
        self.d = d
    }

    /// The block of `rows` x `cols` from (`i`, `j`). Row- and column-major only.
    @inlinable func block(_ i: Int, _ j: Int, _ rows: Int, _ cols: Int) -> GemmView<T> {
        let pad = d.ld - (d.layout == .rowMajor ? cols : rows)
        var sub = MatrixDesc(
            rows: rows, cols: cols, layout: d.layout, pad: pad, elementSize: d.elementSize, region: d.region)
        let off = d.offset(i, j)
        sub.base = d.address(off)
        return GemmView(p + off, sub)
    }
}
