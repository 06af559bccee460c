import AccessSink
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
        // The layout test once, outside the loops (see `naive`).
        if o.A.blocked || o.B.blocked || o.C.blocked {
            registerBlockedNest(o, mr, nr, kc, kInner, &sink, o.A, o.B, o.C)
        } else {
            registerBlockedNest(o, mr, nr, kc, kInner, &sink, StridedIndex(o.A), StridedIndex(o.B), StridedIndex(o.C))
        }
    }

    /// `registerBlocked` with element offsets from `X`.
    @inlinable @inline(__always)
    static func registerBlockedNest<E: GemmElement, S: AccessSink, X: MatrixIndex>(
        _ o: GemmOperands<E>, _ mr: Int, _ nr: Int, _ kc: Int, _ kInner: Bool, _ sink: inout S, _ xa: X, _ xb: X,
        _ xc: X
    ) {
        let (m, n, k) = (o.m, o.n, o.k)
        let A = o.A, B = o.B, C = o.C, a = o.a, b = o.b, c = o.c
        withUnsafeTemporaryAllocation(of: E.Acc.self, capacity: mr * nr) { accBuf in
            let acc = accBuf.baseAddress!
            withUnsafeTemporaryAllocation(of: E.self, capacity: mr + nr) { regs in
                let ar = regs.baseAddress!, br = ar + mr
                @inline(__always) func block(_ i0: Int, _ j0: Int, _ ps: Range<Int>, _ sink: inout S) {
                    let mb = min(mr, m - i0), nb = min(nr, n - j0)
                    for ii in 0..<mb {
                        for jj in 0..<nb {
                            let co = xc.offset(i0 + ii, j0 + jj)
                            sink.touch(C, co, .load)
                            acc[ii * nr + jj] = c[co]
                        }
                    }
                    for p in ps {
                        for ii in 0..<mb {
                            let ao = xa.offset(i0 + ii, p)
                            sink.touch(A, ao, .load)
                            ar[ii] = a[ao]
                        }
                        for jj in 0..<nb {
                            let bo = xb.offset(p, j0 + jj)
                            sink.touch(B, bo, .load)
                            br[jj] = b[bo]
                        }
                        for ii in 0..<mb {
                            let av = ar[ii]
                            let row = acc + ii &* nr
                            for jj in 0..<nb { row[jj] = E.mac(row[jj], av, br[jj]) }
                        }
                    }
                    for ii in 0..<mb {
                        for jj in 0..<nb {
                            let co = xc.offset(i0 + ii, j0 + jj)
                            c[co] = acc[ii * nr + jj]
                            sink.touch(C, co, .store)
                        }
                    }
                }
                // The warpable loop is the row-block loop (see `rowBlockLoop`).
                for pc in stride(from: 0, to: k, by: kc) {
                    let pe = min(pc + kc, k)
                    if kInner {
                        sink.warpLoop(rowBlockLoop(o, mr: mr, nr: nr, depth: pe - pc)) { sink, t in
                            for j0 in stride(from: 0, to: n, by: nr) { block(t * mr, j0, pc..<pe, &sink) }
                        }
                    } else {
                        for p in pc..<pe {
                            sink.warpLoop(rowBlockLoop(o, mr: mr, nr: nr, depth: 1)) { sink, t in
                                for j0 in stride(from: 0, to: n, by: nr) { block(t * mr, j0, p..<(p + 1), &sink) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Register-blocked (and QNNPACK-style) GEMM's warpable loop: the row blocks of mr rows,
    /// `depth` k steps each. A full block moves A and C mr rows on and reads the same B; the
    /// partial last block, and any block under a blocked layout of A or C, is not uniform.
    @inlinable
    public static func rowBlockLoop<E: GemmElement>(_ o: GemmOperands<E>, mr: Int, nr: Int, depth: Int) -> WarpLoop {
        let A = o.A, C = o.C
        let perBlock = 2 * mr * nr + depth * (mr + nr)
        return WarpLoop(
            count: (o.m + mr - 1) / mr, uniform: A.blocked || C.blocked ? 0..<0 : 0..<(o.m / mr),
            accessesPerIteration: UInt64((o.n + nr - 1) / nr * perBlock),
            WarpShift(A.region.rawValue, Int64(mr * A.rowStride * A.elementSize)),
            WarpShift(C.region.rawValue, Int64(mr * C.rowStride * C.elementSize)))
    }
}
