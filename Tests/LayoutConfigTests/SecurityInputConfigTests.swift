import Testing
@testable import LayoutConfig

/// Issue 25 (security round 3), class 2 in process: YAML aliases within the limits still decode, and the expansion
/// the limits count is checked by hand. The CLI's side of the class (one line on stderr, bounded time) is in
/// `IntegrationTests/SecurityInputTests.swift`.
@Suite struct SecurityInputConfigTests {
    @Test func defect02_aliasesWithinTheLimitsStillWork() throws {
        // One prefetch block, anchored on L1 and reused on L2.
        let text = """
            name: shared
            levels:
              - {name: L1, size: 32KiB, line: 64, ways: 8, prefetch: &pf {kind: next-line, degree: 2}}
              - {name: L2, size: 1MiB, line: 64, ways: 16, prefetch: *pf}
            """
        let m = try MachineSpec.decode(text, file: "shared.yaml")
        #expect(m.levels.map(\.prefetchDegree) == [2, 2])
        #expect(m.levels.map(\.prefetch) == [.nextLine, .nextLine])
    }

    @Test func defect02_expansionIsMeasuredByHand() {
        // Nodes: the root mapping 1, key `a` 1, a = [6,000 scalars] 1 + 6,000 = 6,001, key `b` 1,
        // b = [*a x N] 1 + N x 6,001. N = 15: 1 + 1 + 6,001 + 1 + 90,016 = 96,020, under 100,000.
        // N = 16: b alone is 96,017, the root 102,021: over. N = 17: b passes 100,000 itself.
        func text(_ n: Int) -> String {
            "a: &a [" + Array(repeating: "1", count: 6_000).joined(separator: ",") + "]\nb: ["
                + Array(repeating: "*a", count: n).joined(separator: ",") + "]\n"
        }
        #expect(YAMLExpansion.firstProblem(text(15)) == nil)
        #expect(YAMLExpansion.firstProblem(text(16))?.line == 2)
        #expect(YAMLExpansion.firstProblem(text(17))?.line == 2)
        // Depth: a chain of 130 anchors, each a list of the one before: 131 levels with the root.
        var chain = "a0: &a0 [1]\n"
        for i in 1..<130 { chain += "a\(i): &a\(i) [*a\(i - 1)]\n" }
        #expect(YAMLExpansion.firstProblem(chain)?.message.contains("nests deeper than 128") == true)
        #expect(YAMLExpansion.firstProblem("a: &a [[[1]]]\nb: [*a, *a]\n") == nil)
    }
}
