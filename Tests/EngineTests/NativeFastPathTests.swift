import AccessSink
import Testing

@testable import Engine

/// The native kernel's own code paths (issue 28): the register tile of the register-blocked,
/// QNNPACK-style and BLIS micro-kernels, the axpy loops of the naive orders and BLIS's strided
/// packing copy. Each against a plain reference written here, and each checked to have run.
@Suite struct NativeFastPathTests {
    /// A deterministic value in -3...3 (small integers: float sums are exact, so results compare
    /// with ==).
    static func value(_ i: Int) -> Double { Double((i &* 7 &+ 3) % 7) - 3 }

    /// The tile on an `rows` x `cols` block with A(ii, p) at `ii * aRow + p * aStep`, B(p, jj) at
    /// `p * bStep + jj` and C(ii, jj) at `ii * cRow + jj`, against C(ii, jj) += sum over p of
    /// A(ii, p) B(p, jj), in p order, computed here element by element. Returns whether it ran.
    static func tileMatches<T: BinaryFloatingPoint & GemmElement>(
        _: T.Type, rows: Int, cols: Int, depth: Int
    ) -> (ran: Bool, same: Bool) where T.Acc == T {
        let aRow = depth + 3, aStep = 1, bStep = cols + 5, cRow = cols + 2
        let a = (0..<(rows * aRow + depth)).map { T(value($0)) }
        let b = (0..<(depth * bStep + cols)).map { T(value($0 &* 5 &+ 1)) }
        var c = (0..<(rows * cRow + cols)).map { T(value($0 &* 3 &+ 2)) }
        var expected = c
        for ii in 0..<rows {
            for jj in 0..<cols {
                var s = expected[ii * cRow + jj]
                for p in 0..<depth { s += a[ii * aRow + p * aStep] * b[p * bStep + jj] }
                expected[ii * cRow + jj] = s
            }
        }
        let ran = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    RegisterTile.run(
                        rows: rows, cols: cols, a: pa.baseAddress!, aRow: aRow, aStep: aStep, b: pb.baseAddress!,
                        bStep: bStep, c: pc.baseAddress!, cRow: cRow, depth: depth)
                }
            }
        }
        return (ran, c == expected)
    }

    @Test func registerTileComputesEveryShapeItHas() {
        for rows in 1...8 {
            for cols in [4, 8, 16] {
                let r = Self.tileMatches(Float.self, rows: rows, cols: cols, depth: 11)
                #expect(r.ran && r.same, "f32 \(rows) x \(cols)")
            }
            for cols in [2, 4, 8] {
                let r = Self.tileMatches(Double.self, rows: rows, cols: cols, depth: 7)
                #expect(r.ran && r.same, "f64 \(rows) x \(cols)")
            }
        }
        // Depth 0 leaves C as it was.
        let empty = Self.tileMatches(Float.self, rows: 4, cols: 8, depth: 0)
        #expect(empty.ran && empty.same)
    }

    @Test func registerTileDeclinesShapesItLacks() {
        // Nine rows, a width of 3 or 32, and f64 at 16 have no tile: nothing runs, C is untouched.
        for (rows, cols) in [(9, 4), (4, 3), (4, 32)] {
            let r = Self.tileMatches(Float.self, rows: rows, cols: cols, depth: 5)
            #expect(!r.ran && r.same, "f32 \(rows) x \(cols)")
        }
        let d = Self.tileMatches(Double.self, rows: 4, cols: 16, depth: 5)
        #expect(!d.ran && d.same)
        // int8 (its accumulator is Int32) has none.
        var c = [Int32](repeating: 1, count: 16)
        let a = [Int8](repeating: 2, count: 16), b = [Int8](repeating: 3, count: 16)
        let ran = c.withUnsafeMutableBufferPointer { pc in
            RegisterTile.run(
                rows: 4, cols: 4, a: a.withUnsafeBufferPointer { $0.baseAddress! }, aRow: 4, aStep: 1,
                b: b.withUnsafeBufferPointer { $0.baseAddress! }, bStep: 4, c: pc.baseAddress!, cRow: 4, depth: 4)
        }
        #expect(!ran && c.allSatisfy { $0 == 1 })
    }

    /// Native runs whose full blocks the tile takes, and whose edges (m = 19, n = 21 leave partial
    /// blocks for every mr and nr here) the general block code takes: the product equals
    /// `referenceGemm`'s element for element, f32 and f64. The shapes the tile has are the ones
    /// `registerTileComputesEveryShapeItHas` shows it runs.
    @Test(arguments: [
        GemmAlgorithm.registerBlocked(mr: 4, nr: 4, kc: 7, kInner: true),
        .registerBlocked(mr: 6, nr: 8, kc: 5, kInner: false),
        .registerBlocked(mr: 8, nr: 16, kc: 23, kInner: true),
        .qnnpack(mr: 4, nr: 8), .qnnpack(mr: 1, nr: 4), .qnnpack(mr: 3, nr: 2),
        .blis(mr: 4, nr: 4, kc: 6, mc: 8, nc: 12), .blis(mr: 8, nr: 8, kc: 32, mc: 16, nc: 16),
        .blis(mr: 5, nr: 2, kc: 4, mc: 10, nc: 6),
    ])
    func nativeRegisterTileKernelsGiveTheProduct(_ alg: GemmAlgorithm) {
        let s = GemmShape(m: 19, n: 21, k: 13)
        for layoutB in [StorageLayout.rowMajor, .colMajor] {
            let v = GemmVariant(algorithm: alg, layoutB: layoutB, padA: 1, padC: 3)
            expectNativeProduct(Float.self, v, s)
            expectNativeProduct(Double.self, v, s)
        }
    }

    /// The axpy orders natively (`nativeAxpy`), row-major (ikj, kij) and column-major (jki, kji),
    /// with padding and inside tiles (a tile's index ranges start past 0).
    @Test(arguments: LoopOrder.allCases)
    func nativeAxpyOrdersGiveTheProduct(_ o: LoopOrder) {
        let s = GemmShape(m: 19, n: 21, k: 13)
        for layout in [StorageLayout.rowMajor, .colMajor] {
            let naive = GemmVariant(
                algorithm: .naive(o), layoutA: layout, layoutB: layout, layoutC: layout, padA: 2, padB: 1, padC: 3)
            expectNativeProduct(Float.self, naive, s)
            let tiled = GemmVariant(
                algorithm: .tiled(o, tm: 5, tn: 8, tk: 4), layoutA: layout, layoutB: layout, layoutC: layout)
            expectNativeProduct(Double.self, tiled, s)
        }
    }
}
