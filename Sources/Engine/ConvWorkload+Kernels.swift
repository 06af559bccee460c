import AccessSink
extension ConvWorkload {
    /// Direct convolution in the loop order `nest`. The output element is loaded before and stored
    /// after each execution of the innermost block of reduction loops (kept in a register over it);
    /// with no reduction loop innermost, each tap loads and stores it. A tap loads the input element,
    /// then the filter element; a tap in the padding makes no input or filter access. Native runs
    /// (a no-op sink) compute the same sums in the same order. `variant.accesses` picks the stream:
    /// scalar replacement (`promote`) and vectors along the innermost loop (`vector`), as
    /// docs/semantics.md defines them; the source-level stream by default.
    @inlinable @inline(never)
    public func direct<S: AccessSink>(_ nest: ConvLoopNest, sink: inout S) {
        let model = variant.accesses
        let plan = ConvNestPlan(shape, nest, inS: inS, fS: fS, outS: outS, model: model)
        if S.self == NullSink.self {
            var native = NullSink()
            return directNative(plan, model, &native)
        }
        // An instrumented run: the innermost letter and the lane count stay run-time values (4
        // compiled nests for each inner loop, not 13 and 5 x 4), and the lanes are computed one
        // by one (`ConvScalarLanes`). Each nest is compiled again for every sink, with the sink's
        // access inlined at each of its sites, so the native kernel's specialisations, kept for
        // every sink, made a release build of the kit take tens of minutes. The access stream is
        // the native kernel's (the same nest and inner loops emit it); a float sum over lanes is
        // added in lane order rather than per lane and then across, so its last bits may differ.
        if model.vector > 1 {
            return directVector(plan, ConvScalarLanes<E>(width: model.vector), model.promote, &sink)
        }
        let inner = ConvScalarInner<E>(
            input: input, filter: filter, output: output, inD: inD, fD: fD, outD: outD, promote: model.promote)
        plan.run(inner, specialised: false, &sink)
    }

    /// The native kernel (the no-op sink): the innermost letter compiled in (13 nests) and the
    /// lanes as Swift SIMD vectors where one of that width exists.
    @inlinable @inline(never)
    func directNative(_ plan: ConvNestPlan, _ model: AccessModel, _ sink: inout NullSink) {
        if model.vector > 1 {
            return directVector(plan, width: model.vector, promote: model.promote, sink: &sink)
        }
        let inner = ConvScalarInner<E>(
            input: input, filter: filter, output: output, inD: inD, fD: fD, outD: outD, promote: model.promote)
        plan.run(inner, specialised: true, &sink)
    }

