import ResultsSchema
import Foundation
import Testing
import Reporting
import SafeIO
import TestSupport

/// No vacuous or repeated statements: ratios within 5% are "about equal"; model findings count
/// distinct runs and name only the level's own reasons, numbers in numeric order; a rate that
/// rises with about equal misses is no cliff; a cliff names its 3C cause. Every expected line is
/// derived by hand from the numbers of a hand-made document.
struct StatementRulesTests {
    typealias H = HandMadeDocument

    static func findings(_ doc: JSON) throws -> [String] {
        let md = try Report.build([try ReportInput.decode(doc, file: "r.json")], stem: "r", command: "layoutlab report")
            .markdown
        let section = md.components(separatedBy: "## Findings\n\n").dropFirst().first ?? ""
        return (section.components(separatedBy: "\n\n").first ?? "").split(separator: "\n").map(String.init)
    }

    static func one(_ variant: String, _ point: [(String, JSON)] = [], l1: UInt64, l2: UInt64 = 10) -> JSON {
        H.run(
            variant, point, accesses: 100_000,
            [H.level("L1", accesses: 100_000, misses: l1), H.level("L2", accesses: l1, misses: l2)])
    }

    @Test func withinFivePercentIsAboutEqualNeverMoreOrOneX() throws {
        // 1,020 / 1,000 = 1.02: within 5%.
        let doc = H.doc(
            "e", machine: H.machine("m", ["L1", "L2"]), runs: [Self.one("a", l1: 1_000), Self.one("b", l1: 1_020)])
        let f = try Self.findings(doc)
        #expect(
            f.contains("- L1: fewest misses **a** (1,000); most **b** (1,020), about equal (all 2 runs within 5%)."))
        #expect(!f.contains { $0.contains("1.02x") || $0.contains("1.0x") })
    }

    @Test func aCrossoverIgnoresPointsWithinFivePercent() throws {
        // a: 1,000, 1,002, 3,000; b: 2,000, 1,000, 1,000 at tile = 1, 2, 3. At tile = 2 they are
        // within 0.2%: neither is ahead there, so a is ahead at 1 and behind (3.0x) at 3 only.
        let a: [UInt64] = [1_000, 1_002, 3_000], b: [UInt64] = [2_000, 1_000, 1_000]
        let runs = (0..<3).flatMap { i in
            [
                Self.one("a", [("tile", .uint(UInt64(i + 1)))], l1: a[i]),
                Self.one("b", [("tile", .uint(UInt64(i + 1)))], l1: b[i]),
            ]
        }
        let doc = H.doc(
            "x", machine: H.machine("m", ["L1", "L2"]), runs: runs,
            sweep: [("tile", .array([.uint(1), .uint(2), .uint(3)]))])
        let f = try Self.findings(doc)
        #expect(f.contains("- **a** has fewer L1 misses than **b** at tile = 1; at tile = 3 it has more (3.0x)."))
        #expect(!f.contains { $0.contains("1.0x") || $0.contains("(1.00x") })
    }

    /// Naive at tile = 1, 2, 3 is one run (runs 1 and 2 name run 0 with `sameAs`): the model's
    /// accuracy counts it once.
    @Test func modelAccuracyCountsDistinctRuns() throws {
        let runs = (1...3).map { t in Self.one("naive", [("tile", .uint(UInt64(t)))], l1: 5_000) }
        let model: [(String, JSON)] = [("model", .object([("L1", .uint(5_000)), ("L2", .uint(10))]))]
        let doc = H.editingRuns(
            H.doc(
                "s", machine: H.machine("m", ["L1", "L2"]), runs: runs,
                sweep: [("tile", .array([.uint(1), .uint(2), .uint(3)]))]),
            [0: model, 1: model + [("sameAs", .uint(0))], 2: model + [("sameAs", .uint(0))]])
        let f = try Self.findings(doc)
        #expect(
            f.contains(
                "- The analytical model predicts L1 misses within 5% of the simulation for 1 of 1 runs (worst: 0% off)."
            ))
        let md = try Report.build([try ReportInput.decode(doc, file: "s.json")], stem: "s", command: "c").markdown
        #expect(md.contains("| naive | tile=3 (same run as tile = 1) | 100,000 | 5,000 |"))
    }

    /// Runs a, b, c have no figure at L1 (working sets of 200, 160 and 1000 lines) nor at L2; d
    /// has one at L1 and none at L2. L1's list names L1's reasons only, merged, 160 before 1000.
    @Test func aLevelsReasonsAreItsOwnAndNumbersSortAsNumbers() throws {
        let l2 = "L2: the problem (9000 lines) overflows it, and below L1 the model predicts only what fits"
        func l1(_ n: Int) -> String {
            "L1: a working set of \(n) lines is within 2x of its 512 lines, where LRU reuses part of it"
        }
        let runs = ["a", "b", "c", "d"].map { Self.one($0, l1: 5_000) }
        let none: (String, JSON) = ("model", .object([("L1", .null), ("L2", .null)]))
        let doc = H.editingRuns(
            H.doc("n", machine: H.machine("m", ["L1", "L2"]), runs: runs),
            [
                0: [none, ("modelNote", .string("no prediction at \(l1(200)); \(l2)"))],
                1: [none, ("modelNote", .string("no prediction at \(l1(160)); \(l2)"))],
                2: [none, ("modelNote", .string("no prediction at \(l1(1000)); \(l2)"))],
                3: [
                    ("model", .object([("L1", .uint(5_000)), ("L2", .null)])),
                    ("modelNote", .string("no prediction at \(l2)")),
                ],
            ])
        let f = try Self.findings(doc)
        #expect(
            f.contains(
                """
                - The model gives no L1 figure for 3 runs: a working set of 160, 200 and 1000 lines is within 2x \
                of its 512 lines, where LRU reuses part of it.
                """
            ))
        #expect(
            f.contains(
                """
                - The model gives no L2 figure for 4 runs: the problem (9000 lines) overflows it, and below L1 the \
                model predicts only what fits.
                """
            ))
    }

    /// A convolution at stride 1 and 2: the work falls about 4x, the misses go from 1,000 to
    /// 1,010. Misses per multiply-add rise about 4x, but the misses are about equal: no cliff.
    @Test func aRateRiseWithAboutEqualMissesIsNoCliff() throws {
        let runs = [(1, UInt64(1_000)), (2, 1_010)].map { s, m in
            Self.one("direct", [("stride", .uint(UInt64(s)))], l1: m)
        }
        guard
            case .object(let o) = H.doc(
                "c", machine: H.machine("m", ["L1", "L2"]), runs: runs, kernel: "conv",
                sweep: [("stride", .array([.uint(1), .uint(2)]))])
        else { return }
        let shape: JSON = .object([
            ("c", .uint(16)), ("h", .uint(32)), ("k", .uint(16)), ("r", .uint(3)), ("s", .uint(3)), ("w", .uint(32)),
        ])
        let doc = JSON.object(o.map { $0.0 == "shape" ? ("shape", shape) : $0 })
        let f = try Self.findings(doc)
        #expect(!f.contains { $0.contains("rise") })
    }

    /// Tile 64: 165,000 L1 misses (10,000 compulsory, 20,000 conflict); tile 96: 1,240,000
    /// (10,000 compulsory, 1,130,000 conflict). 1,240,000 / 165,000 = 7.5x; conflict misses grew
    /// by 1,110,000 (capacity fell by 35,000), more than half the rise of 1,075,000: the cause.
    @Test func aCliffNamesItsCauseFromThe3CSplit() throws {
        let pts: [(UInt64, UInt64, UInt64)] = [(64, 165_000, 20_000), (96, 1_240_000, 1_130_000)]
        let runs = pts.map { t, m, c in
            H.run(
                "t", [("tile", .uint(t))], accesses: 10_000_000,
                [
                    H.level("L1", accesses: 10_000_000, misses: m, compulsory: 10_000, conflict: c),
                    H.level("L2", accesses: m, misses: 10_000, compulsory: 10_000),
                ])
        }
        let doc = H.doc(
            "k", machine: H.machine("m", ["L1", "L2"]), runs: runs, sweep: [("tile", .array([.uint(64), .uint(96)]))])
        let f = try Self.findings(doc)
        #expect(
            f.contains(
                """
                - **t**: L1 misses rise 7.5x between tile = 64 and 96 (165,000 to 1,240,000): 1,130,000 of the \
                1,240,000 misses at tile = 96 are conflict misses.
                """
            ))
    }

    @Test func aSameAsNamingAnotherVariantIsRefusedByPath() throws {
        let doc = H.editingRuns(
            H.doc("s", machine: H.machine("m", ["L1", "L2"]), runs: [Self.one("a", l1: 500), Self.one("b", l1: 500)]),
            [1: [("sameAs", .uint(0))]])
        #expect(throws: LayoutLabError.self) { try ReportInput.decode(doc, file: "s.json") }
        do {
            _ = try ReportInput.decode(doc, file: "s.json")
        } catch {
            #expect("\(error)".contains("s.json: runs[1].sameAs: 0, but runs[0] is another variant"))
        }
    }
}
