import AccessSink
/// A GEMM problem with its arrays allocated, filled with deterministic values and placed in the
/// simulated address space. `run` executes the variant once through any sink.
public final class GemmWorkload<E: GemmElement> {
    public let shape: GemmShape
    public let variant: GemmVariant
    public let operands: GemmOperands<E>
    @usableFromInline let pack: PackBuffers<E>?
    @usableFromInline let strassen: StrassenBuffers<E>?
    let buffers: Buffers
    /// Every array's (region, base address, bytes), in placement order.
    public let arrays: [(region: Region, base: UInt64, bytes: UInt64)]

    /// Nil when the arrays would not fit the 64-bit address space.
    public init?(shape: GemmShape, variant: GemmVariant, buffers: Buffers = Buffers()) {
        self.shape = shape
        self.variant = variant
        self.buffers = buffers
        let es = MemoryLayout<E>.size, cs = MemoryLayout<E.Acc>.size
        var A = MatrixDesc(
            rows: shape.m, cols: shape.k, layout: variant.layoutA, pad: variant.padA, elementSize: es, region: .a)
        var B = MatrixDesc(
            rows: shape.k, cols: shape.n, layout: variant.layoutB, pad: variant.padB, elementSize: es, region: .b)
        var C = MatrixDesc(
            rows: shape.m, cols: shape.n, layout: variant.layoutC, pad: variant.padC, elementSize: cs, region: .c)
        var space = AddressSpace()
        guard let ba = space.place(bytes: A.bytes), let bb = space.place(bytes: B.bytes),
            let bc = space.place(bytes: C.bytes)
        else { return nil }
        A.base = ba
        B.base = bb
        C.base = bc
        var arrays = [(Region.a, ba, A.bytes), (Region.b, bb, B.bytes), (Region.c, bc, C.bytes)]
        let a = buffers.make(E.self, count: A.storageCount)
        let b = buffers.make(E.self, count: B.storageCount)
        let c = buffers.make(E.Acc.self, count: C.storageCount)
        if buffers.fills {
            for i in 0..<shape.m { for p in 0..<shape.k { a[A.offset(i, p)] = E.sample(i * 31 + p * 7) } }
            for p in 0..<shape.k { for j in 0..<shape.n { b[B.offset(p, j)] = E.sample(p * 13 + j * 5 + 1) } }
        }
        operands = GemmOperands(a: a, b: b, c: c, A: A, B: B, C: C)
        var kernelAlgorithm = variant.algorithm
        if case .strassen(let levels, let base) = variant.algorithm {
            // S, T and M after A, B and C, then BLIS's packing buffers where the base packs.
            let plan = StrassenBuffers<E>.plan(shape, levels: levels)
            var S = MatrixDesc(rows: 1, cols: plan.s, layout: .rowMajor, elementSize: es, region: .strassenS)
            var T = MatrixDesc(rows: 1, cols: plan.t, layout: .rowMajor, elementSize: es, region: .strassenT)
            var M = MatrixDesc(rows: 1, cols: plan.m, layout: .rowMajor, elementSize: cs, region: .strassenM)
            guard let bs = space.place(bytes: S.bytes), let bt = space.place(bytes: T.bytes),
                let bm = space.place(bytes: M.bytes)
            else { return nil }
            (S.base, T.base, M.base) = (bs, bt, bm)
            arrays += [(.strassenS, bs, S.bytes), (.strassenT, bt, T.bytes), (.strassenM, bm, M.bytes)]
            strassen = StrassenBuffers(
                s: buffers.make(E.self, count: plan.s), t: buffers.make(E.self, count: plan.t),
                m: buffers.make(E.Acc.self, count: plan.m), S: S, T: T, M: M, levels: plan.levels)
            kernelAlgorithm = base
        } else {
            strassen = nil
        }
        let packed = PackBuffers<E>.placed(for: kernelAlgorithm, shape, &space, buffers, &arrays)
        guard packed.placed else { return nil }
        pack = packed.buffers
        self.arrays = arrays.map { (region: $0.0, base: $0.1, bytes: $0.2) }
    }

