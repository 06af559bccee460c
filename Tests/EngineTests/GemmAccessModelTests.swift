import AccessSink
import Engine
import Testing

/// Counts per region and kind, and how many accesses had each size in bytes.
struct SizedSink: AccessSink {
    var counts = CountingSink()
    var bySize: [UInt32: UInt64] = [:]
    mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        counts.access(address: address, size: size, kind: kind, region: region)
        bySize[size, default: 0] += 1
    }
    func loads(_ r: Region) -> Int { Int(counts.loads[Int(r.rawValue)]) }
    func stores(_ r: Region) -> Int { Int(counts.stores[Int(r.rawValue)]) }
}

/// The `promote` and `vector` access models (issue 28) of naive and tiled GEMM, counted against
/// formulas worked out by hand from the models' definitions (docs/semantics.md), and their native
/// code (SIMD for vectors) against the plain reference product.
@Suite struct GemmAccessModelTests {
    // Odd sizes: every vector loop has a scalar remainder (n = 11 = 2 x 4 + 3, m = 13 = 3 x 4 + 1).
    static let (m, n, k) = (13, 11, 9)
    static let shape = GemmShape(m: m, n: n, k: k)

    func run(_ v: GemmVariant) -> SizedSink {
        var sink = SizedSink()
        GemmWorkload<Float>(shape: Self.shape, variant: v)!.run(sink: &sink)
        return sink
    }

    /// Promotion, scalar, row-major. Innermost p (ijk, jik): C(i,j) loaded before and stored after
    /// the loop, 2 loads per multiply-add: 2mnk + 2mn. Innermost j (ikj, kij): A(i,p) once per
    /// (i,p), B and C load and C store per element: 3mnk + mk. Innermost i (jki, kji): B(p,j) once
    /// per (p,j): 3mnk + kn.
    @Test(arguments: LoopOrder.allCases)
    func promoteCounts(_ o: LoopOrder) {
        let (m, n, k) = Self.shape.mnk
        let s = run(GemmVariant(algorithm: .naive(o), accesses: AccessModel(promote: true)))
        let mnk = m * n * k
        switch o {
        case .ijk, .jik:
            #expect(s.loads(.a) == mnk && s.loads(.b) == mnk && s.loads(.c) == m * n && s.stores(.c) == m * n)
        case .ikj, .kij:
            #expect(s.loads(.a) == m * k && s.loads(.b) == mnk && s.loads(.c) == mnk && s.stores(.c) == mnk)
        case .jki, .kji:
            #expect(s.loads(.a) == mnk && s.loads(.b) == k * n && s.loads(.c) == mnk && s.stores(.c) == mnk)
        }
        #expect(s.bySize == [4: UInt64(s.counts.total)], "promotion alone keeps every access one element")
    }

    /// Vectors of W = 4 on row-major data. ikj/kij (j unit stride in B and C): per (i,p) row,
    /// floor(n/W) vectors and n mod W scalars, each one B load, one C load, one C store, plus A:
    /// broadcast once per vector or element, or once per row when promoted. The other orders'
    /// innermost loops are a reduction (p) or strided (i), so they stay scalar: 4mnk, or the
    /// promotion counts.
    @Test(arguments: LoopOrder.allCases, [false, true])
    func vectorCounts(_ o: LoopOrder, _ promote: Bool) {
        let (m, n, k) = Self.shape.mnk
        let w = 4
        let s = run(GemmVariant(algorithm: .naive(o), accesses: AccessModel(promote: promote, vector: w)))
        let mnk = m * n * k
        switch o {
        case .ikj, .kij:
            let perRow = n / w + n % w  // 2 + 3 = 5 accesses per operand per row
            #expect(s.loads(.b) == m * k * perRow && s.loads(.c) == m * k * perRow && s.stores(.c) == m * k * perRow)
            #expect(s.loads(.a) == (promote ? m * k : m * k * perRow))
            // 3 vector accesses (16 bytes) per vector, the rest 4-byte.
            #expect(s.bySize[16] == UInt64(3 * m * k * (n / w)))
            #expect(s.bySize[4] == UInt64(s.counts.total) - UInt64(3 * m * k * (n / w)))
        case .ijk, .jik:
            #expect(s.counts.total == UInt64(promote ? 2 * mnk + 2 * m * n : 4 * mnk))
        case .jki, .kji:
            #expect(s.counts.total == UInt64(promote ? 3 * mnk + k * n : 4 * mnk))
        }
    }

