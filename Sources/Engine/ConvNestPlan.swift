/// How far one iteration of a direct-convolution loop moves the input, filter and output (in
/// elements) and the input row and column.
@usableFromInline struct ConvStep {
    @usableFromInline var input: Int
    @usableFromInline var filter: Int
    @usableFromInline var output: Int
    @usableFromInline var iy: Int
    @usableFromInline var ix: Int

    @inlinable init(input: Int, filter: Int, output: Int, iy: Int, ix: Int) {
        self.input = input
        self.filter = filter
        self.output = output
        self.iy = iy
        self.ix = ix
    }
}

/// Where a direct-convolution loop nest stands: pointers to the input, filter and output elements
/// at the current loop values, and the input row and column (`iy`, `ix`, which may lie in the
/// padding; the input pointer then points outside the array and is not read). Every loop moves
/// each of them by a fixed step, so the nest advances a cursor by additions instead of
/// recomputing indices per element, and holds no base pointer or offset besides.
@usableFromInline struct ConvCursor<E: GemmElement> {
    @usableFromInline var input: UnsafeMutablePointer<E>
    @usableFromInline var filter: UnsafeMutablePointer<E>
    @usableFromInline var output: UnsafeMutablePointer<E.Acc>
    @usableFromInline var iy: Int
    @usableFromInline var ix: Int

    @inlinable init(
        input: UnsafeMutablePointer<E>, filter: UnsafeMutablePointer<E>, output: UnsafeMutablePointer<E.Acc>,
        iy: Int, ix: Int
    ) {
        self.input = input
        self.filter = filter
        self.output = output
        self.iy = iy
        self.ix = ix
    }

    /// Moves by one iteration of the loop over `A`'s letter, whose step is `d`: only what that
    /// letter moves (all of it for `ConvAxisAny`).
    @inlinable @inline(__always) mutating func advance<A: ConvAxis>(_ d: ConvStep, _: A.Type) {
        if A.movesInput { input += d.input }
        if A.movesFilter { filter += d.filter }
        if A.movesOutput { output += d.output }
        if A.movesRow { iy &+= d.iy }
        if A.movesColumn { ix &+= d.ix }
    }

    /// Moves by `d`, a step of `A`'s loop net of `B`'s whole move (`ConvNestPlan.n4`): the fields
    /// either letter moves.
    @inlinable @inline(__always) mutating func advance<A: ConvAxis, B: ConvAxis>(_ d: ConvStep, _: A.Type, _: B.Type) {
        if A.movesInput || B.movesInput { input += d.input }
        if A.movesFilter || B.movesFilter { filter += d.filter }
        if A.movesOutput || B.movesOutput { output += d.output }
        if A.movesRow || B.movesRow { iy &+= d.iy }
        if A.movesColumn || B.movesColumn { ix &+= d.ix }
    }

    /// Moves back by `d`, the whole extent of `A`'s loop.
    @inlinable @inline(__always) mutating func rewind<A: ConvAxis>(_ d: ConvStep, _: A.Type) {
        if A.movesInput { input -= d.input }
        if A.movesFilter { filter -= d.filter }
        if A.movesOutput { output -= d.output }
        if A.movesRow { iy &-= d.iy }
        if A.movesColumn { ix &-= d.ix }
    }

}

/// Which level opens the innermost block of reduction loops (`ConvLoopNest.reductionStart`), as
/// a type, so the nest is compiled once per block level with no runtime test of it per loop.
@usableFromInline protocol ConvBlockLevel { static var level: Int { get } }
/// The four reduction loops of a blocked nest (`C c r s` in some order) innermost.
@usableFromInline enum ConvBlockAt3: ConvBlockLevel { @inlinable static var level: Int { 3 } }
@usableFromInline enum ConvBlockAt4: ConvBlockLevel { @inlinable static var level: Int { 4 } }
@usableFromInline enum ConvBlockAt5: ConvBlockLevel { @inlinable static var level: Int { 5 } }
@usableFromInline enum ConvBlockAt6: ConvBlockLevel { @inlinable static var level: Int { 6 } }
/// No reduction loop innermost: every tap is its own block.
@usableFromInline enum ConvBlockAt7: ConvBlockLevel { @inlinable static var level: Int { 7 } }

