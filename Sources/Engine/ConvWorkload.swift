import AccessSink
/// A convolution with its input, filter, output (and im2col buffer) allocated and placed.
public final class ConvWorkload<E: GemmElement> {
    public let shape: ConvShape
    public let variant: ConvVariant
    @usableFromInline let input: UnsafeMutablePointer<E>
    @usableFromInline let filter: UnsafeMutablePointer<E>
    @usableFromInline let output: UnsafeMutablePointer<E.Acc>

    @usableFromInline let col: UnsafeMutablePointer<E>?
    /// BLIS's packing buffers where the GEMM of im2col or 1x1-as-GEMM is BLIS.
    @usableFromInline let pack: PackBuffers<E>?
    /// Indirect convolution's pointer buffer (one per output pixel and tap) and zero row.
    @usableFromInline let indirection: UnsafeMutablePointer<UnsafePointer<E>>?
    @usableFromInline let zeroRow: UnsafeMutablePointer<E>?
    /// Winograd convolution's transformed filter, input and products.
    @usableFromInline let wino: WinogradBuffers<E>?
    @usableFromInline let indirectionD: MatrixDesc
    @usableFromInline let zeroD: MatrixDesc
    @usableFromInline let inD: MatrixDesc
    @usableFromInline let fD: MatrixDesc
    @usableFromInline let outD: MatrixDesc
    @usableFromInline let colD: MatrixDesc
    public let arrays: [(region: Region, base: UInt64, bytes: UInt64)]
    /// The arrays' layout, channel blocks included.
    public let layout: ConvArrayLayout
    /// Element strides of each index in the input and output (activation layout) and the filter.
    @inlinable var inS: (n: Int, c: Int, y: Int, x: Int) { layout.inS }
    @inlinable var outS: (n: Int, k: Int, y: Int, x: Int) { layout.outS }
    @inlinable var fS: (k: Int, c: Int, r: Int, s: Int) { layout.fS }

    let buffers: Buffers

    public init?(shape sh: ConvShape, variant: ConvVariant, buffers: Buffers = Buffers()) {
        shape = sh
        self.variant = variant
        self.buffers = buffers
        let es = MemoryLayout<E>.size, cs = MemoryLayout<E.Acc>.size
        let al = ConvArrayLayout(sh, variant)
        layout = al
        // Flat buffers; the index arithmetic lives in the offset helpers below.
        var i = MatrixDesc(rows: 1, cols: al.inputCount, layout: .rowMajor, elementSize: es, region: .input)
        var f = MatrixDesc(rows: 1, cols: al.filterCount, layout: .rowMajor, elementSize: es, region: .filter)
        var o = MatrixDesc(rows: 1, cols: al.outputCount, layout: .rowMajor, elementSize: cs, region: .output)
        let colCount: Int
        if case .im2col = variant.algorithm { colCount = sh.oh * sh.ow * sh.c * sh.r * sh.s } else { colCount = 0 }
        var cd = MatrixDesc(rows: 1, cols: colCount, layout: .rowMajor, elementSize: es, region: .im2col)
        var space = AddressSpace()
        guard let bi = space.place(bytes: i.bytes), let bf = space.place(bytes: f.bytes),
            let bo = space.place(bytes: o.bytes)
        else { return nil }
        i.base = bi
        f.base = bf
        o.base = bo
        var arrays = [(Region.input, bi, i.bytes), (Region.filter, bf, f.bytes), (Region.output, bo, o.bytes)]
        if colCount > 0 {
            guard let bc = space.place(bytes: cd.bytes) else { return nil }
            cd.base = bc
            arrays.append((.im2col, bc, cd.bytes))
        }
        var wb: WinogradBuffers<E>? = nil
        switch variant.algorithm {
        case .im2col(let g), .gemm1x1(let g):
            let oneByOne: Bool
            if case .gemm1x1 = variant.algorithm { oneByOne = true } else { oneByOne = false }
            let gs = Self.gemmShape(sh, oneByOne: oneByOne, variant.layout)
            let packed = PackBuffers<E>.placed(for: g, gs, &space, buffers, &arrays)
            guard packed.placed else { return nil }
            pack = packed.buffers
        case .winograd(let tile, let g, _):
            precondition(
                sh.r == 3 && sh.s == 3 && sh.stride == 1 && sh.dilation == 1 && sh.groups == 1,
                "Winograd F(m x m, 3 x 3) takes a 3x3 filter, stride 1, no dilation and one group")
            guard let placed = WinogradBuffers<E>.placed(tile, sh, &space, buffers, &arrays) else { return nil }
            wb = placed
            let packed = PackBuffers<E>.placed(
                for: g, Self.winogradGemmShape(sh, tile, variant.layout), &space, buffers, &arrays)
            guard packed.placed else { return nil }
            pack = packed.buffers
        case .direct, .indirect: pack = nil
        }
        wino = wb
        let pointers = MemoryLayout<UnsafePointer<E>>.stride
        var ind = MatrixDesc(rows: 1, cols: 0, layout: .rowMajor, elementSize: pointers, region: .indirection)
        var zd = MatrixDesc(rows: 1, cols: 0, layout: .rowMajor, elementSize: es, region: .zero)
        if case .indirect = variant.algorithm {
            precondition(variant.layout == .nhwc, "indirect convolution reads NHWC input rows")
            let entries = sh.n * sh.oh * sh.ow * sh.r * sh.s
            ind = MatrixDesc(rows: 1, cols: entries, layout: .rowMajor, elementSize: pointers, region: .indirection)
            zd = MatrixDesc(rows: 1, cols: sh.c, layout: .rowMajor, elementSize: es, region: .zero)
            guard let bi = space.place(bytes: ind.bytes), let bz = space.place(bytes: zd.bytes) else { return nil }
            (ind.base, zd.base) = (bi, bz)
            arrays += [(.indirection, bi, ind.bytes), (.zero, bz, zd.bytes)]
            indirection = buffers.make(UnsafePointer<E>.self, count: entries)
            zeroRow = buffers.make(E.self, count: sh.c)
        } else {
            (indirection, zeroRow) = (nil, nil)
        }
        (indirectionD, zeroD) = (ind, zd)
        inD = i
        fD = f
        outD = o
        colD = cd
        self.arrays = arrays.map { (region: $0.0, base: $0.1, bytes: $0.2) }
        input = buffers.make(E.self, count: i.cols)
        filter = buffers.make(E.self, count: f.cols)
        output = buffers.make(E.Acc.self, count: o.cols)
        col = colCount > 0 ? buffers.make(E.self, count: colCount) : nil
        if buffers.fills { fill() }
    }

