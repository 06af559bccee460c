import AccessSink

extension Gemm {
    /// C += A·B on `o` by `algorithm`, any but Strassen: the GEMM a convolution's im2col or 1x1
    /// calls, and Strassen's base. BLIS packs into `pack` (sized for the largest call). The
    /// native twin (the no-op sink) takes each kernel's own native paths.
    @inlinable
    public static func multiply<E: GemmElement, S: AccessSink>(
        _ algorithm: GemmAlgorithm, _ o: GemmOperands<E>, pack: PackBuffers<E>?, model: AccessModel, sink: inout S
    ) {
        switch algorithm {
        case .naive(let order): naive(o, order: order, model: model, sink: &sink)
        case .tiled(let order, let tm, let tn, let tk):
            tiled(o, order: order, tm: min(tm, o.m), tn: min(tn, o.n), tk: min(tk, o.k), model: model, sink: &sink)
        case .registerBlocked(let mr, let nr, let kc, let kInner):
            registerBlocked(o, mr: mr, nr: nr, kc: min(kc, o.k), kInner: kInner, model: model, sink: &sink)
        case .qnnpack(let mr, let nr):
            registerBlocked(o, mr: mr, nr: nr, kc: max(o.k, 1), kInner: true, model: model, sink: &sink)
        case .blis(let mr, let nr, let kc, let mc, let nc):
            blis(o, pack!, mr: mr, nr: nr, kc: kc, mc: mc, nc: nc, model: model, sink: &sink)
        case .strassen: preconditionFailure("Strassen is not a base or convolution GEMM (refused by the configuration)")
        }
    }
}