/// The innermost loop's letter as a type, so that what it moves is known at compile time (a
/// loop over s moves the input, the filter and the input column by one, and nothing else).
/// `letter` is the `ConvLoop` raw value (n 0, k 1, y 2, x 3, c 4, r 5, s 6), or -1 for
/// `ConvAxisAny`, which leaves it to the plan's steps at run time. Plain integers, so that
/// nothing here calls into the module at run time.
@usableFromInline protocol ConvAxis { static var letter: Int { get } }
extension ConvAxis {
    @inlinable static var known: Bool { letter >= 0 }
    @inlinable static var movesInput: Bool { letter != 1 }
    @inlinable static var movesFilter: Bool { letter < 0 || letter == 1 || letter >= 4 }
    @inlinable static var movesOutput: Bool { letter < 4 }
    @inlinable static var movesRow: Bool { letter < 0 || letter == 2 || letter == 5 }
    @inlinable static var movesColumn: Bool { letter < 0 || letter == 3 || letter == 6 }
    /// Whether it moves the row or column by exactly one (r, s undilated: `run` uses
    /// `ConvAxisAny` for dilated nests), not by the stride (y, x).
    @inlinable static var unitStep: Bool { letter == 5 || letter == 6 }
    /// Whether the operand it leaves unchanged is the input (k innermost; else the filter or,
    /// for a reduction loop, the output).
    @inlinable static var fixesInput: Bool { letter == 1 }
}
@usableFromInline enum ConvAxisN: ConvAxis { @inlinable static var letter: Int { 0 } }
@usableFromInline enum ConvAxisK: ConvAxis { @inlinable static var letter: Int { 1 } }
@usableFromInline enum ConvAxisY: ConvAxis { @inlinable static var letter: Int { 2 } }
@usableFromInline enum ConvAxisX: ConvAxis { @inlinable static var letter: Int { 3 } }
@usableFromInline enum ConvAxisC: ConvAxis { @inlinable static var letter: Int { 4 } }
@usableFromInline enum ConvAxisR: ConvAxis { @inlinable static var letter: Int { 5 } }
@usableFromInline enum ConvAxisS: ConvAxis { @inlinable static var letter: Int { 6 } }
@usableFromInline enum ConvAxisAny: ConvAxis { @inlinable static var letter: Int { -1 } }

/// A direct-convolution nest laid out for running: each level's extent and per-iteration cursor
/// move, outermost first, with the innermost level (6) and the padding bounds kept apart. The
/// nine levels are `a`, `b` and 0 to 6: the nest as `ConvLoopNest.expanded` gives it, so a
/// seven-letter nest without channel blocks runs its loops at levels 0 to 6 under two levels of
/// one iteration (the block loops `K` and `C`).
@usableFromInline struct ConvNestPlan {
    @usableFromInline let ea: Int, eb: Int
    @usableFromInline let e0: Int, e1: Int, e2: Int, e3: Int, e4: Int, e5: Int, e6: Int
    @usableFromInline let da: ConvStep, db: ConvStep
    @usableFromInline let d0: ConvStep, d1: ConvStep, d2: ConvStep, d3: ConvStep, d4: ConvStep
    @usableFromInline let d5: ConvStep, d6: ConvStep
    /// Each level's whole move (extent times step), to return to where it started.
    @usableFromInline let rb: ConvStep, r0: ConvStep
    @usableFromInline let r1: ConvStep, r2: ConvStep, r3: ConvStep, r5: ConvStep
    /// Level 4's move less level 5's whole move: the one move after a run of level 5 where the
    /// block of reduction loops opens at level 5 (see `lower`).
    @usableFromInline let n4: ConvStep
    /// Grouped convolution with several output channels per group: the groups run one after
    /// another (`groupRuns` of them, each the nest over its k/groups outputs and c/groups inputs),
    /// the cursor moving by `dg` from one to the next. Otherwise one run, and with one output
    /// channel per group (depthwise) the k loop moves the input too (to the next group's inputs),
    /// so k may stand anywhere in the nest.
    @usableFromInline let groupRuns: Int
    @usableFromInline let dg: ConvStep
    /// The input rows and columns between filter taps (the r and s loops' move).
    @usableFromInline let dilation: Int
    /// Whether neither input nor filter stays fixed over the innermost loop: k innermost with
    /// no reduction below it, in depthwise convolution (k moves the input too).
    @usableFromInline let fixesNone: Bool
    /// Where the cursor stands at all loop values 0, from the arrays' first elements (the input
    /// at row and column `-padding`).
    @usableFromInline let start: ConvStep
    /// Input height and width: a tap is inside the image when 0 <= iy < h and 0 <= ix < w.
    @usableFromInline let h: Int, w: Int
    /// Whether the innermost loop leaves the input unchanged (k); else, with no reduction loop
    /// innermost, it leaves the filter (n, y, x); a reduction loop leaves the output.
    @usableFromInline let fixesInput: Bool
    @usableFromInline let blockLevel: Int
    /// The innermost loop's letter.
    @usableFromInline let innermost: ConvLoop

