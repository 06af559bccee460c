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
    @usableFromInline let indirectionD: MatrixDesc
    @usableFromInline let zeroD: MatrixDesc
    @usableFromInline let inD: MatrixDesc
    @usableFromInline let fD: MatrixDesc
    @usableFromInline let outD: MatrixDesc
    @usableFromInline let colD: MatrixDesc
    public let arrays: [(region: Region, base: UInt64, bytes: UInt64)]
    /// Element strides of each index in the input and output (activation layout) and the filter.
    @usableFromInline let inS: (n: Int, c: Int, y: Int, x: Int)
    @usableFromInline let outS: (n: Int, k: Int, y: Int, x: Int)
    @usableFromInline let fS: (k: Int, c: Int, r: Int, s: Int)

    let buffers: Buffers

    public init?(shape sh: ConvShape, variant: ConvVariant, buffers: Buffers = Buffers()) {
        shape = sh
        self.variant = variant
        self.buffers = buffers
        let es = MemoryLayout<E>.size, cs = MemoryLayout<E.Acc>.size
        // Flat buffers; the index arithmetic lives in the offset helpers below.
        var i = MatrixDesc(rows: 1, cols: sh.n * sh.c * sh.h * sh.w, layout: .rowMajor, elementSize: es, region: .input)
        var f = MatrixDesc(
            rows: 1, cols: sh.k * sh.c * sh.r * sh.s, layout: .rowMajor, elementSize: es, region: .filter)
        var o = MatrixDesc(
            rows: 1, cols: sh.n * sh.k * sh.oh * sh.ow, layout: .rowMajor, elementSize: cs, region: .output)
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
        switch variant.algorithm {
        case .im2col(let g), .gemm1x1(let g):
            let oneByOne: Bool
            if case .gemm1x1 = variant.algorithm { oneByOne = true } else { oneByOne = false }
            let gs = Self.gemmShape(sh, oneByOne: oneByOne, variant.layout)
            let packed = PackBuffers<E>.placed(for: g, gs, &space, buffers, &arrays)
            guard packed.placed else { return nil }
            pack = packed.buffers
        case .direct, .indirect: pack = nil
        }
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
        if variant.layout == .nchw {
            inS = (sh.c * sh.h * sh.w, sh.h * sh.w, sh.w, 1)
            outS = (sh.k * sh.oh * sh.ow, sh.oh * sh.ow, sh.ow, 1)
        } else {
            inS = (sh.h * sh.w * sh.c, 1, sh.w * sh.c, sh.c)
            outS = (sh.oh * sh.ow * sh.k, 1, sh.ow * sh.k, sh.k)
        }
        fS = variant.filter.strides(k: sh.k, c: sh.c, r: sh.r, s: sh.s)
        self.arrays = arrays.map { (region: $0.0, base: $0.1, bytes: $0.2) }
        input = buffers.make(E.self, count: i.cols)
        filter = buffers.make(E.self, count: f.cols)
        output = buffers.make(E.Acc.self, count: o.cols)
        if buffers.fills {
            for x in 0..<i.cols { input[x] = E.sample(x * 3 + 1) }
            for x in 0..<f.cols { filter[x] = E.sample(x * 5 + 2) }
        }
        col = colCount > 0 ? buffers.make(E.self, count: colCount) : nil
    }

    /// The GEMM of im2col and 1x1-as-GEMM, per call: NCHW im2col K x (OH·OW) x (C·R·S) per image,
    /// NHWC (OH·OW) x K x (C·R·S); 1x1 NCHW K x (H·W) x C per image, NHWC (N·H·W) x K x C.
    public static func gemmShape(_ sh: ConvShape, oneByOne: Bool, _ layout: ConvLayout) -> GemmShape {
        let crs = sh.c * sh.r * sh.s, p = sh.oh * sh.ow, hw = sh.h * sh.w
        switch (oneByOne, layout) {
        case (true, .nchw): return GemmShape(m: sh.k, n: hw, k: sh.c)
        case (true, .nhwc): return GemmShape(m: sh.n * hw, n: sh.k, k: sh.c)
        case (false, .nchw): return GemmShape(m: sh.k, n: p, k: crs)
        case (false, .nhwc): return GemmShape(m: p, n: sh.k, k: crs)
        }
    }

    // Element indices in each layout.
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
    public func result(_ n: Int, _ k: Int, _ y: Int, _ x: Int) -> Double { E.toDouble(output[outIdx(n, k, y, x)]) }

    /// Runs the variant once (output += conv(input, filter)), reporting every access.
    @inlinable
    public func run<S: AccessSink>(sink: inout S) {
        switch variant.algorithm {
        case .direct(let nest): direct(nest, sink: &sink)
        case .im2col(let g): im2colGemm(g, sink: &sink)
        case .gemm1x1(let g): gemm1x1(g, sink: &sink)
        case .indirect(let mr, let nr): indirect(mr: mr, nr: nr, sink: &sink)
        }
    }
}
