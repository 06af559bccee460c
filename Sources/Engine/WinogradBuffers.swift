/// Winograd convolution's buffers, as α² matrices each (one per position of the α x α tile):
/// U, the transformed filter; V, the transformed input tiles; M, their products summed over
/// channels. NCHW: U[e] is K x C, V[e] is C x P and M[e] = U[e]·V[e] is K x P; NHWC: V[e] is
/// P x C, U[e] is C x K and M[e] = V[e]·U[e] is P x K (P tiles over all images).
public struct WinogradBuffers<E: GemmElement> {
    public let u: UnsafeMutablePointer<E>
    public let v: UnsafeMutablePointer<E>
    public let m: UnsafeMutablePointer<E.Acc>
    /// Flat (one row) descriptors of the three buffers.
    public let U: MatrixDesc, V: MatrixDesc, M: MatrixDesc
    /// Tiles per image row and column, and over all images.
    public let tilesY: Int, tilesX: Int, tiles: Int

    /// Places U, V and M (in that order) after what `space` holds, and allocates them.
    static func placed(
        _ tile: WinogradTile, _ sh: ConvShape, _ space: inout AddressSpace, _ buffers: Buffers,
        _ arrays: inout [(Region, UInt64, UInt64)]
    ) -> WinogradBuffers? {
        let (ty, tx) = ((sh.oh + tile.m - 1) / tile.m, (sh.ow + tile.m - 1) / tile.m)
        let e = tile.alpha * tile.alpha, p = sh.n * ty * tx
        let es = MemoryLayout<E>.size, cs = MemoryLayout<E.Acc>.size
        var U = MatrixDesc(rows: 1, cols: e * sh.k * sh.c, layout: .rowMajor, elementSize: es, region: .winogradU)
        var V = MatrixDesc(rows: 1, cols: e * sh.c * p, layout: .rowMajor, elementSize: es, region: .winogradV)
        var M = MatrixDesc(rows: 1, cols: e * sh.k * p, layout: .rowMajor, elementSize: cs, region: .winogradM)
        guard let bu = space.place(bytes: U.bytes), let bv = space.place(bytes: V.bytes),
            let bm = space.place(bytes: M.bytes)
        else { return nil }
        (U.base, V.base, M.base) = (bu, bv, bm)
        arrays += [(.winogradU, bu, U.bytes), (.winogradV, bv, V.bytes), (.winogradM, bm, M.bytes)]
        return WinogradBuffers(
            u: buffers.make(E.self, count: U.cols), v: buffers.make(E.self, count: V.cols),
            m: buffers.make(E.Acc.self, count: M.cols), U: U, V: V, M: M, tilesY: ty, tilesX: tx, tiles: p)
    }

    init(
        u: UnsafeMutablePointer<E>, v: UnsafeMutablePointer<E>, m: UnsafeMutablePointer<E.Acc>, U: MatrixDesc,
        V: MatrixDesc, M: MatrixDesc, tilesY: Int, tilesX: Int, tiles: Int
    ) {
        (self.u, self.v, self.m, self.U, self.V, self.M) = (u, v, m, U, V, M)
        (self.tilesY, self.tilesX, self.tiles) = (tilesY, tilesX, tiles)
    }
}
