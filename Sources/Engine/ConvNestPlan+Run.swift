import AccessSink

/// The innermost loop of a direct-convolution nest and the output block around it: what one
/// access model (source-level, promoted, vector) does there. The nest above it is shared.
@usableFromInline protocol ConvInnerLoop {
    associatedtype E: GemmElement
    /// The arrays' first elements.
    var input: UnsafeMutablePointer<E> { get }
    var filter: UnsafeMutablePointer<E> { get }
    var output: UnsafeMutablePointer<E.Acc> { get }
    /// Reads the output element at `o` at the start of a block of reduction loops (one access).
    func blockLoad<S: AccessSink>(_ o: UnsafeMutablePointer<E.Acc>, _ sink: inout S) -> E.Acc
    /// Writes it back at the end of the block (one access).
    func blockStore<S: AccessSink>(_ o: UnsafeMutablePointer<E.Acc>, _ acc: E.Acc, _ sink: inout S)
    /// Runs the innermost loop (level 6) from cursor `c`. Below a block (`B.level` < 7) it adds
    /// into `acc`; with no block (`B.level` 7) every tap reads and writes its output element.
    func innermost<B: ConvBlockLevel, A: ConvAxis, S: AccessSink>(
        _: B.Type, _: A.Type, _ p: ConvNestPlan, _ c: ConvCursor<E>, _ acc: inout E.Acc, _ sink: inout S)
}

extension ConvNestPlan {
    /// Runs the whole nest: six levels of plain counted loops moving one cursor by their fixed
    /// steps (and back by their whole extent when they end), the output read before and written
    /// after the levels `B.level...6`, and `inner`'s innermost loop at the bottom. No per-element
    /// index arithmetic, no arrays, no closures, one cursor live: with a no-op sink this is the
    /// loop nest one writes by hand.
    @inlinable
    func run<B: ConvBlockLevel, A: ConvAxis, I: ConvInnerLoop, S: AccessSink>(
        _: B.Type, _: A.Type, _ inner: I, _ sink: inout S
    ) {
        var g = ConvCursor(
            input: inner.input + start.input, filter: inner.filter + start.filter,
            output: inner.output + start.output, iy: start.iy, ix: start.ix)
        var tg = groupRuns
        while tg > 0 {
            runGroup(B.self, A.self, inner, g, &sink)
            g.advance(dg, ConvAxisAny.self)
            tg &-= 1
        }
    }

    /// The nest's outer levels (a, b, 0 to 3) from cursor `c0` (one group's when the groups run
    /// one after another). Their letters stay run-time values (`ConvAxisAny`): compiled in as
    /// well, for the bundled nests, they made more accesses under Callgrind, not fewer (measured:
    /// NCHW `nkyxcrs` 6.5 M against 5.9 M), the compiler keeping more values live across the
    /// loops. With the block of reduction loops at level 3 (four of them: `C c r s`), the output
    /// element is read before level 3's loop and written after it.
    @inlinable @inline(__always)
    func runGroup<B: ConvBlockLevel, A: ConvAxis, I: ConvInnerLoop, S: AccessSink>(
        _: B.Type, _: A.Type, _ inner: I, _ c0: ConvCursor<I.E>, _ sink: inout S
    ) {
        var c = c0
        var ta = ea
        while ta > 0 {
            var tb = eb
            while tb > 0 {
                var t0 = e0
                while t0 > 0 {
                    var t1 = e1
                    while t1 > 0 {
                        var t2 = e2
                        while t2 > 0 {
                            var acc = I.E.zeroAcc
                            if B.level == 3 { acc = inner.blockLoad(c.output, &sink) }
                            var t3 = e3
                            while t3 > 0 {
                                if S.self == NullSink.self && B.level == 4 {
                                    lowerNative(B.self, ConvAxisAny.self, ConvAxisAny.self, A.self, inner, c)
                                } else {
                                    lower(B.self, ConvAxisAny.self, ConvAxisAny.self, A.self, inner, c, &acc, &sink)
                                }
                                c.advance(d3, ConvAxisAny.self)
                                t3 &-= 1
                            }
                            c.rewind(r3, ConvAxisAny.self)
                            // Level 3's loop is a reduction loop here: the output element is where it was.
                            if B.level == 3 { inner.blockStore(c.output, acc, &sink) }
                            c.advance(d2, ConvAxisAny.self)
                            t2 &-= 1
                        }
                        c.rewind(r2, ConvAxisAny.self)
                        c.advance(d1, ConvAxisAny.self)
                        t1 &-= 1
                    }
                    c.rewind(r1, ConvAxisAny.self)
                    c.advance(d0, ConvAxisAny.self)
                    t0 &-= 1
                }
                c.rewind(r0, ConvAxisAny.self)
                c.advance(db, ConvAxisAny.self)
                tb &-= 1
            }
            c.rewind(rb, ConvAxisAny.self)
            c.advance(da, ConvAxisAny.self)
            ta &-= 1
        }
    }

