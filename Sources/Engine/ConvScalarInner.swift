import AccessSink

/// The scalar innermost loop: the source-level stream (`AccessModel.source`) and scalar
/// replacement (`promote: true`). Only the iterations whose taps lie inside the image touch the
/// input and filter (their range is computed once per loop, so no tap tests the padding).
@usableFromInline struct ConvScalarInner<E: GemmElement>: ConvInnerLoop {
    @usableFromInline let input: UnsafeMutablePointer<E>
    @usableFromInline let filter: UnsafeMutablePointer<E>
    @usableFromInline let output: UnsafeMutablePointer<E.Acc>
    @usableFromInline let inD: MatrixDesc
    @usableFromInline let fD: MatrixDesc
    @usableFromInline let outD: MatrixDesc
    /// Scalar replacement: the innermost loop's invariant operand is read once before it.
    @usableFromInline let promote: Bool

    @inlinable init(
        input: UnsafeMutablePointer<E>, filter: UnsafeMutablePointer<E>, output: UnsafeMutablePointer<E.Acc>,
        inD: MatrixDesc, fD: MatrixDesc, outD: MatrixDesc, promote: Bool
    ) {
        self.input = input
        self.filter = filter
        self.output = output
        self.inD = inD
        self.fD = fD
        self.outD = outD
        self.promote = promote
    }

    @inlinable @inline(__always)
    func blockLoad<S: AccessSink>(_ o: UnsafeMutablePointer<E.Acc>, _ sink: inout S) -> E.Acc {
        sink.touchConv(outD, output, o, .load)
        return o.pointee
    }

    @inlinable @inline(__always)
    func blockStore<S: AccessSink>(_ o: UnsafeMutablePointer<E.Acc>, _ acc: E.Acc, _ sink: inout S) {
        o.pointee = acc
        sink.touchConv(outD, output, o, .store)
    }

    @inlinable @inline(__always)
    func innermost<B: ConvBlockLevel, A: ConvAxis, S: AccessSink>(
        _: B.Type, _: A.Type, _ p: ConvNestPlan, _ c: ConvCursor<E>, _ acc: inout E.Acc, _ sink: inout S
    ) {
        let (di, df, dOut) = p.innerStep(A.self)
        if B.level < 7 && A.unitStep {
            // r or s innermost (undilated: `run` passes `ConvAxisAny` for dilated nests): the loop
            // tests each tap's row or column against the image, as a hand-written loop does
            // (cheaper than computing the range for three taps).
            let fixedInside = A.movesRow ? UInt(bitPattern: c.ix) < UInt(p.w) : UInt(bitPattern: c.iy) < UInt(p.h)
            guard fixedInside else { return }
            var v = A.movesRow ? c.iy : c.ix
            let lim = UInt(A.movesRow ? p.h : p.w)
            var pi = c.input, pf = c.filter, t = p.e6
            var a = acc
            while t > 0 {
                if UInt(bitPattern: v) < lim {
                    sink.touchConv(inD, input, pi, .load)
                    sink.touchConv(fD, filter, pf, .load)
                    a = E.mac(a, pi.pointee, pf.pointee)
                }
                pi += di
                pf += df
                v &+= 1
                t &-= 1
            }
            acc = a
            return
        }
        let (lo, hi) = p.inside(A.self, c)
        if B.level < 7 {
            // A reduction loop: the output element is the block's, already in `acc`; promotion
            // changes nothing here (the input and the filter both move). The loop runs until the
            // input pointer reaches its end, as a hand-written pointer loop does.
            guard lo < hi else { return }
            var pi = c.input + lo &* di, pf = c.filter + lo &* df
            let stop = c.input + hi &* di
            var a = acc
            repeat {
                sink.touchConv(inD, input, pi, .load)
                sink.touchConv(fD, filter, pf, .load)
                a = E.mac(a, pi.pointee, pf.pointee)
                pi += di
                pf += df
            } while pi != stop
            acc = a
            return
        }
        // No block: every tap reads and writes its output element; a tap in the padding only that
        // (the native code skips such a pair: it would store the value it read).
        let first = lo < hi ? lo : p.e6, end = lo < hi ? hi : p.e6
        var o = c.output, t0 = 0
        while t0 < first {
            sink.touchConv(outD, output, o, .load)
            sink.touchConv(outD, output, o, .store)
            o += dOut
            t0 &+= 1
        }
        var po = c.output + first &* dOut, pi = c.input + first &* di, pf = c.filter + first &* df
        var t = first
        if promote && first < end && !p.fixesNone {
            // The invariant operand (the input for k innermost, else the filter) read once;
            // depthwise k innermost has none, and runs the source-level loop below.
            if A.known ? A.fixesInput : p.fixesInput {
                sink.touchConv(inD, input, pi, .load)
                let x = pi.pointee
                while t < end {
                    sink.touchConv(outD, output, po, .load)
                    sink.touchConv(fD, filter, pf, .load)
                    po.pointee = E.mac(po.pointee, x, pf.pointee)
                    sink.touchConv(outD, output, po, .store)
                    po += dOut
                    pf += df
                    t &+= 1
                }
            } else {
                sink.touchConv(fD, filter, pf, .load)
                let x = pf.pointee
                while t < end {
                    sink.touchConv(outD, output, po, .load)
                    sink.touchConv(inD, input, pi, .load)
                    po.pointee = E.mac(po.pointee, pi.pointee, x)
                    sink.touchConv(outD, output, po, .store)
                    po += dOut
                    pi += di
                    t &+= 1
                }
            }
        } else {
            while t < end {
                sink.touchConv(outD, output, po, .load)
                sink.touchConv(inD, input, pi, .load)
                sink.touchConv(fD, filter, pf, .load)
                po.pointee = E.mac(po.pointee, pi.pointee, pf.pointee)
                sink.touchConv(outD, output, po, .store)
                po += dOut
                pi += di
                pf += df
                t &+= 1
            }
        }
        while t < p.e6 {
            sink.touchConv(outD, output, po, .load)
            sink.touchConv(outD, output, po, .store)
            po += dOut
            t &+= 1
        }
    }
}
