import Foundation
import Testing
import TestSupport

/// A claim at L3 cannot be carried by the results of a two-level machine given with `--machine`:
/// `simulate` refuses it in one line before any work and writes nothing.
@Suite struct ClaimLevelsCLITests {
    let scratch = TestDirectory("layoutlab-claim-levels")

    @Test func aMachineWithoutTheClaimsLevelIsRefusedBeforeWork() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = scratch.file("e.yaml")
        try """
        name: e
        machine: zen4
        kernel: gemm
        shape: {m: 8, n: 8, k: 8}
        variants:
          - {name: a, loops: ijk}
          - {name: b, loops: ikj}
        claim:
          - {text: t, metric: missRatio, level: L3, variant: a, baseline: b, value: 1}

        """.write(toFile: exp, atomically: true, encoding: .utf8)
        let out = scratch.file("out")
        let r = try CLIProcess.run(["simulate", exp, "--machine", "cortex-a53", "--out", out, "--quiet"])
        #expect(r.status == 1)
        #expect(
            r.err
                == "layoutlab: error: \(exp): claim[0].level: no level `L3` in machine cortex-a53 (from --machine); "
                + "levels: L1, L2\n")
        #expect(!FileManager.default.fileExists(atPath: out))
        // On zen4, its own machine, the same file runs.
        #expect(try CLIProcess.run(["simulate", exp, "--out", out, "--quiet"]).status == 0)
    }
}
