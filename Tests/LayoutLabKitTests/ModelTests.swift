import Testing
@testable import LayoutLabKit
import Reporting
import CacheSim

@Suite struct ModelTests {
    /// 4 KiB fully associative L1 with 64-byte lines (64 lines): a capacity-only cache, where the
    /// working-set model should be exact.
    let fa = [LevelConfig(name: "L1", size: 4096, line: 64, ways: 64)]

    func spec(_ loops: String) throws -> (ExperimentSpec, RunSpec) {
        let e = try ExperimentSpec.decode("name: t\nmachine: tiny\nkernel: gemm\nshape: {m: 64, n: 64, k: 64}\nvariants: [{name: v, loops: \(loops)}]\n", file: "t")
        return (e, try e.run(e.variants[0], [:]))
    }

    @Test func naiveOrdersMatchHandDerivation() throws {
        // n = 64, f32, 64-byte lines, 4 KiB cache.
        // ikj: inner j touches 1 A line, 4 B lines, 4 C lines: W1 = 9 lines (fits). The middle
        // loop (p) walks all of B: W2 = 4 + 256 + 4 lines (does not fit). Per i: A 4 lines,
        // B 4 x 64 = 256 lines, C 4 lines -> (4 + 256 + 4) x 64 = 16,896.
        let (_, ikj) = try spec("ikj")
        #expect(AnalyticModel.predict(ikj, elementSize: 4, accSize: 4, levels: fa) == [16_896])
        // jki: inner i walks a column of A and of C (64 lines each) + 1 B line: W1 = 129 lines,
        // more than 64: A and C lines do not survive the middle loop. Per j: A 64 x 64, C 64 x 64;
        // B(p,j) is touched every inner iteration, and each p is a new B row (stride 256 B):
        // 64 per j -> (4096 + 4096 + 64) x 64 = 528,384.
        let (_, jki) = try spec("jki")
        #expect(AnalyticModel.predict(jki, elementSize: 4, accSize: 4, levels: fa) == [528_384])
        // kji: as jki for A and C (W1 = 129 lines), but B(p,j) now moves along j, within a line:
        // 64/16 = 4 lines per p -> (4096 + 4096) x 64 + 4 x 64 = 524,544.
        let (_, kji) = try spec("kji")
        #expect(AnalyticModel.predict(kji, elementSize: 4, accSize: 4, levels: fa) == [524_544])
    }

    @Test(arguments: ["ikj", "jki", "kij", "kji"])
    func modelEqualsFullyAssociativeSimulation(_ loops: String) throws {
        // Without conflicts the capacity model and an LRU simulation agree for these orders.
        let (e, run) = try spec(loops)
        let r = try SimulateJob.simulate(run, element: e.element, levels: fa)
        #expect(r.model == [r.stats.end.levels[0].total.misses], "\(loops)")
    }

    @Test func blisModelFromGeometry() {
        // zen4, f32, 4x4: L1 64 sets x 8 ways x 64 B: CA = floor(7 / 2) = 3 ways,
        // kc = 3 * 64 * 64 / (4 * 4) = 768. L2 2048 sets x 8 ways: the B micro-panel
        // (4 * 768 * 4 B = 12 KiB) takes ceil(12288 / 131072) = 1 way; mc = 6 * 2048 * 64 / (768 * 4)
        // = 256. L3 32768 sets x 16 ways: A block 256 * 768 * 4 B takes 1 way; nc = 14 * 32768 * 64 /
        // (768 * 4) = 9557.3 -> 9556 (a multiple of 4).
        let zen4 = BLISModel.derive(mr: 4, nr: 4, elementSize: 4, l1: .init(sets: 64, ways: 8, line: 64),
                                    l2: .init(sets: 2048, ways: 8, line: 64), l3: .init(sets: 32768, ways: 16, line: 64))
        #expect(zen4 == BLISModel(kc: 768, mc: 256, nc: 9556))
        // Cortex-A53: L1 128 sets x 4 ways: CA = floor(3 / 2) = 1, kc = 128 * 64 / 16 = 512.
        // L2 512 sets x 16 ways: B panel 8 KiB takes 1 way; mc = 14 * 512 * 64 / 2048 = 224. No L3.
        let a53 = BLISModel.derive(mr: 4, nr: 4, elementSize: 4, l1: .init(sets: 128, ways: 4, line: 64),
                                   l2: .init(sets: 512, ways: 16, line: 64), l3: nil)
        #expect(a53 == BLISModel(kc: 512, mc: 224, nc: nil))
    }
}
