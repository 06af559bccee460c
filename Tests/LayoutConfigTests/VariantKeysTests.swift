import Testing
@testable import LayoutConfig

/// Issue 26, item 3: each algorithm takes its own keys; another algorithm's key is refused where
/// it is written (file, line, key, and the algorithms that take it), and the runs are resolved
/// once, in run order, when the file is read.
struct VariantKeysTests {
    func decode(_ variant: String, kernel: String = "gemm", sweep: String = "") throws -> ExperimentSpec {
        let shape = kernel == "gemm" ? "{m: 8, n: 8, k: 8}" : "{c: 2, k: 2, h: 4, w: 4}"
        return try ExperimentSpec.decode(
            "name: e\nmachine: tiny\nkernel: \(kernel)\nshape: \(shape)\nvariants:\n  - \(variant)\n" + sweep,
            file: "e.yaml")
    }

    func refusal(_ variant: String) -> String? {
        do {
            _ = try decode(variant)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func anotherAlgorithmsKeyIsRefusedWhereItIsWritten() {
        #expect(
            refusal("{name: a, tile: 16}")
                == """
                e.yaml:6: variants[0].tile: `tile` does not apply to algorithm naive; algorithms that take it: \
                tiled
                """
        )
        #expect(
            refusal("{name: a, algorithm: tiled, mc: 32}")
                == "e.yaml:6: variants[0].mc: `mc` does not apply to algorithm tiled; algorithms that take it: blis")
        #expect(
            refusal("{name: a, algorithm: register-blocked, tile: {m: 4}}")
                == """
                e.yaml:6: variants[0].tile: `tile` does not apply to algorithm regblock; algorithms that take it: \
                tiled
                """
        )
        #expect(
            refusal("{name: a, algorithm: qnnpack, kc: 4}")
                == """
                e.yaml:6: variants[0].kc: `kc` does not apply to algorithm qnnpack; algorithms that take it: \
                regblock, blis
                """
        )
        #expect(
            refusal("{name: a, algorithm: blis, loops: ikj}")
                == """
                e.yaml:6: variants[0].loops: `loops` does not apply to algorithm blis; algorithms that take it: \
                naive, tiled
                """
        )
    }

    @Test func eachAlgorithmsOwnKeysAreAccepted() throws {
        for v in [
            "{name: a, loops: kij, pad: 4, layoutB: col}",
            "{name: a, algorithm: tiled, loops: ijk, tile: {m: 4, n: 2}}",
            "{name: a, algorithm: regblock, mr: 2, nr: 2, kc: 4, kinner: false}",
            "{name: a, algorithm: qnnpack, mr: 2, nr: 4}",
            "{name: a, algorithm: blis, mr: 2, nr: 2, kc: 4, mc: 4, nc: 4}",
        ] {
            #expect(try decode(v).runs.count == 1, "\(v)")
        }
        #expect(try decode("{name: a, algorithm: im2col, loops: ijk}", kernel: "conv").runs.count == 1)
    }

    @Test func aSweptKeyChangesOnlyTheAlgorithmsThatTakeIt() throws {
        // A tile sweep beside a naive variant: the naive run is the same at every tile.
        let spec = try ExperimentSpec.decode(
            """
            name: e
            machine: tiny
            kernel: gemm
            shape: {m: 8, n: 8, k: 8}
            variants: [{name: naive}, {name: tiled, algorithm: tiled}]
            sweep: {tile: [2, 4, 8]}
            """, file: "e.yaml")
        // Run order: points outermost, variants in file order within a point.
        #expect(spec.runs.map(\.variant) == ["naive", "tiled", "naive", "tiled", "naive", "tiled"])
        #expect(spec.runs.map { $0.point["tile"]?.int } == [2, 2, 4, 4, 8, 8])
        for r in spec.runs {
            guard case .gemm(_, let g) = r.kernel else {
                Issue.record("not GEMM")
                continue
            }
            switch g.algorithm {
            case .naive(let o): #expect(r.variant == "naive" && o == .ijk)
            case .tiled(_, let tm, let tn, let tk):
                let t = r.point["tile"]?.int
                #expect(r.variant == "tiled" && [tm, tn, tk] == [t, t, t])
            default: Issue.record("unexpected algorithm \(g.algorithm)")
            }
        }
        // Naive GEMM makes 4 accesses per multiply-add: 4 x 8^3 per run, 6 runs.
        #expect(spec.totalAccesses() == 6 * 4 * 512)
    }
}
