import Engine
import Testing

@testable import LayoutConfig

/// Issue 29: im2col and gemm1x1 take `gemm:`, any GEMM definition but Strassen; `indirect` takes
/// `mr` and `nr` on NHWC.
struct ConvGemmKeysTests {
    func decode(_ variant: String, shape: String = "{c: 4, k: 8, h: 6, w: 6, r: 3, s: 3, padding: 1}") throws
        -> ConvVariant?
    {
        let spec = try ExperimentSpec.decode(
            "name: e\nmachine: tiny\nkernel: conv\nshape: \(shape)\nvariants:\n  - \(variant)\n", file: "e.yaml")
        guard case .conv(_, let v) = spec.runs[0].kernel else { return nil }
        return v
    }

    func refusal(_ variant: String) -> String? {
        do {
            _ = try decode(variant)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func gemmResolves() throws {
        // The default stays the naive ikj loop; `loops` still names the naive loop's order.
        #expect(try decode("{name: a, algorithm: im2col}")?.algorithm == .im2col(.naive(.ikj)))
        #expect(try decode("{name: a, algorithm: im2col, loops: jki}")?.algorithm == .im2col(.naive(.jki)))
        // NCHW im2col's GEMM is K x (OH·OW) x (C·R·S) = 8 x 36 x 36: kc 256 is clamped to 36.
        let v = try decode("{name: a, algorithm: im2col, gemm: {algorithm: blis, mr: 4, nr: 4, mc: 8, vector: 4}}")
        #expect(v?.algorithm == .im2col(.blis(mr: 4, nr: 4, kc: 36, mc: 8, nc: 4096)))
        #expect(v?.accesses == AccessModel(promote: false, vector: 4))
        #expect(
            try decode(
                "{name: a, algorithm: gemm1x1, layout: nhwc, gemm: {algorithm: qnnpack, mr: 8, nr: 8}}",
                shape: "{c: 4, k: 8, h: 6, w: 6}")?.algorithm == .gemm1x1(.qnnpack(mr: 8, nr: 8)))
    }

    @Test func mistakesAreRefusedWhereTheyAreWritten() {
        #expect(
            refusal("{name: a, algorithm: im2col, loops: ikj, gemm: {algorithm: blis}}")
                == "e.yaml:6: variants[0].loops: give `loops` or `gemm`, not both")
        #expect(
            refusal("{name: a, algorithm: im2col, gemm: {algorithm: strassen}}")
                == "e.yaml:6: variants[0].gemm.algorithm: `strassen` cannot be a convolution's GEMM; one of naive | "
                + "tiled | regblock | qnnpack | blis")
        #expect(
            refusal("{name: a, algorithm: im2col, gemm: {algorithm: blis, mr: 16}}")
                == "e.yaml:6: variants[0].gemm.mr: gemm.mr = 16 exceeds m = 8; allowed 1...8")
        #expect(
            refusal("{name: a, algorithm: direct, gemm: {algorithm: blis}}")
                == "e.yaml:6: variants[0].gemm: `gemm` does not apply to algorithm direct; algorithms that take it: "
                + "im2col, gemm1x1, winograd")
    }

    @Test func indirectResolvesAndRefuses() throws {
        #expect(
            try decode("{name: a, algorithm: indirect, layout: nhwc}")?.algorithm == .indirect(mr: 4, nr: 8))
        #expect(
            refusal("{name: a, algorithm: indirect, layout: nchw}")
                == "e.yaml:6: variants[0].layout: indirect convolution reads NHWC input rows (QNNPACK's layout); "
                + "use nhwc")
        #expect(
            refusal("{name: a, algorithm: indirect, layout: nhwc, nr: 16}")
                == "e.yaml:6: variants[0].nr: nr = 16 exceeds k = 8; allowed 1...8")
        #expect(
            refusal("{name: a, algorithm: indirect, layout: nhwc, loops: nkyxrsc}")
                == "e.yaml:6: variants[0].loops: indirect convolution has its own loops (pixel blocks, channel "
                + "blocks, taps, c)")
        #expect(
            refusal("{name: a, algorithm: direct, mr: 4}")
                == "e.yaml:6: variants[0].mr: `mr` does not apply to algorithm direct; algorithms that take it: "
                + "indirect")
    }
}
