import AccessSink

extension Gemm {
    /// Strassen's algorithm (Strassen 1969), C += A·B, `levels` deep. Each level splits the even
    /// part of A, B and C into quadrants and forms seven products instead of eight:
    ///
    ///     M1 = (A11 + A22)(B11 + B22)   C11 += M1, C22 += M1
    ///     M2 = (A21 + A22) B11          C21 += M2, C22 -= M2
    ///     M3 = A11 (B12 - B22)          C12 += M3, C22 += M3
    ///     M4 = A22 (B21 - B11)          C11 += M4, C21 += M4
    ///     M5 = (A11 + A12) B22          C11 -= M5, C12 += M5
    ///     M6 = (A21 - A11)(B11 + B12)   C22 += M6
    ///     M7 = (A12 - A22)(B21 + B22)   C11 += M7
    ///
    /// The ten operand sums go to the level's S and T, each product (zeroed first: the kernels
    /// accumulate) to its M, by the next level or, at the last, by `base`; then twelve block updates
    /// of C (the eight additions that combine the products, plus the four accumulations into C).
    /// Per element, a sum loads two and stores one, an update loads C and M and stores C, zeroing
    /// stores M. An odd m, n or k is peeled (dynamic peeling, Huss-Lederman et al. 1996): the core
    /// of even sizes recurses, and `base` adds the last k step to the core's C, then computes the
    /// last column, then the last row. Row- and column-major operands only.
    @inlinable @inline(never)
    public static func strassen<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, _ t: StrassenBuffers<E>, _ pk: PackBuffers<E>?, base: GemmAlgorithm,
        model: AccessModel = .source, sink: inout S
    ) {
        let run = StrassenRun(t: t, pk: pk, base: base, model: model)
        run.multiply(0, GemmView(o.a, o.A), GemmView(o.b, o.B), GemmView(o.c, o.C), &sink)
    }
}

/// One Strassen run's buffers and base kernel.
@usableFromInline struct StrassenRun<E: GemmElement> {
    @usableFromInline let t: StrassenBuffers<E>
    @usableFromInline let pk: PackBuffers<E>?
    @usableFromInline let base: GemmAlgorithm
    @usableFromInline let model: AccessModel

    @inlinable init(t: StrassenBuffers<E>, pk: PackBuffers<E>?, base: GemmAlgorithm, model: AccessModel) {
        (self.t, self.pk, self.base, self.model) = (t, pk, base, model)
    }

    /// c += a·b at recursion depth `l` (0 at the top).
    @inlinable
    func multiply<S: AccessSink>(
        _ l: Int, _ a: GemmView<E>, _ b: GemmView<E>, _ c: GemmView<E.Acc>, _ sink: inout S
    ) {
        guard l < t.levels.count else { return baseMultiply(a, b, c, &sink) }
        let q = t.levels[l], (m, n, k) = (c.d.rows, c.d.cols, a.d.cols)
        let (m2, n2, k2) = (2 * q.m, 2 * q.n, 2 * q.k)
        func A(_ i: Int, _ j: Int) -> GemmView<E> { a.block(i * q.m, j * q.k, q.m, q.k) }
        func B(_ i: Int, _ j: Int) -> GemmView<E> { b.block(i * q.k, j * q.n, q.k, q.n) }
        func C(_ i: Int, _ j: Int) -> GemmView<E.Acc> { c.block(i * q.m, j * q.n, q.m, q.n) }
        let S = temporary(t.s, t.S, q.s, q.m, q.k), T = temporary(t.t, t.T, q.t, q.k, q.n)
        let M = temporary(t.m, t.M, q.p, q.m, q.n)
        func product(_ x: GemmView<E>, _ y: GemmView<E>, _ updates: [(GemmView<E.Acc>, Bool)]) {
            Self.fill(M, &sink)
            multiply(l + 1, x, y, M, &sink)
            for (target, minus) in updates { Self.update(target, M, minus: minus, &sink) }
        }
        Self.sum(S, A(0, 0), A(1, 1), minus: false, &sink)
        Self.sum(T, B(0, 0), B(1, 1), minus: false, &sink)
        product(S, T, [(C(0, 0), false), (C(1, 1), false)])
        Self.sum(S, A(1, 0), A(1, 1), minus: false, &sink)
        product(S, B(0, 0), [(C(1, 0), false), (C(1, 1), true)])
        Self.sum(T, B(0, 1), B(1, 1), minus: true, &sink)
        product(A(0, 0), T, [(C(0, 1), false), (C(1, 1), false)])
        Self.sum(T, B(1, 0), B(0, 0), minus: true, &sink)
        product(A(1, 1), T, [(C(0, 0), false), (C(1, 0), false)])
        Self.sum(S, A(0, 0), A(0, 1), minus: false, &sink)
        product(S, B(1, 1), [(C(0, 0), true), (C(0, 1), false)])
        Self.sum(S, A(1, 0), A(0, 0), minus: true, &sink)
        Self.sum(T, B(0, 0), B(0, 1), minus: false, &sink)
        product(S, T, [(C(1, 1), false)])
        Self.sum(S, A(0, 1), A(1, 1), minus: true, &sink)
        Self.sum(T, B(1, 0), B(1, 1), minus: false, &sink)
        product(S, T, [(C(0, 0), false)])
        // Peeling: the last k step into the core, the last column, the last row.
        if k > k2 { baseMultiply(a.block(0, k2, m2, 1), b.block(k2, 0, 1, n2), c.block(0, 0, m2, n2), &sink) }
        if n > n2 { baseMultiply(a.block(0, 0, m2, k), b.block(0, n2, k, 1), c.block(0, n2, m2, 1), &sink) }
        if m > m2 { baseMultiply(a.block(m2, 0, 1, k), b, c.block(m2, 0, 1, n), &sink) }
    }