    /// Levels 4 to 6 from the cursor `c0` (the innermost block of reduction loops opens among
    /// them or, at level 3, above them: then they add into `outer`, the running sum of the block).
    /// They leave the cursor where it was.
    @inlinable @inline(__always)
    func lower<B: ConvBlockLevel, L4: ConvAxis, L5: ConvAxis, A: ConvAxis, I: ConvInnerLoop, S: AccessSink>(
        _: B.Type, _: L4.Type, _: L5.Type, _: A.Type, _ inner: I, _ c0: ConvCursor<I.E>, _ outer: inout I.E.Acc,
        _ sink: inout S
    ) {
        var c = c0
        var acc = B.level == 3 ? outer : I.E.zeroAcc
        if B.level == 4 { acc = inner.blockLoad(c.output, &sink) }
        var t4 = e4
        while t4 > 0 {
            if B.level == 5 { acc = inner.blockLoad(c.output, &sink) }
            var t5 = e5
            while t5 > 0 {
                if B.level == 6 { acc = inner.blockLoad(c.output, &sink) }
                inner.innermost(B.self, A.self, self, c, &acc, &sink)
                if B.level == 6 { inner.blockStore(c.output, acc, &sink) }
                c.advance(d5, L5.self)
                t5 &-= 1
            }
            if B.level == 5 {
                // Level 5, a reduction loop, left the output element where it was; one move
                // returns it and steps level 4 (a rewind and an advance read two steps' fields:
                // NCHW `nkcyxrs` 3x3 made 1.13 times the C nest's accesses, now 1.04).
                inner.blockStore(c.output, acc, &sink)
                c.advance(n4, L4.self, L5.self)
            } else {
                c.rewind(r5, L5.self)
                c.advance(d4, L4.self)
            }
            t4 &-= 1
        }
        // Level 4's loop is a reduction loop here: it left the output element where it was.
        if B.level == 4 { inner.blockStore(c0.output, acc, &sink) }
        if B.level == 3 { outer = acc }
    }

    /// `lower` for the native kernel where the innermost block of reduction loops is levels 4 to 6
    /// (`run` calls it then), out of line: a function of their own keeps more of the three loops'
    /// cursor, counters and steps in registers. Inlined into the whole nest, NCHW `nkyxcrs` 3x3
    /// (64 channels, 6 x 6) made 1.19 times the C nest's Callgrind Dr + Dw, now 0.93; NHWC
    /// `nkyxrsc` 1.03, now 1.01. With the block at level 5 (`nkcyxrs`) one call per run of level
    /// 4 cost more than it saved (measured before `n4`: 1.20 against 1.13 inlined), so that stays
    /// inlined.
    @inlinable @inline(never)
    func lowerNative<B: ConvBlockLevel, L4: ConvAxis, L5: ConvAxis, A: ConvAxis, I: ConvInnerLoop>(
        _: B.Type, _: L4.Type, _: L5.Type, _: A.Type, _ inner: I, _ c: ConvCursor<I.E>
    ) {
        var sink = NullSink()
        var unused = I.E.zeroAcc
        lower(B.self, L4.self, L5.self, A.self, inner, c, &unused, &sink)
    }

