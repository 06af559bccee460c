extension Gemm {
    /// Register-blocked GEMM: an mr x nr block of C lives in registers (a local accumulator).
    /// With `kInner` the K loop (in passes of `kc`) runs inside the block: per pass each C element
    /// is loaded and stored once, A is loaded mnk/nr times and B mnk/mr times. Without it the
    /// block is reloaded and stored for every k (K outermost within a pass).
    /// QNNPACK's micro-kernel is this with `kInner` and `kc == k`, on unpacked operands.
    @inlinable
    public static func registerBlocked<E: GemmElement, S: AccessSink>(
        _ o: GemmOperands<E>, mr: Int, nr: Int, kc: Int, kInner: Bool, sink: inout S
    ) {
        let (m, n, k) = (o.m, o.n, o.k)
        let A = o.A, B = o.B, C = o.C, a = o.a, b = o.b, c = o.c
        withUnsafeTemporaryAllocation(of: E.Acc.self, capacity: mr * nr) { accBuf in
            let acc = accBuf.baseAddress!
            withUnsafeTemporaryAllocation(of: E.self, capacity: mr + nr) { regs in
                let ar = regs.baseAddress!, br = ar + mr
                @inline(__always) func block(_ i0: Int, _ j0: Int, _ ps: Range<Int>) {
                    let mb = min(mr, m - i0), nb = min(nr, n - j0)
                    for ii in 0..<mb { for jj in 0..<nb {
                        let co = C.offset(i0 + ii, j0 + jj)
                        sink.touch(C, co, .load); acc[ii * nr + jj] = c[co]
                    } }
                    for p in ps {
                        for ii in 0..<mb { let ao = A.offset(i0 + ii, p); sink.touch(A, ao, .load); ar[ii] = a[ao] }
                        for jj in 0..<nb { let bo = B.offset(p, j0 + jj); sink.touch(B, bo, .load); br[jj] = b[bo] }
                        for ii in 0..<mb { for jj in 0..<nb { acc[ii * nr + jj] = E.mac(acc[ii * nr + jj], ar[ii], br[jj]) } }
                    }
                    for ii in 0..<mb { for jj in 0..<nb {
                        let co = C.offset(i0 + ii, j0 + jj)
                        c[co] = acc[ii * nr + jj]; sink.touch(C, co, .store)
                    } }
                }
                for pc in stride(from: 0, to: k, by: kc) {
                    let pe = min(pc + kc, k)
                    if kInner {
                        for i0 in stride(from: 0, to: m, by: mr) { for j0 in stride(from: 0, to: n, by: nr) { block(i0, j0, pc..<pe) } }
                    } else {
                        for p in pc..<pe {
                            for i0 in stride(from: 0, to: m, by: mr) { for j0 in stride(from: 0, to: n, by: nr) { block(i0, j0, p..<(p + 1)) } }
                        }
                    }
                }
            }
        }
    }
}
