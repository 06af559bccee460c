import AccessSink

extension ConvWorkload {
    /// QNNPACK's indirect convolution (Dukhan, "The Indirect Convolution Algorithm", 2019), NHWC:
    /// instead of copying the input into an im2col buffer, an indirection buffer holds, for every
    /// output pixel p (all images, row by row) and filter tap t = r·S + s, a pointer to the input
    /// row of C channels the tap reads, or to a zero row of C elements where the tap falls in the
    /// padding. The GEMM out (N·OH·OW x K) += A (N·OH·OW x R·S·C) · F (R·S·C x K, filter `rsck`)
    /// then runs an mr x nr micro-kernel whose A rows come through the buffer.
    ///
    /// Stream: the zero row written (C stores, region `zero`), the buffer written (one pointer
    /// store per pixel and tap, region `indirection`); per block of mb pixels x nb output channels:
    /// the output block loaded; per tap, the block's mb pointers loaded, then per channel c the mb
    /// A elements (input or zero row), then the nb filter elements; the output block stored.
    /// The accumulator sums over taps, then channels, in order (the direct definition's (r, s, c)
    /// order). Grouped, the blocks run group by group (each over its K/G output channels), the
    /// pointers (to a row's first channel) offset by the group's first channel, as QNNPACK's
    /// grouped convolution does; the zero row is C long, so every group's offset stays in it.
    @inlinable @inline(never)
    public func indirect<S: AccessSink>(mr: Int, nr: Int, sink: inout S) {
        let sh = shape, taps = sh.r * sh.s, pixels = sh.n * sh.oh * sh.ow, ch = sh.cg
        let ind = indirection!, zero = zeroRow!
        let indD = indirectionD, zD = zeroD
        for c in 0..<sh.c {
            zero[c] = E.zero
            sink.touch(zD, c, .store)
        }
        var e = 0
        for n in 0..<sh.n {
            for y in 0..<sh.oh {
                for x in 0..<sh.ow {
                    for r in 0..<sh.r {
                        for s in 0..<sh.s {
                            let iy = y * sh.stride + r * sh.dilation - sh.padding
                            let ix = x * sh.stride + s * sh.dilation - sh.padding
                            let inside = iy >= 0 && iy < sh.h && ix >= 0 && ix < sh.w
                            ind[e] = inside ? UnsafePointer(input + inIdx(n, 0, iy, ix)) : UnsafePointer(zero)
                            sink.touch(indD, e, .store)
                            e += 1
                        }
                    }
                }
            }
        }
        let k = sh.k, kg = sh.kg
        withUnsafeTemporaryAllocation(of: E.Acc.self, capacity: mr * nr) { accBuf in
            let acc = accBuf.baseAddress!
            withUnsafeTemporaryAllocation(of: E.self, capacity: mr + nr) { regs in
                let ar = regs.baseAddress!, br = ar + mr
                let rows = UnsafeMutablePointer<UnsafePointer<E>>.allocate(capacity: mr)
                defer { rows.deallocate() }
                let zeroP = UnsafePointer(zero), inputP = UnsafePointer(input)
                for g in 0..<sh.groups {
                    let (gc, gk) = (g * ch, g * kg)
                    for p0 in stride(from: 0, to: pixels, by: mr) {
                        let mb = min(mr, pixels - p0)
                        for k0 in stride(from: gk, to: gk + kg, by: nr) {
                            let nb = min(nr, gk + kg - k0)
                            for i in 0..<mb {
                                for j in 0..<nb {
                                    let o = (p0 + i) * k + k0 + j
                                    sink.touch(outD, o, .load)
                                    acc[i * nr + j] = output[o]
                                }
                            }
                            for t in 0..<taps {
                                let (r, s) = (t / sh.s, t % sh.s)
                                for i in 0..<mb {
                                    let x = (p0 + i) * taps + t
                                    sink.touch(indD, x, .load)
                                    rows[i] = ind[x] + gc
                                }
                                for c in 0..<ch {
                                    for i in 0..<mb {
                                        let row = rows[i]
                                        if row == zeroP + gc {
                                            sink.touch(zD, gc + c, .load)
                                        } else {
                                            sink.touch(inD, inputP.distance(to: row) + c, .load)
                                        }
                                        ar[i] = row[c]
                                    }
                                    for j in 0..<nb {
                                        let f = fIdx(k0 + j, c, r, s)
                                        sink.touch(fD, f, .load)
                                        br[j] = filter[f]
                                    }
                                    for i in 0..<mb {
                                        for j in 0..<nb { acc[i * nr + j] = E.mac(acc[i * nr + j], ar[i], br[j]) }
                                    }
                                }
                            }
                            for i in 0..<mb {
                                for j in 0..<nb {
                                    let o = (p0 + i) * k + k0 + j
                                    output[o] = acc[i * nr + j]
                                    sink.touch(outD, o, .store)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