    /// A level's temporary: `rows` x `cols`, row-major, from element `off` of its buffer `whole`.
    @inlinable func temporary<T>(
        _ p: UnsafeMutablePointer<T>, _ whole: MatrixDesc, _ off: Int, _ rows: Int, _ cols: Int
    ) -> GemmView<T> {
        var d = MatrixDesc(
            rows: rows, cols: cols, layout: .rowMajor, elementSize: whole.elementSize, region: whole.region)
        d.base = whole.address(off)
        return GemmView(p + off, d)
    }

    /// c += a·b by the base kernel.
    @inlinable
    func baseMultiply<S: AccessSink>(_ a: GemmView<E>, _ b: GemmView<E>, _ c: GemmView<E.Acc>, _ sink: inout S) {
        Gemm.multiply(
            base, GemmOperands(a: a.p, b: b.p, c: c.p, A: a.d, B: b.d, C: c.d), pack: pk, model: model, sink: &sink)
    }

    /// x = y ± z, element by element (load y, load z, store x), row by row.
    @inlinable
    static func sum<S: AccessSink>(
        _ x: GemmView<E>, _ y: GemmView<E>, _ z: GemmView<E>, minus: Bool, _ sink: inout S
    ) {
        for i in 0..<x.d.rows {
            for j in 0..<x.d.cols {
                let oy = y.d.offset(i, j), oz = z.d.offset(i, j), ox = x.d.offset(i, j)
                sink.touch(y.d, oy, .load)
                sink.touch(z.d, oz, .load)
                x.p[ox] = E.sum(y.p[oy], z.p[oz], minus: minus)
                sink.touch(x.d, ox, .store)
            }
        }
    }

    /// c ±= m, element by element (load c, load m, store c), row by row.
    @inlinable
    static func update<S: AccessSink>(_ c: GemmView<E.Acc>, _ m: GemmView<E.Acc>, minus: Bool, _ sink: inout S) {
        for i in 0..<c.d.rows {
            for j in 0..<c.d.cols {
                let oc = c.d.offset(i, j), om = m.d.offset(i, j)
                sink.touch(c.d, oc, .load)
                sink.touch(m.d, om, .load)
                c.p[oc] = E.accSum(c.p[oc], m.p[om], minus: minus)
                sink.touch(c.d, oc, .store)
            }
        }
    }

    /// m = 0 (one store per element), before a product accumulates into it.
    @inlinable
    static func fill<S: AccessSink>(_ m: GemmView<E.Acc>, _ sink: inout S) {
        for i in 0..<m.d.rows {
            for j in 0..<m.d.cols {
                let om = m.d.offset(i, j)
                m.p[om] = E.zeroAcc
                sink.touch(m.d, om, .store)
            }
        }
    }
}
