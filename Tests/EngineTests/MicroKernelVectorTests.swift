import AccessSink
import Engine
import Testing

/// Bytes moved per region and kind (load, store), for the "same bytes, fewer accesses" check.
struct ByteSink: AccessSink {
    var bytes: [String: UInt64] = [:]
    mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        bytes["\(region) \(kind)", default: 0] += UInt64(size)
    }
}

/// `vector: W` on the register-blocked, QNNPACK-style and BLIS micro-kernels (issue 28): per k step
/// B's row of the block (packed B's for BLIS) is floor(nb / W) vector loads of W x 4 bytes (f32) and
/// nb mod W element loads, A's column stays one element load per row (broadcast), and C's block is
/// loaded and stored row by row in the same vectors where C is row-major (scalar otherwise). The
/// expected counts are worked out here from that definition, block by block, independently of the
/// kernels' code; the native code (SIMD) is checked against the plain reference product.
@Suite struct MicroKernelVectorTests {
    /// Accesses of a row of `n` elements in vectors of `w`: floor(n / w) + n mod w.
    static func row(_ n: Int, _ w: Int) -> Int { n / w + n % w }

    func run(_ shape: GemmShape, _ v: GemmVariant) -> SizedSink {
        var sink = SizedSink()
        GemmWorkload<Float>(shape: shape, variant: v)!.run(sink: &sink)
        return sink
    }

    /// Everything divides (m = 8, n = 16, k = 5, 4 x 8 blocks, W = 4, K inside, one pass): A is
    /// loaded mnk/nr = 80 times (unchanged), B mnk/(mr W) = 40 vector loads (scalar: 160), C's 128
    /// elements mn/W = 32 vector loads and 32 vector stores. Hand figures, then QNNPACK (the same
    /// micro-kernel over the whole K) the same.
    @Test func registerBlockedDividingClosedForm() {
        let shape = GemmShape(m: 8, n: 16, k: 5)
        let model = AccessModel(vector: 4)
        for alg in [GemmAlgorithm.registerBlocked(mr: 4, nr: 8, kc: 5, kInner: true), .qnnpack(mr: 4, nr: 8)] {
            let s = run(shape, GemmVariant(algorithm: alg, accesses: model))
            #expect(s.loads(.a) == 80 && s.loads(.b) == 40, "\(alg)")
            #expect(s.loads(.c) == 32 && s.stores(.c) == 32, "\(alg)")
            #expect(s.bySize == [16: 104, 4: 80], "\(alg): B and C in 16-byte vectors, A in elements")
        }
    }

    /// The register-blocked stream summed block by block: per K pass of depth d, per mb x nb block,
    /// A: d x mb, B: d x row(nb, W) loads (row-major B; nb otherwise), C: mb x row(nb, W) loads and
    /// as many stores (row-major C; mb x nb otherwise). K outside the block (`kinner: false`) is
    /// passes of depth 1.
    static func registerBlockedExpected(
        m: Int, n: Int, k: Int, mr: Int, nr: Int, kc: Int, kInner: Bool, w: Int, bRows: Bool, cRows: Bool
    ) -> (a: Int, b: Int, cLoads: Int, vectors: Int) {
        var a = 0, b = 0, c = 0, vectors = 0
        let depths =
            kInner ? stride(from: 0, to: k, by: kc).map { min(kc, k - $0) } : [Int](repeating: 1, count: k)
        for d in depths {
            for i0 in stride(from: 0, to: m, by: mr) {
                for j0 in stride(from: 0, to: n, by: nr) {
                    let mb = min(mr, m - i0), nb = min(nr, n - j0)
                    a += d * mb
                    b += d * (bRows ? row(nb, w) : nb)
                    c += mb * (cRows ? row(nb, w) : nb)
                    vectors += (bRows ? d * (nb / w) : 0) + (cRows ? 2 * mb * (nb / w) : 0)
                }
            }
        }
        return (a, b, c, vectors)
    }

