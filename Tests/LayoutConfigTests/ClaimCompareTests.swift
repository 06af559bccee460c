import ResultsSchema
import Testing

@testable import LayoutConfig

/// A claim's `compare`: `within` (the default), `at-least` or `at-most`; a tolerance with a bound
/// is refused, as is an unknown word.
struct ClaimCompareTests {
    func decode(_ claim: String) throws -> ExperimentSpec {
        try ExperimentSpec.decode(
            """
            name: e
            machine: tiny
            kernel: gemm
            shape: {m: 8, n: 8, k: 8}
            variants:
              - {name: a, loops: ijk}
              - {name: b, loops: ikj}
            claim:
              - \(claim)

            """, file: "e.yaml")
    }

    func refusal(_ claim: String) -> String? {
        do {
            _ = try decode(claim)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func compareIsReadAndChecked() throws {
        let base = "{text: t, metric: accessRatio, variant: a, baseline: b, value: 1"
        #expect(try decode(base + "}").claims[0].compare == .within)
        #expect(try decode(base + ", compare: at-least}").claims[0].compare == .atLeast)
        #expect(try decode(base + ", compare: at-most}").claims[0].compare == .atMost)
        #expect(
            refusal(base + ", compare: at-least, tolerance: 0.1}")
                == "e.yaml:9: claim[0].tolerance: `tolerance` applies to `compare: within`; at-least and at-most "
                + "compare exactly")
        #expect(
            refusal(base + ", compare: above}")
                == "e.yaml:9: claim[0].compare: `above` is not one of within | at-least | at-most")
    }
}
