import Testing
@testable import LayoutLabKit
import Reporting
import CacheSim
import LayoutConfig
import Models

@Suite struct ModelTests {
    /// 4 KiB fully associative L1 with 64-byte lines (64 lines): a capacity-only cache.
    let fa = [LevelConfig(name: "L1", size: 4096, line: 64, ways: 64)]

    func spec(_ shape: String, _ variant: String, element: String = "f32") throws -> (ExperimentSpec, RunSpec) {
        let e = try ExperimentSpec.decode(
            """
            name: t\nmachine: tiny\nkernel: gemm\nshape: {\(shape)}\nelement: \(element)\nvariants: [{name: v, \
            \(variant)}]\n
            """,
            file: "t")
        return (e, try e.run(e.variants[0], [:]))
    }

    /// A hierarchy of fully associative LRU levels (ways = size / line), 64-byte lines.
    static func fullyAssociative(_ sizes: [Int]) -> [LevelConfig] {
        sizes.enumerated().map {
            LevelConfig(name: "L\($0.offset + 1)", size: $0.element, line: 64, ways: $0.element / 64)
        }
    }

    @Test func naiveOrdersMatchHandDerivation() throws {
        // n = 64, f32, 64-byte lines, 4 KiB cache (64 lines).
        // ikj: inner j touches 1 A line, 4 B lines, 4 C lines: 9 lines, so C's row and A's line
        // are reused from one p to the next. The middle loop (p) walks all of B: 4 + 256 + 4
        // lines, far over 64, so nothing survives from one i to the next: (4 + 256 + 4) x 64 = 16,896.
        let (_, ikj) = try spec("m: 64, n: 64, k: 64", "loops: ikj")
        #expect(AnalyticModel.predict(ikj, elementSize: 4, accSize: 4, levels: fa)?.misses == [16_896])
        // jki: inner i walks a column of A and of C (64 lines each) + 1 B line: 129 lines, over
        // twice 64: A and C lines do not survive to the next p. Per j: A 64 x 64, C 64 x 64; B(p,j)
        // is the same all through an inner loop and each p is a new B row (stride 256 B): 64 per j
        // -> (4096 + 4096 + 64) x 64 = 528,384.
        let (_, jki) = try spec("m: 64, n: 64, k: 64", "loops: jki")
        #expect(AnalyticModel.predict(jki, elementSize: 4, accSize: 4, levels: fa)?.misses == [528_384])
        // kji: as jki for A and C, but B(p,j) now moves along j, within a line: 64/16 = 4 lines
        // per p -> (4096 + 4096) x 64 + 4 x 64 = 524,544.
        let (_, kji) = try spec("m: 64, n: 64, k: 64", "loops: kji")
        #expect(AnalyticModel.predict(kji, elementSize: 4, accSize: 4, levels: fa)?.misses == [524_544])
    }

    /// Two fully associative hierarchies for f64 GEMM 32x64x32 (A 128 lines, B 256, C 256: 640).
    /// On the first, 8x8x8 tiles (24 lines) fit L1 (64 lines), larger ones overflow it, and the
    /// whole problem fits L2 (1,024 lines); on the second every tile overflows L1 (16 lines),
    /// tiles of 32 and up overflow L2 (128 lines), and so does the problem.
    static let machines: [[Int]] = [[4096, 65536], [1024, 8192]]
    static let kernels: [String] =
        ["ijk", "ikj", "jik", "jki", "kij", "kji"].flatMap { ["loops: \($0)", "loops: \($0), layout: col"] }
        + ["ikj", "ijk", "kji"].flatMap { o in
            [8, 16, 32, 64, 128].map { "algorithm: tiled, loops: \(o), tile: \($0)" }
        }