    /// Odd shape (13 x 11 x 9: partial row and column blocks), W dividing nr (nr = 8, W = 4; the
    /// partial block's 3 columns are 3 scalars) and not dividing it (nr = 6, W = 4: 1 vector and 2
    /// scalars per full row), K inside in passes of 4 (and a partial pass), K outside, QNNPACK.
    @Test(arguments: [(8, 4), (6, 4), (6, 8), (4, 2)])
    func registerBlockedCounts(_ nr: Int, _ w: Int) {
        let (m, n, k) = (13, 11, 9)
        let shape = GemmShape(m: m, n: n, k: k)
        let cases: [(GemmAlgorithm, Int, Bool)] = [
            (.registerBlocked(mr: 4, nr: nr, kc: 4, kInner: true), 4, true),
            (.registerBlocked(mr: 3, nr: nr, kc: k, kInner: false), k, false),
            (.qnnpack(mr: 4, nr: nr), k, true),
        ]
        for (alg, kc, kInner) in cases {
            let mr: Int
            switch alg {
            case .registerBlocked(let r, _, _, _), .qnnpack(let r, _): mr = r
            default: mr = 0
            }
            let s = run(shape, GemmVariant(algorithm: alg, accesses: AccessModel(vector: w)))
            let e = Self.registerBlockedExpected(
                m: m, n: n, k: k, mr: mr, nr: nr, kc: kc, kInner: kInner, w: w, bRows: true, cRows: true)
            #expect(s.loads(.a) == e.a && s.loads(.b) == e.b, "\(alg)")
            #expect(s.loads(.c) == e.cLoads && s.stores(.c) == e.cLoads, "\(alg)")
            #expect(s.bySize[UInt32(4 * w), default: 0] == UInt64(e.vectors), "\(alg)")
            #expect(s.counts.total == UInt64(e.a + e.b + 2 * e.cLoads), "\(alg)")
        }
        // A hand figure for one case: nr = 6, W = 4, qnnpack 4 x 6: column blocks of 6 and 5
        // columns, each row(6, 4) = 1 + 2 = 3 and row(5, 4) = 1 + 1 = 2 accesses; B: 9 k steps x
        // 4 row blocks x (3 + 2) = 180; C: 13 rows x (3 + 2) = 65 loads.
        if nr == 6 && w == 4 {
            let s = run(shape, GemmVariant(algorithm: .qnnpack(mr: 4, nr: 6), accesses: AccessModel(vector: 4)))
            #expect(s.loads(.b) == 180 && s.loads(.c) == 65 && s.stores(.c) == 65 && s.loads(.a) == 13 * 2 * 9)
        }
    }

    /// Other layouts: column-major C keeps its block's loads and stores per element (its rows are
    /// not unit stride) while row-major B's row still goes in vectors; column-major or blocked B
    /// keeps B per element while row-major C's rows go in vectors.
    @Test func registerBlockedOtherLayouts() {
        let (m, n, k, w) = (13, 11, 9, 4)
        let shape = GemmShape(m: m, n: n, k: k)
        let alg = GemmAlgorithm.registerBlocked(mr: 4, nr: 8, kc: k, kInner: true)
        let layouts: [(StorageLayout, StorageLayout, Bool, Bool)] = [
            (.rowMajor, .colMajor, true, false),
            (.colMajor, .rowMajor, false, true),
            (.blocked(rows: 4, cols: 4), .rowMajor, false, true),
        ]
        for (lb, lc, bRows, cRows) in layouts {
            let s = run(
                shape,
                GemmVariant(
                    algorithm: alg, layoutA: .colMajor, layoutB: lb, layoutC: lc, accesses: AccessModel(vector: w)))
            let e = Self.registerBlockedExpected(
                m: m, n: n, k: k, mr: 4, nr: 8, kc: k, kInner: true, w: w, bRows: bRows, cRows: cRows)
            #expect(s.loads(.a) == e.a && s.loads(.b) == e.b, "B \(lb) C \(lc)")
            #expect(s.loads(.c) == e.cLoads && s.stores(.c) == e.cLoads, "B \(lb) C \(lc)")
            #expect(s.bySize[16, default: 0] == UInt64(e.vectors), "B \(lb) C \(lc)")
        }
    }