    /// im2col + GEMM, per image. NCHW (Caffe): col is (C·R·S) x (OH·OW), out[k] = F (K x CRS) · col.
    /// NHWC: col is (OH·OW) x (R·S·C), out = col · F (RSC x K). Every col element is written
    /// (zero for padding, without reading the input), N·OH·OW·C·R·S writes in all. The GEMM is
    /// `gemm`, with the variant's access model.
    @inlinable @inline(never)
    public func im2colGemm<S: AccessSink>(_ gemm: GemmAlgorithm, sink: inout S) {
        let sh = shape, col = self.col!
        let crs = sh.c * sh.r * sh.s, p = sh.oh * sh.ow
        let es = MemoryLayout<E>.size, cs = MemoryLayout<E.Acc>.size
        for n in 0..<sh.n {
            for y in 0..<sh.oh {
                for x in 0..<sh.ow {
                    for c in 0..<sh.c {
                        for r in 0..<sh.r {
                            for s in 0..<sh.s {
                                let row = (c * sh.r + r) * sh.s + s, q = y * sh.ow + x
                                let dst = variant.layout == .nchw ? row * p + q : q * crs + (r * sh.s + s) * sh.c + c
                                let iy = y * sh.stride + r - sh.padding, ix = x * sh.stride + s - sh.padding
                                var v = E.zero
                                if iy >= 0 && iy < sh.h && ix >= 0 && ix < sh.w {
                                    let ii = inIdx(n, c, iy, ix)
                                    sink.touch(inD, ii, .load)
                                    v = input[ii]
                                }
                                col[dst] = v
                                sink.touch(colD, dst, .store)
                            }
                        }
                    }
                }
            }
            let imageOut = outD.address(outIdx(n, 0, 0, 0)) - outD.base
            let outPtr = output + Int(imageOut) / cs
            var C: MatrixDesc, A: MatrixDesc, B: MatrixDesc
            let ops: GemmOperands<E>
            if variant.layout == .nchw {
                A = MatrixDesc(rows: sh.k, cols: crs, layout: .rowMajor, elementSize: es, region: .filter)
                A.base = fD.base
                B = MatrixDesc(rows: crs, cols: p, layout: .rowMajor, elementSize: es, region: .im2col)
                B.base = colD.base
                C = MatrixDesc(rows: sh.k, cols: p, layout: .rowMajor, elementSize: cs, region: .output)
                C.base = outD.base + imageOut
                ops = GemmOperands(a: filter, b: col, c: outPtr, A: A, B: B, C: C)
            } else {
                A = MatrixDesc(rows: p, cols: crs, layout: .rowMajor, elementSize: es, region: .im2col)
                A.base = colD.base
                B = MatrixDesc(rows: crs, cols: sh.k, layout: .rowMajor, elementSize: es, region: .filter)
                B.base = fD.base
                C = MatrixDesc(rows: p, cols: sh.k, layout: .rowMajor, elementSize: cs, region: .output)
                C.base = outD.base + imageOut
                ops = GemmOperands(a: col, b: filter, c: outPtr, A: A, B: B, C: C)
            }
            Gemm.multiply(gemm, ops, pack: pack, model: variant.accesses, sink: &sink)
        }
    }

    /// A 1x1 convolution as GEMM on the input itself. NCHW, per image: out (K x HW) = F (K x C) ·
    /// in (C x HW), the reduction walking the input with stride H·W. NHWC: out (NHW x K) =
    /// in (NHW x C) · F (C x K), the reduction unit-stride. The GEMM is `gemm`, with the variant's
    /// access model.
    @inlinable
    public func gemm1x1<S: AccessSink>(_ gemm: GemmAlgorithm, sink: inout S) {
        let sh = shape, hw = sh.h * sh.w
        let es = MemoryLayout<E>.size, cs = MemoryLayout<E.Acc>.size
        if variant.layout == .nchw {
            for n in 0..<sh.n {
                var A = MatrixDesc(rows: sh.k, cols: sh.c, layout: .rowMajor, elementSize: es, region: .filter)
                A.base = fD.base
                var B = MatrixDesc(rows: sh.c, cols: hw, layout: .rowMajor, elementSize: es, region: .input)
                B.base = inD.base + UInt64(n * sh.c * hw * es)
                var C = MatrixDesc(rows: sh.k, cols: hw, layout: .rowMajor, elementSize: cs, region: .output)
                C.base = outD.base + UInt64(n * sh.k * hw * cs)
                Gemm.multiply(
                    gemm,
                    GemmOperands(a: filter, b: input + n * sh.c * hw, c: output + n * sh.k * hw, A: A, B: B, C: C),
                    pack: pack, model: variant.accesses, sink: &sink)
            }
        } else {
            var A = MatrixDesc(rows: sh.n * hw, cols: sh.c, layout: .rowMajor, elementSize: es, region: .input)
            A.base = inD.base
            var B = MatrixDesc(rows: sh.c, cols: sh.k, layout: .rowMajor, elementSize: es, region: .filter)
            B.base = fD.base
            var C = MatrixDesc(rows: sh.n * hw, cols: sh.k, layout: .rowMajor, elementSize: cs, region: .output)
            C.base = outD.base
            Gemm.multiply(
                gemm, GemmOperands(a: input, b: filter, c: output, A: A, B: B, C: C), pack: pack,
                model: variant.accesses, sink: &sink)
        }
    }
}
