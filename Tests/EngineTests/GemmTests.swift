import Testing
import Engine
import AccessSink

/// Collects distinct 64-byte lines touched and counts per region and kind.
struct LineSink: AccessSink {
    var lines = Set<UInt64>()
    var counts = CountingSink()
    mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
        for l in (address >> 6)...((address + UInt64(size) - 1) >> 6) { lines.insert(l) }
        counts.access(address: address, size: size, kind: kind, region: region)
    }
}

/// Plain reference GEMM on the same sample values: C = A·B.
func referenceGemm<E: GemmElement>(_: E.Type, _ s: GemmShape) -> [Double] {
    var out = [Double](repeating: 0, count: s.m * s.n)
    for i in 0..<s.m {
        for j in 0..<s.n {
            var acc = E.zeroAcc
            for p in 0..<s.k { acc = E.mac(acc, E.sample(i * 31 + p * 7), E.sample(p * 13 + j * 5 + 1)) }
            out[i * s.n + j] = E.toDouble(acc)
        }
    }
    return out
}

/// Expects the native run (no-op sink) of `v` on `s` to give `referenceGemm`'s product, element
/// for element; with `sink`, the run through that sink instead (an instrumented run).
func expectNativeProduct<E: GemmElement, S: AccessSink>(
    _: E.Type, _ v: GemmVariant, _ s: GemmShape, sink: S = NullSink(), sourceLocation: SourceLocation = #_sourceLocation
) {
    let w = GemmWorkload<E>(shape: s, variant: v)!
    var sink = sink
    w.run(sink: &sink)
    let ref = referenceGemm(E.self, s)
    var wrong = 0
    for i in 0..<s.m { for j in 0..<s.n where w.result(i, j) != ref[i * s.n + j] { wrong += 1 } }
    #expect(wrong == 0, "\(E.self) \(v)", sourceLocation: sourceLocation)
}

@Suite struct GemmTests {
    static let shape = GemmShape(m: 13, n: 11, k: 9)  // odd sizes exercise every edge path
    static let variants: [GemmVariant] =
        LoopOrder.allCases.map { GemmVariant(algorithm: .naive($0)) } + [
            GemmVariant(
                algorithm: .naive(.jki), layoutA: .colMajor, layoutB: .colMajor, layoutC: .colMajor, padA: 3, padB: 5,
                padC: 1),
            GemmVariant(
                algorithm: .naive(.ikj), layoutA: .blocked(rows: 4, cols: 4), layoutB: .blocked(rows: 2, cols: 8),
                layoutC: .blocked(rows: 3, cols: 3)),
            GemmVariant(algorithm: .tiled(.ikj, tm: 4, tn: 5, tk: 3)),
            GemmVariant(algorithm: .tiled(.kji, tm: 8, tn: 2, tk: 4), padB: 7),
            GemmVariant(algorithm: .registerBlocked(mr: 4, nr: 4, kc: 9, kInner: true)),
            GemmVariant(algorithm: .registerBlocked(mr: 1, nr: 4, kc: 4, kInner: false)),
            GemmVariant(algorithm: .qnnpack(mr: 4, nr: 8)),
            GemmVariant(algorithm: .blis(mr: 4, nr: 4, kc: 4, mc: 8, nc: 8)),
            GemmVariant(algorithm: .blis(mr: 3, nr: 2, kc: 16, mc: 6, nc: 4), layoutA: .colMajor),
        ]

    func check<E: GemmElement>(_: E.Type, _ v: GemmVariant, tolerance: Double) {
        let s = Self.shape
        let w = GemmWorkload<E>(shape: s, variant: v)!
        var sink = NullSink()
        w.run(sink: &sink)
        let ref = referenceGemm(E.self, s)
        for i in 0..<s.m {
            for j in 0..<s.n {
                #expect(abs(w.result(i, j) - ref[i * s.n + j]) <= tolerance, "\(v) at (\(i),\(j))")
            }
        }
    }

    @Test(arguments: variants)
    func resultsMatchReference(_ v: GemmVariant) {
        // Sample values are small integers, so float sums are exact: tolerance 0 for every type.
        check(Float.self, v, tolerance: 0)
        check(Double.self, v, tolerance: 0)
        check(Int8.self, v, tolerance: 0)
    }