    /// BLIS 13 x 11 x 9, mr = 4, kc = 5 (passes of 5 and 4), mc = 8 (row blocks of 8 and 5), one
    /// nc panel. Packing stays per element: B n x k loads, A m x k loads, packed B ceil(n / nr) x nr
    /// x k stores, packed A (per pass, per ic block) ceil(mb / mr) x mr x kb stores. Micro-kernel,
    /// per k step: packed A mr element loads, packed B row(nr, W) loads (padding included); C per
    /// block row(nv, W) per row, loads and stores. nr = 6, W = 4: row(6, 4) = 3 (W not dividing nr);
    /// nr = 8, W = 4: row(8, 4) = 2 (dividing).
    @Test(arguments: [(6, 4), (8, 4), (4, 4)])
    func blisCounts(_ nr: Int, _ w: Int) {
        let (m, n, k, mr, kc, mc) = (13, 11, 9, 4, 5, 8)
        let nc = 4 * nr
        let s = run(
            GemmShape(m: m, n: n, k: k),
            GemmVariant(algorithm: .blis(mr: mr, nr: nr, kc: kc, mc: mc, nc: nc), accesses: AccessModel(vector: w)))
        var apStores = 0, apLoads = 0, bpLoads = 0, cAcc = 0, vectors = 0
        let slivers = (n + nr - 1) / nr
        for pc in stride(from: 0, to: k, by: kc) {
            let kb = min(kc, k - pc)
            for ic in stride(from: 0, to: m, by: mc) {
                let mb = min(mc, m - ic)
                let aSlivers = (mb + mr - 1) / mr
                apStores += aSlivers * mr * kb
                for jr in 0..<slivers {
                    let nv = min(nr, n - jr * nr)
                    for ir in 0..<aSlivers {
                        let mv = min(mr, mb - ir * mr)
                        apLoads += kb * mr
                        bpLoads += kb * Self.row(nr, w)
                        cAcc += mv * Self.row(nv, w)
                        vectors += kb * (nr / w) + 2 * mv * (nv / w)
                    }
                }
            }
        }
        #expect(s.loads(.a) == m * k && s.loads(.b) == n * k)
        #expect(s.stores(.packedB) == slivers * nr * k && s.stores(.packedA) == apStores)
        #expect(s.loads(.packedA) == apLoads && s.loads(.packedB) == bpLoads)
        #expect(s.loads(.c) == cAcc && s.stores(.c) == cAcc)
        #expect(s.bySize[UInt32(4 * w), default: 0] == UInt64(vectors))
        // Hand figure, nr = 6, W = 4: 2 B slivers x 4 A slivers (2 per ic block) = 8 micro-kernels
        // per pass, 9 k steps in all, 3 packed-B accesses each: 216; C: 13 rows x (3 + 2) x 2 passes.
        if nr == 6 {
            #expect(s.loads(.packedB) == 216 && s.loads(.c) == 130)
        }
    }

    /// BLIS on column-major B and C: packed B's rows are contiguous whatever B's layout, so still
    /// vectors; column-major C keeps its block per element.
    @Test func blisColumnMajor() {
        let (m, n, k, w) = (8, 8, 4, 4)
        let s = run(
            GemmShape(m: m, n: n, k: k),
            GemmVariant(
                algorithm: .blis(mr: 4, nr: 8, kc: 4, mc: 8, nc: 8), layoutB: .colMajor, layoutC: .colMajor,
                accesses: AccessModel(vector: w)))
        // One pass, 2 micro-kernels of 4 x 8: packed B 4 k steps x 2 vectors each.
        #expect(s.loads(.packedB) == 2 * 4 * 2 && s.bySize[16] == 16)
        #expect(s.loads(.c) == m * n && s.stores(.c) == m * n)
    }