    /// `al`: the arrays' layout (element strides of the input (n, c, y, x), filter (k, c, r, s)
    /// and output (n, k, y, x), a channel's being a lane's where there are channel blocks, and
    /// the blocks' strides).
    /// `model`: the access model, which decides which loops of one iteration may be moved
    /// (`collapsed`).
    @usableFromInline init(_ sh: ConvShape, _ nest: ConvLoopNest, _ al: ConvArrayLayout, model: AccessModel) {
        let (inS, fS, outS, blocks) = (al.inS, al.fS, al.outS, al.blocks)
        let bs = blocks.size
        let st = sh.stride, dl = sh.dilation
        let perGroupK = sh.groups > 1 && sh.kg > 1
        // With one output channel per group, the next k reads the next group's inputs.
        let kInput = sh.groups > 1 && sh.kg == 1 ? sh.cg &* inS.c : 0
        func move(_ l: ConvLoop) -> ConvStep {
            switch l {
            case .n: return ConvStep(input: inS.n, filter: 0, output: outS.n, iy: 0, ix: 0)
            case .k: return ConvStep(input: kInput, filter: fS.k, output: outS.k, iy: 0, ix: 0)
            case .y: return ConvStep(input: st &* inS.y, filter: 0, output: outS.y, iy: st, ix: 0)
            case .x: return ConvStep(input: st &* inS.x, filter: 0, output: outS.x, iy: 0, ix: st)
            case .c: return ConvStep(input: inS.c, filter: fS.c, output: 0, iy: 0, ix: 0)
            case .r: return ConvStep(input: dl &* inS.y, filter: fS.r, output: 0, iy: dl, ix: 0)
            case .s: return ConvStep(input: dl &* inS.x, filter: fS.s, output: 0, iy: 0, ix: dl)
            // Depthwise on channel blocks: the next k block reads the next input block.
            case .kBlock:
                return ConvStep(
                    input: kInput != 0 ? blocks.inC : 0, filter: blocks.fK, output: blocks.outK, iy: 0, ix: 0)
            case .cBlock: return ConvStep(input: blocks.inC, filter: blocks.fC, output: 0, iy: 0, ix: 0)
            }
        }
        func extent(_ l: ConvLoop) -> Int {
            switch l {
            case .n: return sh.n
            case .k: return bs > 1 ? bs : perGroupK ? sh.kg : sh.k
            case .y: return sh.oh
            case .x: return sh.ow
            // Depthwise on channel blocks: one input channel per output, so c (and C) run once.
            case .c: return bs > 1 && sh.groups == 1 ? bs : sh.cg
            case .r: return sh.r
            case .s: return sh.s
            case .kBlock: return bs > 1 ? (sh.k + bs - 1) / bs : 1
            case .cBlock: return bs > 1 && sh.groups == 1 ? (sh.c + bs - 1) / bs : 1
            }
        }
        let x = Self.collapsed(nest.expanded(block: bs), extent, model)
        (ea, eb, da, db) = (extent(x[0]), extent(x[1]), move(x[0]), move(x[1]))
        let l = Array(x[2...])
        (e0, e1, e2, e3, e4, e5, e6) = (
            extent(l[0]), extent(l[1]), extent(l[2]), extent(l[3]), extent(l[4]), extent(l[5]), extent(l[6])
        )
        (d0, d1, d2, d3, d4, d5, d6) = (
            move(l[0]), move(l[1]), move(l[2]), move(l[3]), move(l[4]), move(l[5]), move(l[6])
        )
        func whole(_ l: ConvLoop) -> ConvStep {
            let d = move(l), e = extent(l)
            return ConvStep(
                input: d.input &* e, filter: d.filter &* e, output: d.output &* e, iy: d.iy &* e, ix: d.ix &* e)
        }
        (rb, r0) = (whole(x[1]), whole(l[0]))
        (r1, r2, r3, r5) = (whole(l[1]), whole(l[2]), whole(l[3]), whole(l[5]))
        let (d, r) = (move(l[4]), r5)
        n4 = ConvStep(
            input: d.input &- r.input, filter: d.filter &- r.filter, output: d.output &- r.output, iy: d.iy &- r.iy,
            ix: d.ix &- r.ix)
        let p = sh.padding
        start = ConvStep(input: 0 &- p &* inS.y &- p &* inS.x, filter: 0, output: 0, iy: 0 &- p, ix: 0 &- p)
        h = sh.h
        w = sh.w
        fixesInput = l[6].kind == .k && kInput == 0
        fixesNone = l[6].kind == .k && kInput != 0
        groupRuns = perGroupK ? sh.groups : 1
        dg = ConvStep(
            input: perGroupK ? sh.cg &* inS.c : 0, filter: perGroupK ? sh.kg &* fS.k : 0,
            output: perGroupK ? sh.kg &* outS.k : 0, iy: 0, ix: 0)
        dilation = dl
        var b = l.count
        while b > 0 && l[b - 1].isReduction { b -= 1 }
        blockLevel = b
        innermost = l[6].kind
    }