    /// Runs the nest with its block level as a type (`blockLevel` is 3, 4, 5, 6 or 7: the
    /// innermost reduction block holds at most the four reduction loops `C c r s`) and, with
    /// `specialised`, its innermost letter's kind too (16 compiled nests; else 5). A block loop
    /// innermost moves what its lane loop moves (`ConvLoop.kind`).
    @inlinable
    func run<I: ConvInnerLoop, S: AccessSink>(_ inner: I, specialised: Bool, _ sink: inout S) {
        guard specialised else {
            switch blockLevel {
            case 3: run(ConvBlockAt3.self, ConvAxisAny.self, inner, &sink)
            case 4: run(ConvBlockAt4.self, ConvAxisAny.self, inner, &sink)
            case 5: run(ConvBlockAt5.self, ConvAxisAny.self, inner, &sink)
            case 6: run(ConvBlockAt6.self, ConvAxisAny.self, inner, &sink)
            default: run(ConvBlockAt7.self, ConvAxisAny.self, inner, &sink)
            }
            return
        }
        switch (blockLevel, innermost) {
        // Dilated r and s move by the dilation, not by the one `ConvAxisR` and `ConvAxisS` say.
        case (3, .r) where dilation != 1, (3, .s) where dilation != 1:
            run(ConvBlockAt3.self, ConvAxisAny.self, inner, &sink)
        case (4, .r) where dilation != 1, (4, .s) where dilation != 1:
            run(ConvBlockAt4.self, ConvAxisAny.self, inner, &sink)
        case (5, .r) where dilation != 1, (5, .s) where dilation != 1:
            run(ConvBlockAt5.self, ConvAxisAny.self, inner, &sink)
        case (6, .r) where dilation != 1, (6, .s) where dilation != 1:
            run(ConvBlockAt6.self, ConvAxisAny.self, inner, &sink)
        case (3, .c): run(ConvBlockAt3.self, ConvAxisC.self, inner, &sink)
        case (3, .r): run(ConvBlockAt3.self, ConvAxisR.self, inner, &sink)
        case (3, _): run(ConvBlockAt3.self, ConvAxisS.self, inner, &sink)
        case (4, .c): run(ConvBlockAt4.self, ConvAxisC.self, inner, &sink)
        case (4, .r): run(ConvBlockAt4.self, ConvAxisR.self, inner, &sink)
        case (4, _): run(ConvBlockAt4.self, ConvAxisS.self, inner, &sink)
        case (5, .c): run(ConvBlockAt5.self, ConvAxisC.self, inner, &sink)
        case (5, .r): run(ConvBlockAt5.self, ConvAxisR.self, inner, &sink)
        case (5, _): run(ConvBlockAt5.self, ConvAxisS.self, inner, &sink)
        case (6, .c): run(ConvBlockAt6.self, ConvAxisC.self, inner, &sink)
        case (6, .r): run(ConvBlockAt6.self, ConvAxisR.self, inner, &sink)
        case (6, _): run(ConvBlockAt6.self, ConvAxisS.self, inner, &sink)
        case (_, .n): run(ConvBlockAt7.self, ConvAxisN.self, inner, &sink)
        // Depthwise k moves the input as well, which `ConvAxisK` says it does not.
        case (_, .k) where fixesNone: run(ConvBlockAt7.self, ConvAxisAny.self, inner, &sink)
        case (_, .k): run(ConvBlockAt7.self, ConvAxisK.self, inner, &sink)
        case (_, .y): run(ConvBlockAt7.self, ConvAxisY.self, inner, &sink)
        default: run(ConvBlockAt7.self, ConvAxisX.self, inner, &sink)
        }
    }
}

extension AccessSink {
    /// One access of the element at `p` of `m`, whose first element is at `base`.
    @inlinable @inline(__always)
    mutating func touchConv<T>(
        _ m: MatrixDesc, _ base: UnsafeMutablePointer<T>, _ p: UnsafeMutablePointer<T>,
        _ kind: AccessKind
    ) {
        touch(m, base.distance(to: p), kind)
    }

    /// One access of `count` consecutive elements of `m` from element `off` (a vector access).
    @inlinable @inline(__always)
    mutating func touchConvRun(_ m: MatrixDesc, _ off: Int, _ count: Int, _ kind: AccessKind) {
        access(
            address: m.address(off), size: UInt32(truncatingIfNeeded: count &* m.elementSize), kind: kind,
            region: m.region.rawValue)
    }

    /// The accesses of `width` lanes of `m` from element `off`, `stride` elements apart: one
    /// vector access when unit-stride, one element access when every lane is the same element
    /// (a broadcast), else one element access per lane, in lane order.
    @inlinable @inline(__always)
    mutating func touchConvLanes(_ m: MatrixDesc, _ off: Int, _ stride: Int, _ width: Int, _ kind: AccessKind) {
        if stride == 1 {
            touchConvRun(m, off, width, kind)
        } else if stride == 0 {
            touch(m, off, kind)
        } else {
            var l = 0, o = off
            while l < width {
                touch(m, o, kind)
                o &+= stride
                l &+= 1
            }
        }
    }
}