    /// Vectors change how many accesses there are, never which bytes: per region and kind the bytes
    /// moved equal the scalar stream's. And `vector: 1` is the scalar stream.
    @Test(arguments: [2, 4, 8, 64])
    func sameBytesAsScalar(_ w: Int) {
        let shape = GemmShape(m: 13, n: 11, k: 9)
        let algs: [GemmAlgorithm] = [
            .registerBlocked(mr: 4, nr: 6, kc: 4, kInner: true), .registerBlocked(mr: 2, nr: 8, kc: 9, kInner: false),
            .qnnpack(mr: 4, nr: 8), .blis(mr: 4, nr: 6, kc: 5, mc: 8, nc: 12),
        ]
        for alg in algs {
            func bytes(_ model: AccessModel) -> [String: UInt64] {
                var sink = ByteSink()
                let v = GemmVariant(algorithm: alg, accesses: model)
                GemmWorkload<Float>(shape: shape, variant: v)!.run(sink: &sink)
                return sink.bytes
            }
            #expect(bytes(AccessModel(vector: w)) == bytes(.source), "\(alg)")
            let one = run(shape, GemmVariant(algorithm: alg, accesses: AccessModel(vector: 1)))
            let source = run(shape, GemmVariant(algorithm: alg))
            #expect(one.counts.total == source.counts.total && one.bySize == [4: one.counts.total])
        }
    }

    /// The native code (SIMD rows plus the scalar remainder) computes the product: register-blocked
    /// (K inside and outside, partial passes), QNNPACK-style and BLIS, row-, column-major and
    /// blocked operands, f32, f64 and i8, vectors of 2 to 64 (wider than nr: all scalar).
    @Test(arguments: [2, 4, 8, 16, 64])
    func resultsMatchReference(_ w: Int) {
        let model = AccessModel(vector: w)
        let algs: [GemmAlgorithm] = [
            .registerBlocked(mr: 4, nr: 8, kc: 4, kInner: true), .registerBlocked(mr: 3, nr: 6, kc: 9, kInner: false),
            .registerBlocked(mr: 1, nr: 11, kc: 9, kInner: true), .qnnpack(mr: 4, nr: 8), .qnnpack(mr: 2, nr: 6),
            .blis(mr: 4, nr: 8, kc: 5, mc: 8, nc: 16), .blis(mr: 3, nr: 6, kc: 4, mc: 6, nc: 6),
        ]
        let layouts: [(StorageLayout, StorageLayout, StorageLayout)] = [
            (.rowMajor, .rowMajor, .rowMajor), (.colMajor, .rowMajor, .colMajor), (.colMajor, .colMajor, .rowMajor),
            (.blocked(rows: 4, cols: 4), .rowMajor, .blocked(rows: 3, cols: 2)),
        ]
        for alg in algs {
            for (la, lb, lc) in layouts {
                let v = GemmVariant(algorithm: alg, layoutA: la, layoutB: lb, layoutC: lc, padB: 1, accesses: model)
                check(Float.self, v)
                check(Double.self, v)
                check(Int8.self, v)
            }
        }
    }

    /// Exact warping stays exact with vectors: warped and per-access simulation of the
    /// register-blocked and BLIS kernels agree (counters and final state), and a warp fires.
    @Test func warpingStaysExact() {
        let levels = WarpMachines.synthetic.first { $0.0 == "lru" }!.1
        let shape = GemmShape(m: 64, n: 16, k: 16)
        var fired = 0
        for alg in [
            GemmAlgorithm.registerBlocked(mr: 2, nr: 8, kc: 16, kInner: true), .qnnpack(mr: 2, nr: 6),
            .blis(mr: 2, nr: 8, kc: 16, mc: 4, nc: 16),
        ] {
            let o = warpDifferential(shape, GemmVariant(algorithm: alg, accesses: AccessModel(vector: 4)), levels)
            #expect(o.equal, "\(alg)")
            if o.warps > 0 { fired += 1 }
        }
        #expect(fired > 0)
    }

    func check<E: GemmElement>(_: E.Type, _ v: GemmVariant) {
        expectNativeProduct(E.self, v, GemmShape(m: 13, n: 11, k: 9))
    }
}
