import CacheSim
import LayoutConfig
import Testing
@testable import Models

/// The cost model's terms on a small run worked by hand (the formulas are in each comment).
struct CostModelTests {
    /// 2 GHz; f32 peak 16 flops per cycle; 2 loads and 1 store per cycle, 32 bytes each;
    /// L1 -> L2 32 B/cycle; memory 8 GB/s, which is 4 B/cycle at 2 GHz.
    static let machine = """
        name: hand
        core: {clock: 2, flopsPerCycle: {f32: 16}, loadsPerCycle: 2, storesPerCycle: 1, loadBytes: 32, storeBytes: 32}
        levels:
          - {name: L1, size: 1KiB, line: 64, ways: 2, bandwidth: 32}
          - {name: L2, size: 4KiB, line: 64, ways: 4}
        memory: {bandwidth: 8 GB/s}
        """

    /// 1,000 units of work; L1: 3,000 loads and 1,000 stores of 4 bytes, 6,400 bytes in and
    /// 1,600 out; L2: 3,200 in and 800 out.
    static var traffic: CostModel.Traffic {
        var l1 = LevelCounters(), l2 = LevelCounters()
        l1.loads = 3_000
        l1.stores = 1_000
        l1.bytesRead = 6_400
        l1.bytesWritten = 1_600
        l2.bytesRead = 3_200
        l2.bytesWritten = 800
        return CostModel.Traffic(
            unit: "MNK", units: 1_000, element: "f32", levels: [("L1", l1), ("L2", l2)],
            loadBytes: 12_000, storeBytes: 4_000)
    }

    @Test func termsByHand() throws {
        let m = try MachineSpec.decode(Self.machine, file: "hand.yaml")
        let c = try CostModel.evaluate(Self.traffic, machine: m.performance).get()
        #expect(c.flops == 2_000)
        // registers-L1: max(12,000 B / (2 x 32 B), 4,000 B / (1 x 32 B)) = max(187.5, 125) cycles, per 1,000.
        // L1-L2: 8,000 B / 32 B per cycle = 250 cycles; L2-memory: 4,000 B / 4 B per cycle = 1,000.
        #expect(c.boundaries.map(\.name) == ["registers-L1", "L1-L2", "L2-memory"])
        #expect(c.boundaries.map(\.bytes) == [16_000, 8_000, 4_000])
        #expect(c.boundaries.map(\.cycles) == [0.1875, 0.25, 1.0])
        // T_core = 2 flops per unit / 16 per cycle = 0.125; T_nOL = max(3,000 / 2, 1,000 / 1) / 1,000 = 1.5.
        #expect(c.coreCycles == 0.125)
        #expect(c.nonOverlapCycles == 1.5)
        // Roofline: max(0.125, 0.1875, 0.25, 1.0) = 1.0, memory-bound; ECM: max(0.125, 1.5 + 0.25 + 1.0) = 2.75.
        #expect(c.roofline == 1.0 && c.rooflineBound == "L2-memory")
        #expect(c.ecm == 2.75)
        // GFLOP/s = 2 flops per unit x 2 GHz / cycles per unit.
        #expect(c.gflops(c.roofline) == 4)
        #expect(abs(c.gflops(c.ecm) - 4 / 2.75) < 1e-12)
    }

    @Test func aComputeBoundRunIsBoundByTheCore() throws {
        // Flops at 1 per cycle: T_core = 2 cycles per unit, above every transfer.
        let text = Self.machine.replacingOccurrences(of: "f32: 16", with: "f32: 1")
        let c = try CostModel.evaluate(
            Self.traffic, machine: try MachineSpec.decode(text, file: "hand.yaml").performance
        ).get()
        #expect(c.roofline == 2 && c.rooflineBound == "core")
        #expect(c.ecm == 2.75)  // T_nOL + transfers (2.75) still exceed T_OL (2)
    }

    @Test func missingParametersAreNamed() throws {
        let noMemory = Self.machine.replacingOccurrences(of: "memory: {bandwidth: 8 GB/s}", with: "")
        let m = try MachineSpec.decode(noMemory, file: "hand.yaml")
        #expect(
            CostModel.evaluate(Self.traffic, machine: m.performance)
                == .failure(MissingParameters(names: ["memory.bandwidth"])))
        let bare = try MachineSpec.decode(
            "name: b\nlevels:\n  - {name: L1, size: 1KiB, line: 64, ways: 2}\n", file: "b.yaml")
        var one = Self.traffic
        one.levels = [one.levels[0]]
        let e = CostModel.evaluate(one, machine: bare.performance)
        #expect(
            e
                == .failure(
                    MissingParameters(names: [
                        "core.clock", "core.flopsPerCycle.f32", "core.loadsPerCycle", "core.loadBytes",
                        "core.storesPerCycle", "core.storeBytes", "memory.bandwidth",
                    ])))
        // A bandwidth in GB/s cannot become bytes per cycle without the clock.
        let noClock = Self.machine.replacingOccurrences(of: "clock: 2, ", with: "").replacingOccurrences(
            of: "bandwidth: 32}", with: "bandwidth: 64 GB/s}")
        let n = CostModel.evaluate(
            Self.traffic, machine: try MachineSpec.decode(noClock, file: "hand.yaml").performance)
        #expect(n == .failure(MissingParameters(names: ["core.clock"])))
    }
}
