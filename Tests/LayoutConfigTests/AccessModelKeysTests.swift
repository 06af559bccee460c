import Engine
import Testing
@testable import LayoutConfig

/// Issue 28: the `promote` and `vector` variant keys reach the engine's `AccessModel` (GEMM naive
/// and tiled, convolution direct; `vector` also regblock, qnnpack and blis), are refused in one
/// line (file, line, key, the algorithms that take them) elsewhere, and bad values are refused in
/// one line too.
struct AccessModelKeysTests {
    func decode(_ variant: String, kernel: String = "gemm") throws -> ExperimentSpec {
        let shape = kernel == "gemm" ? "{m: 8, n: 8, k: 8}" : "{c: 2, k: 2, h: 4, w: 4}"
        return try ExperimentSpec.decode(
            "name: e\nmachine: tiny\nkernel: \(kernel)\nshape: \(shape)\nvariants:\n  - \(variant)\n", file: "e.yaml")
    }

    func error(_ variant: String, kernel: String = "gemm") -> String? {
        do {
            _ = try decode(variant, kernel: kernel)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func gemmModel(_ variant: String) throws -> AccessModel? {
        guard case .gemm(_, let v)? = try decode(variant).runs.first?.kernel else { return nil }
        return v.accesses
    }

    @Test func keysReachTheVariant() throws {
        #expect(try gemmModel("{name: a}") == .source)
        #expect(
            try gemmModel("{name: a, loops: ikj, promote: true, vector: 4}") == AccessModel(promote: true, vector: 4))
        #expect(try gemmModel("{name: a, algorithm: tiled, tile: 4, vector: 64}") == AccessModel(vector: 64))
        #expect(try gemmModel("{name: a, promote: false, vector: 1}") == .source)
        guard
            case .conv(_, let cv)? = try decode("{name: d, promote: true, vector: 8}", kernel: "conv").runs.first?
                .kernel
        else {
            Issue.record("no conv run")
            return
        }
        #expect(cv.accesses == AccessModel(promote: true, vector: 8))
    }

    @Test func keysAreRefusedWhereTheyDoNotApply() {
        #expect(
            error("{name: a, algorithm: regblock, promote: true}")
                == """
                e.yaml:6: variants[0].promote: `promote` does not apply to algorithm regblock; algorithms that \
                take it: naive, tiled
                """
        )
        #expect(
            error("{name: a, algorithm: qnnpack, promote: false}")
                == """
                e.yaml:6: variants[0].promote: `promote` does not apply to algorithm qnnpack; algorithms that take \
                it: naive, tiled
                """
        )
        #expect(
            error("{name: a, algorithm: im2col, vector: 4}", kernel: "conv")
                == """
                e.yaml:6: variants[0].vector: `vector` does not apply to algorithm im2col; algorithms that take \
                it: direct
                """
        )
    }

    /// `vector` is taken by the micro-kernel algorithms too (their B rows in vectors), values checked as
    /// for naive; `promote` is not (above).
    @Test func vectorReachesMicroKernels() throws {
        for alg in ["regblock", "register-blocked", "qnnpack", "blis"] {
            #expect(try gemmModel("{name: a, algorithm: \(alg), vector: 8}") == AccessModel(vector: 8), "\(alg)")
            #expect(
                error("{name: a, algorithm: \(alg), vector: 6}")
                    == "e.yaml:6: variants[0].vector: must be a power of two from 1 to 64 (elements per vector), got 6")
        }
        #expect(try gemmModel("{name: a, algorithm: blis, mr: 4, nr: 8}") == .source)
    }

    @Test func badValuesAreOneLineErrors() {
        #expect(error("{name: a, promote: yes}") == "e.yaml:6: variants[0].promote: expected true or false, got `yes`")
        #expect(
            error("{name: a, vector: 3}")
                == "e.yaml:6: variants[0].vector: must be a power of two from 1 to 64 (elements per vector), got 3")
        #expect(
            error("{name: a, vector: 128}")
                == "e.yaml:6: variants[0].vector: must be a power of two from 1 to 64 (elements per vector), got 128")
        #expect(
            error("{name: a, vector: 0}")
                == "e.yaml:6: variants[0].vector: must be a power of two from 1 to 64 (elements per vector), got 0")
        #expect(error("{name: a, vector: four}") == "e.yaml:6: variants[0].vector: expected an integer, got `four`")
    }
}