    @Test(arguments: LoopOrder.allCases)
    func naivePerformsFourMNKAccesses(_ o: LoopOrder) {
        // mnk loads of A, of B and of C, and mnk stores of C.
        let s = GemmShape(m: 7, n: 5, k: 3), mnk: UInt64 = 7 * 5 * 3
        var sink = CountingSink()
        GemmWorkload<Float>(shape: s, variant: GemmVariant(algorithm: .naive(o)))!.run(sink: &sink)
        #expect(sink.loads[Int(Region.a.rawValue)] == mnk && sink.loads[Int(Region.b.rawValue)] == mnk)
        #expect(sink.loads[Int(Region.c.rawValue)] == mnk && sink.stores[Int(Region.c.rawValue)] == mnk)
        #expect(sink.total == 4 * mnk)
    }

    @Test func registerBlockedCounts() {
        // m, n multiples of mr, nr: A loads mnk/nr, B loads mnk/mr, C one load and one store per
        // element per K pass (k / kc passes).
        let (m, n, k) = (8, 12, 10)
        for (mr, nr, kc) in [(4, 4, 10), (2, 3, 5), (1, 4, 2)] {
            var sink = CountingSink()
            GemmWorkload<Float>(
                shape: GemmShape(m: m, n: n, k: k),
                variant: GemmVariant(algorithm: .registerBlocked(mr: mr, nr: nr, kc: kc, kInner: true)))!.run(
                    sink: &sink)
            let mnk = UInt64(m * n * k), passes = UInt64(k / kc)
            #expect(sink.loads[Int(Region.a.rawValue)] == mnk / UInt64(nr))
            #expect(sink.loads[Int(Region.b.rawValue)] == mnk / UInt64(mr))
            #expect(sink.loads[Int(Region.c.rawValue)] == UInt64(m * n) * passes)
            #expect(sink.stores[Int(Region.c.rawValue)] == UInt64(m * n) * passes)
        }
        // K outside the block: C loaded and stored every k: 2mnk, plus mnk/4 + mnk/4 for 4x4.
        var sink = CountingSink()
        GemmWorkload<Float>(
            shape: GemmShape(m: m, n: n, k: k),
            variant: GemmVariant(algorithm: .registerBlocked(mr: 4, nr: 4, kc: k, kInner: false)))!.run(sink: &sink)
        #expect(sink.total == UInt64(m * n * k) * 2 + UInt64(m * n * k) / 2)
    }

    @Test func blisPackingTraffic() {
        // One panel (kc >= k, mc >= m, nc >= n), mr | m, nr | n: packing reads A and B once and
        // writes packed copies of the same size; the micro-kernel reads them mnk/nr and mnk/mr times.
        let (m, n, k) = (8, 8, 6)
        var sink = CountingSink()
        GemmWorkload<Float>(
            shape: GemmShape(m: m, n: n, k: k),
            variant: GemmVariant(algorithm: .blis(mr: 4, nr: 4, kc: 6, mc: 8, nc: 8)))!.run(sink: &sink)
        #expect(
            sink.loads[Int(Region.a.rawValue)] == UInt64(m * k)
                && sink.stores[Int(Region.packedA.rawValue)] == UInt64(m * k))
        #expect(
            sink.loads[Int(Region.b.rawValue)] == UInt64(k * n)
                && sink.stores[Int(Region.packedB.rawValue)] == UInt64(k * n))
        #expect(sink.loads[Int(Region.packedA.rawValue)] == UInt64(m * n * k / 4))
        #expect(sink.loads[Int(Region.packedB.rawValue)] == UInt64(m * n * k / 4))
    }

    @Test func footprintEqualsArraySizesInLines() {
        // 64x64 f32 row-major arrays are 16 KiB = 256 lines each; a full GEMM touches all three.
        var sink = LineSink()
        GemmWorkload<Float>(shape: GemmShape(m: 64, n: 64, k: 64), variant: GemmVariant(algorithm: .naive(.ikj)))!.run(
            sink: &sink)
        #expect(sink.lines.count == 3 * 256)
    }
}
