import AccessSink

/// The vector innermost loop (`vector: W`): the iterations whose taps lie inside the image run
/// in chunks of W consecutive iterations from the first of them, the remainder as scalar taps.
/// In a chunk each operand is one vector access when the innermost loop walks it with unit
/// stride, one element access when it does not move (a broadcast), else W element accesses; the
/// order is that of a tap (output read, input, filter, output write). With `promote` the
/// operand that does not move is read once before the loop instead of once per chunk and tap.
@usableFromInline struct ConvVectorInner<L: ConvLanes>: ConvInnerLoop {
    @usableFromInline typealias E = L.Element
    @usableFromInline let lanes: L
    @usableFromInline let input: UnsafeMutablePointer<E>
    @usableFromInline let filter: UnsafeMutablePointer<E>
    @usableFromInline let output: UnsafeMutablePointer<E.Acc>
    @usableFromInline let inD: MatrixDesc
    @usableFromInline let fD: MatrixDesc
    @usableFromInline let outD: MatrixDesc
    @usableFromInline let promote: Bool

    @inlinable init(
        _ lanes: L, input: UnsafeMutablePointer<E>, filter: UnsafeMutablePointer<E>,
        output: UnsafeMutablePointer<E.Acc>, inD: MatrixDesc, fD: MatrixDesc, outD: MatrixDesc, promote: Bool
    ) {
        self.lanes = lanes
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
        let (lo, hi) = p.inside(A.self, c)
        let (di, df, dOut) = p.innerStep(A.self)
        let w = lanes.width
        if B.level < 7 {
            // A reduction: the output element is the block's (in `acc`); chunks of input and filter.
            var pi = c.input + lo &* di, pf = c.filter + lo &* df, t = lo
            var a = acc
            if hi &- lo >= w {
                var part = lanes.begin(a)
                if di == 1 && df == 1 {
                    // Both unit-stride (NHWC's channels): the same loop with the strides as
                    // constants, so the compiler keeps nothing else live in it.
                    while hi &- t >= w {
                        sink.touchConvRun(inD, input.distance(to: pi), w, .load)
                        sink.touchConvRun(fD, filter.distance(to: pf), w, .load)
                        lanes.dot(&part, pi, 1, pf, 1)
                        pi += w
                        pf += w
                        t &+= w
                    }
                } else {
                    while hi &- t >= w {
                        sink.touchConvLanes(inD, input.distance(to: pi), di, w, .load)
                        sink.touchConvLanes(fD, filter.distance(to: pf), df, w, .load)
                        lanes.dot(&part, pi, di, pf, df)
                        pi += di &* w
                        pf += df &* w
                        t &+= w
                    }
                }
                a = lanes.end(a, part)
            }
            while t < hi {
                sink.touchConv(inD, input, pi, .load)
                sink.touchConv(fD, filter, pf, .load)
                a = E.mac(a, pi.pointee, pf.pointee)
                pi += di
                pf += df
                t &+= 1
            }
            acc = a
            return
        }
        // No block: the output moves with the loop; one of input and filter does not.
        let first = lo < hi ? lo : p.e6, end = lo < hi ? hi : p.e6
        var po = c.output, t = 0
        while t < first {
            sink.touchConv(outD, output, po, .load)
            sink.touchConv(outD, output, po, .store)
            po += dOut
            t &+= 1
        }
        if first < end && p.fixesNone {
            // Depthwise k innermost: output, input and filter all move, one vector each per chunk.
            var pi = c.input + first &* di, pf = c.filter + first &* df
            po = c.output + first &* dOut
            t = first
            while end &- t >= w {
                sink.touchConvLanes(outD, output.distance(to: po), dOut, w, .load)
                sink.touchConvLanes(inD, input.distance(to: pi), di, w, .load)
                sink.touchConvLanes(fD, filter.distance(to: pf), df, w, .load)
                lanes.fma(po, dOut, pi, di, pf, df)
                sink.touchConvLanes(outD, output.distance(to: po), dOut, w, .store)
                po += dOut &* w
                pi += di &* w
                pf += df &* w
                t &+= w
            }
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
        } else if first < end {
            let fixedIsInput = A.known ? A.fixesInput : p.fixesInput
            let fixed = fixedIsInput ? c.input + first &* di : c.filter + first &* df
            let dm = fixedIsInput ? df : di
            var pm = (fixedIsInput ? c.filter : c.input) + first &* dm
            // Promoted, the fixed operand is read here once; else once per chunk and per tap.
            if promote { touchFixed(fixedIsInput, fixed, &sink) }
            let x = fixed.pointee
            while end &- t >= w {
                sink.touchConvLanes(outD, output.distance(to: po), dOut, w, .load)
                if fixedIsInput {
                    if !promote { touchFixed(true, fixed, &sink) }
                    sink.touchConvLanes(fD, filter.distance(to: pm), dm, w, .load)
                } else {
                    sink.touchConvLanes(inD, input.distance(to: pm), dm, w, .load)
                    if !promote { touchFixed(false, fixed, &sink) }
                }
                lanes.axpy(po, dOut, promote ? x : fixed.pointee, pm, dm)
                sink.touchConvLanes(outD, output.distance(to: po), dOut, w, .store)
                po += dOut &* w
                pm += dm &* w
                t &+= w
            }
            while t < end {
                sink.touchConv(outD, output, po, .load)
                if fixedIsInput {
                    if !promote { touchFixed(true, fixed, &sink) }
                    sink.touchConv(fD, filter, pm, .load)
                } else {
                    sink.touchConv(inD, input, pm, .load)
                    if !promote { touchFixed(false, fixed, &sink) }
                }
                po.pointee = E.mac(po.pointee, pm.pointee, promote ? x : fixed.pointee)
                sink.touchConv(outD, output, po, .store)
                po += dOut
                pm += dm
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

    /// The one access of the operand the loop does not move: the input element or the filter's.
    @inlinable @inline(__always)
    func touchFixed<S: AccessSink>(_ isInput: Bool, _ at: UnsafeMutablePointer<E>, _ sink: inout S) {
        if isInput { sink.touchConv(inD, input, at, .load) } else { sink.touchConv(fD, filter, at, .load) }
    }
}