    /// Zeroes C so a run starts from the same state.
    public func resetC() {
        for i in 0..<shape.m { for j in 0..<shape.n { operands.c[operands.C.offset(i, j)] = E.zeroAcc } }
    }

    /// Runs the variant once, C += A·B, reporting every access to `sink`. An instrumented run
    /// calls each kernel as a function of its own: the sink's access is inlined at every access
    /// site, and the kernels inlined into one function for every sink made the release build of
    /// the kit take tens of minutes (GEMM f32 through the simulator alone: 129 s to compile, about
    /// 15 s apart). The native kernel (the no-op sink) is `runNative`.
    @inlinable
    public func run<S: AccessSink>(sink: inout S) {
        if S.self == NullSink.self {
            var native = NullSink()
            return runNative(&native)
        }
        switch variant.algorithm {
        case .naive(let order): Gemm.naive(operands, order: order, model: variant.accesses, sink: &sink)
        case .tiled(let order, let tm, let tn, let tk):
            Gemm.tiled(operands, order: order, tm: tm, tn: tn, tk: tk, model: variant.accesses, sink: &sink)
        case .registerBlocked(let mr, let nr, let kc, let kInner):
            Gemm.registerBlocked(
                operands, mr: mr, nr: nr, kc: kc, kInner: kInner, model: variant.accesses, sink: &sink)
        case .qnnpack(let mr, let nr):
            Gemm.registerBlocked(
                operands, mr: mr, nr: nr, kc: max(shape.k, 1), kInner: true, model: variant.accesses, sink: &sink)
        case .blis(let mr, let nr, let kc, let mc, let nc):
            Gemm.blis(
                operands, packBuffers, mr: mr, nr: nr, kc: kc, mc: mc, nc: nc, model: variant.accesses, sink: &sink)
        case .strassen(_, let base):
            Gemm.strassen(operands, strassen!, pack, base: base, model: variant.accesses, sink: &sink)
        }
    }

    /// The native kernel: the register-blocked, QNNPACK-style and BLIS kernels inlined here, as
    /// before they were split out for instrumented runs. Called out of line, the native twins
    /// made more memory accesses per multiply-add (Callgrind, `NativeKernelTests`, 2026-12-07:
    /// BLIS 4x4 5.46 against 5.26 inlined, QNNPACK 4x8 2.67 against 2.56). The same source.
    @inlinable
    func runNative(_ sink: inout NullSink) {
        let model = variant.accesses
        switch variant.algorithm {
        case .registerBlocked(let mr, let nr, let kc, let kInner):
            Gemm.registerBlockedInline(operands, mr: mr, nr: nr, kc: kc, kInner: kInner, model: model, sink: &sink)
        case .qnnpack(let mr, let nr):
            Gemm.registerBlockedInline(
                operands, mr: mr, nr: nr, kc: max(shape.k, 1), kInner: true, model: model, sink: &sink)
        case .blis(let mr, let nr, let kc, let mc, let nc):
            Gemm.blisInline(operands, packBuffers, mr: mr, nr: nr, kc: kc, mc: mc, nc: nc, model: model, sink: &sink)
        case .naive(let order): Gemm.naive(operands, order: order, model: model, sink: &sink)
        case .tiled(let order, let tm, let tn, let tk):
            Gemm.tiled(operands, order: order, tm: tm, tn: tn, tk: tk, model: model, sink: &sink)
        case .strassen(_, let base): Gemm.strassen(operands, strassen!, pack, base: base, model: model, sink: &sink)
        }
    }

    @usableFromInline var packBuffers: PackBuffers<E> { pack! }

    /// C(i, j) as a Double.
    public func result(_ i: Int, _ j: Int) -> Double { E.toDouble(operands.c[operands.C.offset(i, j)]) }
}
