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
        let plan = ConvNestPlan(shape, nest, layout, model: model)
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
    /// `gemm`, with the variant's access model. Grouped, each image runs one GEMM per group on
    /// its group's part of col, filter and output (as Caffe does): NCHW col's rows are the groups'
    /// (c, r, s) in turn; NHWC col's row holds each group's (r, s, c) in turn, so a group's part
    /// is a P x R·S·(C/G) submatrix with the whole row as its leading dimension.
    @inlinable @inline(never)
    public func im2colGemm<S: AccessSink>(_ gemm: GemmAlgorithm, sink: inout S) {
        let sh = shape, col = self.col!
        let crs = sh.c * sh.r * sh.s, p = sh.oh * sh.ow, cg = sh.cg, kg = sh.kg, gcrs = cg * sh.r * sh.s
        let es = MemoryLayout<E>.size, cs = MemoryLayout<E.Acc>.size
        for n in 0..<sh.n {
            for y in 0..<sh.oh {
                for x in 0..<sh.ow {
                    for c in 0..<sh.c {
                        for r in 0..<sh.r {
                            for s in 0..<sh.s {
                                let row = (c * sh.r + r) * sh.s + s, q = y * sh.ow + x
                                let (g, cl) = (c / cg, c % cg)
                                let dst =
                                    variant.layout == .nchw
                                    ? row * p + q : q * crs + g * gcrs + (r * sh.s + s) * cg + cl
                                let iy = y * sh.stride + r * sh.dilation - sh.padding
                                let ix = x * sh.stride + s * sh.dilation - sh.padding
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
            let imageOut = outIdx(n, 0, 0, 0)
            for g in 0..<sh.groups {
                let ops: GemmOperands<E>
                if variant.layout == .nchw {
                    let (fo, bo, co) = (g * kg * gcrs, g * gcrs * p, imageOut + g * kg * p)
                    ops = GemmOperands(
                        a: filter + fo, b: col + bo, c: output + co,
                        A: Self.sub(fD, rows: kg, cols: gcrs, ld: gcrs, at: fo, es),
                        B: Self.sub(colD, rows: gcrs, cols: p, ld: p, at: bo, es),
                        C: Self.sub(outD, rows: kg, cols: p, ld: p, at: co, cs))
                } else {
                    let (ao, fo, co) = (g * gcrs, g * kg, imageOut + g * kg)
                    ops = GemmOperands(
                        a: col + ao, b: filter + fo, c: output + co,
                        A: Self.sub(colD, rows: p, cols: gcrs, ld: crs, at: ao, es),
                        B: Self.sub(fD, rows: gcrs, cols: kg, ld: sh.k, at: fo, es),
                        C: Self.sub(outD, rows: p, cols: kg, ld: sh.k, at: co, cs))
                }
                Gemm.multiply(gemm, ops, pack: pack, model: variant.accesses, sink: &sink)
            }
        }
    }

    /// A row-major `rows x cols` matrix with leading dimension `ld`, from element `at` of the
    /// flat array `m` (its region and base).
    @inlinable
    static func sub(_ m: MatrixDesc, rows: Int, cols: Int, ld: Int, at: Int, _ size: Int) -> MatrixDesc {
        var d = MatrixDesc(
            rows: rows, cols: cols, layout: .rowMajor, pad: ld - cols, elementSize: size, region: m.region)
        d.base = m.address(at)
        return d
    }

    /// A 1x1 convolution as GEMM on the input itself. NCHW, per image: out (K x HW) = F (K x C) ·
    /// in (C x HW), the reduction walking the input with stride H·W. NHWC: out (NHW x K) =
    /// in (NHW x C) · F (C x K), the reduction unit-stride. The GEMM is `gemm`, with the variant's
    /// access model. Grouped, one GEMM per group (and image, NCHW) on its channels: NHWC's operands
    /// are then submatrices with the whole row (C or K) as leading dimension.
    @inlinable
    public func gemm1x1<S: AccessSink>(_ gemm: GemmAlgorithm, sink: inout S) {
        let sh = shape, hw = sh.h * sh.w, cg = sh.cg, kg = sh.kg
        let es = MemoryLayout<E>.size, cs = MemoryLayout<E.Acc>.size
        if variant.layout == .nchw {
            for n in 0..<sh.n {
                for g in 0..<sh.groups {
                    let (fo, io, oo) = (g * kg * cg, (n * sh.c + g * cg) * hw, (n * sh.k + g * kg) * hw)
                    Gemm.multiply(
                        gemm,
                        GemmOperands(
                            a: filter + fo, b: input + io, c: output + oo,
                            A: Self.sub(fD, rows: kg, cols: cg, ld: cg, at: fo, es),
                            B: Self.sub(inD, rows: cg, cols: hw, ld: hw, at: io, es),
                            C: Self.sub(outD, rows: kg, cols: hw, ld: hw, at: oo, cs)),
                        pack: pack, model: variant.accesses, sink: &sink)
                }
            }
        } else {
            let rows = sh.n * hw
            for g in 0..<sh.groups {
                let (io, fo) = (g * cg, g * kg)
                Gemm.multiply(
                    gemm,
                    GemmOperands(
                        a: input + io, b: filter + fo, c: output + fo,
                        A: Self.sub(inD, rows: rows, cols: cg, ld: sh.c, at: io, es),
                        B: Self.sub(fD, rows: cg, cols: kg, ld: sh.k, at: fo, es),
                        C: Self.sub(outD, rows: rows, cols: kg, ld: sh.k, at: fo, cs)),
                    pack: pack, model: variant.accesses, sink: &sink)
            }
        }
    }
}