    /// Column-major jki and kji: i is unit stride in A and C, so A's and C's columns go in vectors
    /// of W = 8 (13 = 1 x 8 + 5), B(p,j) broadcast: per (p,j) column, (floor(m/W) + m mod W) x 3
    /// accesses, plus one B load (promoted) or one per vector or element.
    @Test(arguments: [LoopOrder.jki, .kji], [false, true])
    func columnMajorVectorCounts(_ o: LoopOrder, _ promote: Bool) {
        let (m, n, k) = Self.shape.mnk
        let w = 8
        let s = run(
            GemmVariant(
                algorithm: .naive(o), layoutA: .colMajor, layoutB: .colMajor, layoutC: .colMajor, padA: 3,
                accesses: AccessModel(promote: promote, vector: w)))
        let perCol = m / w + m % w
        #expect(s.loads(.a) == k * n * perCol && s.loads(.c) == k * n * perCol && s.stores(.c) == k * n * perCol)
        #expect(s.loads(.b) == (promote ? k * n : k * n * perCol))
        #expect(s.bySize[32] == UInt64(3 * k * n * (m / w)))
    }

    /// Tiled ikj, tiles 4 x 5 x 3 (partial tiles at every edge), promoted, vectors of 2: each tile
    /// of ti x tj x tp runs the naive ikj nest, ti * tp rows of (floor(tj/2) + tj mod 2) x 3
    /// accesses plus one A load. Summed over the tile grid.
    @Test func tiledCounts() {
        let (m, n, k) = Self.shape.mnk
        let (tm, tn, tk, w) = (4, 5, 3, 2)
        let s = run(
            GemmVariant(
                algorithm: .tiled(.ikj, tm: tm, tn: tn, tk: tk), accesses: AccessModel(promote: true, vector: w)))
        var expected = 0
        for i0 in stride(from: 0, to: m, by: tm) {
            for j0 in stride(from: 0, to: n, by: tn) {
                for p0 in stride(from: 0, to: k, by: tk) {
                    let (ti, tj, tp) = (min(tm, m - i0), min(tn, n - j0), min(tk, k - p0))
                    expected += ti * tp * ((tj / w + tj % w) * 3 + 1)
                }
            }
        }
        #expect(s.counts.total == UInt64(expected))
        // Tiled ijk promoted: per tile, C loaded and stored once per (i,j): 2mnk + 2mn x (k tiles).
        let t = run(GemmVariant(algorithm: .tiled(.ijk, tm: tm, tn: tn, tk: tk), accesses: AccessModel(promote: true)))
        let kTiles = (k + tk - 1) / tk
        #expect(t.counts.total == UInt64(2 * m * n * k + 2 * m * n * kTiles))
    }

    /// Every model's native code computes the product: all orders, row- and column-major and
    /// blocked layouts, naive and tiled, f32, f64 and i8, vectors of 2 to 64.
    @Test(arguments: [1, 2, 4, 8, 16, 64], [false, true])
    func resultsMatchReference(_ w: Int, _ promote: Bool) {
        let model = AccessModel(promote: promote, vector: w)
        var variants: [GemmVariant] = []
        for o in LoopOrder.allCases {
            variants.append(GemmVariant(algorithm: .naive(o), accesses: model))
            variants.append(
                GemmVariant(
                    algorithm: .naive(o), layoutA: .colMajor, layoutB: .colMajor, layoutC: .colMajor, padC: 2,
                    accesses: model))
            variants.append(GemmVariant(algorithm: .tiled(o, tm: 4, tn: 5, tk: 3), padB: 1, accesses: model))
        }
        variants.append(
            GemmVariant(algorithm: .naive(.ikj), layoutA: .blocked(rows: 4, cols: 4), accesses: model))
        variants.append(
            GemmVariant(
                algorithm: .naive(.jki), layoutB: .blocked(rows: 2, cols: 3), layoutC: .blocked(rows: 3, cols: 3),
                accesses: model))
        for v in variants {
            check(Float.self, v)
            check(Double.self, v)
            check(Int8.self, v)
        }
    }

    /// Exact warping stays exact under every model: the warped simulation of each naive order and
    /// of tiled ikj equals the plain one (counters and final cache state), and a warp fires.
    @Test(arguments: [AccessModel(promote: true), AccessModel(vector: 4), AccessModel(promote: true, vector: 8)])
    func warpingStaysExact(_ model: AccessModel) {
        let levels = WarpMachines.synthetic.first { $0.0 == "lru" }!.1
        var fired = 0
        let shape = GemmShape(m: 32, n: 16, k: 16)
        let variants =
            LoopOrder.allCases.map { GemmVariant(algorithm: .naive($0), accesses: model) }
            + [GemmVariant(algorithm: .tiled(.ikj, tm: 8, tn: 8, tk: 4), accesses: model)]
        for v in variants {
            let o = warpDifferential(shape, v, levels)
            #expect(o.equal, "\(v.algorithm) \(model)")
            if o.warps > 0 { fired += 1 }
        }
        #expect(fired > 0)
    }

    func check<E: GemmElement>(_: E.Type, _ v: GemmVariant) { expectNativeProduct(E.self, v, Self.shape) }
}

extension GemmShape {
    var mnk: (Int, Int, Int) { (m, n, k) }
}