    @Test(arguments: machines)
    func everyPredictionIsWithin5PercentOfAFullyAssociativeSimulation(_ sizes: [Int]) throws {
        // The expected counts come from simulating the fully associative hierarchy (an independent
        // path: the simulator never consults the model). Every level the model predicts must be
        // within 5%; a level it does not predict must come with the reason.
        let levels = Self.fullyAssociative(sizes)
        var predicted = 0
        for k in Self.kernels {
            let (e, run) = try spec("m: 32, n: 64, k: 32", k, element: "f64")
            let r = try SimulateJob.simulate(run, element: e.element, levels: levels, classify: false)
            let model = try #require(r.model, "\(k)")
            for (l, m) in model.enumerated() {
                let sim = Double(r.stats.end.levels[l].total.misses)
                if let m {
                    predicted += 1
                    #expect(abs(Double(m) - sim) <= 0.05 * sim, "\(k) L\(l + 1): model \(m), simulated \(Int(sim))")
                } else {
                    #expect(
                        r.modelNote?.contains("L\(l + 1):") == true, "\(k) L\(l + 1) has no prediction and no reason")
                }
            }
        }
        print("model: \(predicted) of \(Self.kernels.count * levels.count) levels predicted on \(sizes)")
        // Not vacuous: a good share of the levels get a figure (measured: 37 of 54 on the first
        // machine, 16 of 54 on the second, where L2 is overflowed by every run).
        #expect(predicted * 4 >= Self.kernels.count * levels.count, "\(predicted) predictions")
    }

    @Test func tilesThatFitArePredictedExactly() throws {
        // f64 tiled ikj, 8x8x8 tiles on 16x64x16, L1 of 64 lines. A tile of A, B and C is 8 + 8 + 8
        // = 24 lines, under half of 64, so the j tiles of one (i, p) tile pair reuse the A tile and
        // touch B's and C's 8-row panels once: 8 + 64 + 64 = 136 lines. From one p tile to the next
        // those 136 lines do not fit (over twice 64): nothing survives. 2 i tiles x 2 p tiles x 136
        // = 544. L2 (512 lines) holds the whole problem (A 32, B 128, C 128 lines): 288.
        let (e, run) = try spec("m: 16, n: 64, k: 16", "algorithm: tiled, loops: ikj, tile: 8", element: "f64")
        let levels = Self.fullyAssociative([4096, 32768])
        let p = AnalyticModel.predict(run, elementSize: 8, accSize: 8, levels: levels)
        #expect(p?.misses == [544, 288])
        let r = try SimulateJob.simulate(run, element: e.element, levels: levels, classify: false)
        #expect(r.stats.end.levels.map(\.total.misses) == [544, 288])
    }

    @Test func workingSetsNearTheCapacityAndPartialTilesAreRefused() throws {
        // f32 tiled ikj, 8x8x8 tiles on 64^3, L1 of 16 lines: a tile set is 8 + 8 + 8 = 24 lines,
        // between 16 and 32: LRU keeps part of it, and the model gives no L1 figure, saying why.
        // L2 (256 lines) is overflowed by the problem (3 x 256 lines): no figure below L1.
        let (_, run) = try spec("m: 64, n: 64, k: 64", "algorithm: tiled, loops: ikj, tile: 8")
        let p = try #require(
            AnalyticModel.predict(run, elementSize: 4, accSize: 4, levels: Self.fullyAssociative([1024, 16384])))
        #expect(p.misses == [nil, nil])
        #expect(
            p.note?.contains("L1: a working set of 24 lines is within 2x of its 16 lines") == true, "\(p.note ?? "")")
        #expect(p.note?.contains("L2: the problem (768 lines) overflows it") == true, "\(p.note ?? "")")
        // 48 is not a multiple of 32: partial tiles at the edge, no L1 figure.
        let (_, edge) = try spec("m: 64, n: 48, k: 64", "algorithm: tiled, loops: ikj, tile: 32")
        let q = try #require(
            AnalyticModel.predict(edge, elementSize: 4, accSize: 4, levels: Self.fullyAssociative([1024])))
        #expect(q.misses == [nil])
        #expect(q.note?.contains("L1: j = 48 is not a multiple of the tile 32") == true, "\(q.note ?? "")")
    }

    @Test func blisModelFromGeometry() {
        // zen4, f32, 4x4: L1 64 sets x 8 ways x 64 B: CA = floor(7 / 2) = 3 ways,
        // kc = 3 * 64 * 64 / (4 * 4) = 768. L2 2048 sets x 8 ways: the B micro-panel
        // (4 * 768 * 4 B = 12 KiB) takes ceil(12288 / 131072) = 1 way; mc = 6 * 2048 * 64 / (768 * 4)
        // = 256. L3 32768 sets x 16 ways: A block 256 * 768 * 4 B takes 1 way; nc = 14 * 32768 * 64 /
        // (768 * 4) = 9557.3 -> 9556 (a multiple of 4).
        let zen4 = BLISModel.derive(
            mr: 4, nr: 4, elementSize: 4, l1: .init(sets: 64, ways: 8, line: 64),
            l2: .init(sets: 2048, ways: 8, line: 64), l3: .init(sets: 32768, ways: 16, line: 64))
        #expect(zen4 == BLISModel(kc: 768, mc: 256, nc: 9556))
        // Cortex-A53: L1 128 sets x 4 ways: CA = floor(3 / 2) = 1, kc = 128 * 64 / 16 = 512.
        // L2 512 sets x 16 ways: B panel 8 KiB takes 1 way; mc = 14 * 512 * 64 / 2048 = 224. No L3.
        let a53 = BLISModel.derive(
            mr: 4, nr: 4, elementSize: 4, l1: .init(sets: 128, ways: 4, line: 64),
            l2: .init(sets: 512, ways: 16, line: 64), l3: nil)
        #expect(a53 == BLISModel(kc: 512, mc: 224, nc: nil))
    }
}
