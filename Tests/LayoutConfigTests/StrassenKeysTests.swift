import Engine
import Testing

@testable import LayoutConfig

/// Issue 29: `algorithm: strassen` with `levels` or `cutoff` and a `base:` GEMM definition.
struct StrassenKeysTests {
    func decode(_ variant: String, shape: String = "{m: 40, n: 24, k: 32}", element: String = "f32") throws
        -> ExperimentSpec
    {
        try ExperimentSpec.decode(
            "name: e\nmachine: tiny\nkernel: gemm\nshape: \(shape)\nelement: \(element)\nvariants:\n  - \(variant)\n",
            file: "e.yaml")
    }

    func refusal(_ variant: String, element: String = "f32") -> String? {
        do {
            _ = try decode(variant, element: element)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func algorithm(_ variant: String) throws -> GemmAlgorithm? {
        guard case .gemm(_, let v) = try decode(variant).runs[0].kernel else { return nil }
        return v.algorithm
    }

    @Test func levelsCutoffAndBaseResolve() throws {
        // Default: one level, naive ijk base.
        #expect(try algorithm("{name: s, algorithm: strassen}") == .strassen(levels: 1, base: .naive(.ijk)))
        #expect(
            try algorithm("{name: s, algorithm: strassen, levels: 2, base: {algorithm: tiled, tile: 4, loops: ijk}}")
                == .strassen(levels: 2, base: .tiled(.ijk, tm: 4, tn: 4, tk: 4)))
        // cutoff 8 on a smallest dimension of 24: 24 -> 12 -> 6, two levels (6 <= 8).
        #expect(
            try algorithm(
                "{name: s, algorithm: strassen, cutoff: 8, base: {algorithm: blis, mr: 2, nr: 2, mc: 4, nc: 4}}")
                == .strassen(levels: 2, base: .blis(mr: 2, nr: 2, kc: 8, mc: 4, nc: 4)))
        // The base's blocking is checked against the last level's quadrants (40 x 24 x 32 -> 10 x 6 x 8).
        #expect(
            refusal("{name: s, algorithm: strassen, levels: 2, base: {algorithm: regblock, mr: 4, nr: 8}}")
                == "e.yaml:7: variants[0].base.nr: base.nr = 8 exceeds n = 6; allowed 1...6")
    }

    @Test func mistakesAreRefusedWhereTheyAreWritten() {
        #expect(
            refusal("{name: s, algorithm: strassen, base: {algorithm: strassen}}")
                == "e.yaml:7: variants[0].base.algorithm: `strassen` cannot be Strassen's base; one of naive | tiled | "
                + "regblock | qnnpack | blis")
        #expect(
            refusal("{name: s, algorithm: strassen, base: {loops: ikj, mr: 4}}")
                == "e.yaml:7: variants[0].base.mr: base: `mr` does not apply to algorithm naive; algorithms that take "
                + "it: regblock, qnnpack, blis")
        #expect(
            refusal("{name: s, algorithm: strassen, levels: 2, cutoff: 8}")
                == "e.yaml:7: variants[0].cutoff: give `levels` or `cutoff`, not both")
        #expect(
            refusal("{name: s, algorithm: strassen}", element: "i8")
                == "e.yaml:7: variants[0].algorithm: strassen sums int8 operands, which overflow int8; use f32 or f64")
        #expect(
            refusal("{name: s, algorithm: strassen, layoutA: blocked}")
                == "e.yaml:7: variants[0].layout: strassen splits row- or column-major operands into quadrants, "
                + "not blocked ones")
        #expect(
            refusal("{name: s, algorithm: strassen, levels: 17}")
                == "e.yaml:7: variants[0].levels: must be between 1 and 16, got 17")
        #expect(
            refusal("{name: s, loops: ijk, levels: 2}")
                == "e.yaml:7: variants[0].levels: `levels` does not apply to algorithm naive; algorithms that take "
                + "it: strassen")
    }
}