    /// The GEMM of im2col and 1x1-as-GEMM, per call: NCHW im2col K x (OH·OW) x (C·R·S) per image,
    /// NHWC (OH·OW) x K x (C·R·S); 1x1 NCHW K x (H·W) x C per image, NHWC (N·H·W) x K x C. Grouped,
    /// per group: K and C are then a group's K/G and C/G.
    public static func gemmShape(_ sh: ConvShape, oneByOne: Bool, _ layout: ConvLayout) -> GemmShape {
        let crs = sh.cg * sh.r * sh.s, p = sh.oh * sh.ow, hw = sh.h * sh.w
        switch (oneByOne, layout) {
        case (true, .nchw): return GemmShape(m: sh.kg, n: hw, k: sh.cg)
        case (true, .nhwc): return GemmShape(m: sh.n * hw, n: sh.kg, k: sh.cg)
        case (false, .nchw): return GemmShape(m: sh.kg, n: p, k: crs)
        case (false, .nhwc): return GemmShape(m: p, n: sh.kg, k: crs)
        }
    }

    /// The GEMM of Winograd convolution, one per tile position: NCHW K x P x C, NHWC P x K x C
    /// (P tiles over all images).
    public static func winogradGemmShape(_ sh: ConvShape, _ tile: WinogradTile, _ layout: ConvLayout) -> GemmShape {
        let p = sh.n * ((sh.oh + tile.m - 1) / tile.m) * ((sh.ow + tile.m - 1) / tile.m)
        return layout == .nchw ? GemmShape(m: sh.k, n: p, k: sh.c) : GemmShape(m: p, n: sh.k, k: sh.c)
    }

    // Element indices in NCHW or NHWC without channel blocks (im2col, gemm1x1, indirect and Winograd
    // refuse blocks); `layout` gives every layout's.
    @inlinable @inline(__always) public func inIdx(_ n: Int, _ c: Int, _ y: Int, _ x: Int) -> Int {
        n &* inS.n &+ c &* inS.c &+ y &* inS.y &+ x &* inS.x
    }
    @inlinable @inline(__always) public func fIdx(_ k: Int, _ c: Int, _ r: Int, _ s: Int) -> Int {
        k &* fS.k &+ c &* fS.c &+ r &* fS.r &+ s &* fS.s
    }
    @inlinable @inline(__always) public func outIdx(_ n: Int, _ k: Int, _ y: Int, _ x: Int) -> Int {
        n &* outS.n &+ k &* outS.k &+ y &* outS.y &+ x &* outS.x
    }

    /// Output (n, k, y, x) as a Double, whatever the layout.
    public func result(_ n: Int, _ k: Int, _ y: Int, _ x: Int) -> Double {
        E.toDouble(output[layout.output(n, k, y, x)])
    }

    /// The sample values: input element i is `sample(3i + 1)`, filter element i `sample(5i + 2)`,
    /// by flat index; the lanes that pad channels to a whole block stay zero.
    func fill() {
        let sh = shape
        for n in 0..<sh.n {
            for c in 0..<sh.c {
                for y in 0..<sh.h {
                    for x in 0..<sh.w {
                        let i = layout.input(n, c, y, x)
                        input[i] = E.sample(i * 3 + 1)
                    }
                }
            }
        }
        for k in 0..<sh.k {
            for c in 0..<sh.cg {
                for r in 0..<sh.r {
                    for s in 0..<sh.s {
                        let i = layout.filter(k, c, r, s)
                        filter[i] = E.sample(i * 5 + 2)
                    }
                }
            }
        }
    }

    /// Runs the variant once (output += conv(input, filter)), reporting every access.
    @inlinable
    public func run<S: AccessSink>(sink: inout S) {
        switch variant.algorithm {
        case .direct(let nest): direct(nest, sink: &sink)
        case .im2col(let g): im2colGemm(g, sink: &sink)
        case .gemm1x1(let g): gemm1x1(g, sink: &sink)
        case .indirect(let mr, let nr): indirect(mr: mr, nr: nr, sink: &sink)
        case .winograd(let tile, let g, let pre): winograd(tile, g, precomputed: pre, sink: &sink)
        }
    }
}