    /// The nest's loops with those of one iteration (extent 1) moved out of the way where that
    /// leaves the access stream unchanged, so that a 1x1 filter's r and s loops cost nothing:
    /// inside the innermost reduction block they go first (the block still starts where it did and
    /// the taps come in the same order); when the block holds nothing else they go outermost (the
    /// block is then one tap, as every tap is with no reduction loop innermost). A move that would
    /// change the innermost loop is made only where that loop's letter does not matter: never
    /// with vectors, and the second kind only for the source-level stream.
    static func collapsed(_ l: [ConvLoop], _ extent: (ConvLoop) -> Int, _ model: AccessModel) -> [ConvLoop] {
        var b = l.count
        while b > 0 && l[b - 1].isReduction { b -= 1 }
        let trivial = l[b...].filter { extent($0) == 1 }, rest = l[b...].filter { extent($0) != 1 }
        guard !trivial.isEmpty else { return l }
        let innermostTrivial = extent(l[l.count - 1]) == 1
        if !rest.isEmpty {
            if innermostTrivial && model.vector > 1 { return l }
            return Array(l[..<b]) + trivial + rest
        }
        guard model == .source else { return l }
        return trivial + Array(l[..<b])
    }

    /// The iterations `lo..<hi` of the innermost loop, entered at `c`, whose taps lie inside the
    /// image (they are contiguous: the loop moves the row or the column by a positive step, or
    /// neither). Empty as `lo >= hi`.
    @inlinable @inline(__always)
    func inside<A: ConvAxis, E>(_: A.Type, _ c: ConvCursor<E>) -> (lo: Int, hi: Int) {
        var lo = 0, hi = e6
        if !A.movesRow {
            if c.iy < 0 || c.iy >= h { hi = 0 }
        } else if A.unitStep {
            Self.clip(c.iy, 1, h, &lo, &hi)
        } else {
            Self.clip(c.iy, d6.iy, h, &lo, &hi)
        }
        if !A.movesColumn {
            if c.ix < 0 || c.ix >= w { hi = 0 }
        } else if A.unitStep {
            Self.clip(c.ix, 1, w, &lo, &hi)
        } else {
            Self.clip(c.ix, d6.ix, w, &lo, &hi)
        }
        return (lo, hi)
    }

    /// The innermost loop's steps, zero where its letter (when known) moves nothing.
    @inlinable @inline(__always)
    func innerStep<A: ConvAxis>(_: A.Type) -> (input: Int, filter: Int, output: Int) {
        (A.movesInput ? d6.input : 0, A.movesFilter ? d6.filter : 0, A.movesOutput ? d6.output : 0)
    }

    /// Narrows `lo..<hi` to the t with 0 <= v + t·d < lim (d >= 0).
    @inlinable @inline(__always)
    static func clip(_ v: Int, _ d: Int, _ lim: Int, _ lo: inout Int, _ hi: inout Int) {
        if d == 0 {
            if v < 0 || v >= lim { hi = 0 }
        } else if d == 1 {
            if v < 0 && 0 &- v > lo { lo = 0 &- v }
            if lim &- v < hi { hi = lim &- v }
        } else {
            if v < 0 {
                let first = (0 &- v &+ d &- 1) / d
                if first > lo { lo = first }
            }
            let end = v >= lim ? 0 : (lim &- v &+ d &- 1) / d
            if end < hi { hi = end }
        }
    }
}
