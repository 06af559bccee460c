import LayoutLabKit
import ResultsSchema
import Foundation
import Testing
import LayoutConfig
@testable import Reporting
import TestSupport
import LayoutConfig
import SafeIO

/// Findings on hand-made documents whose numbers are chosen so every expected sentence follows
/// from them by hand (stated beside each check).
@Suite struct ReportFindingsTests {
    func build(_ docs: [JSON]) throws -> Report {
        try Report.build(
            docs.enumerated().map { try ReportInput.decode($1, file: "doc\($0 + 1).json") }, stem: "t",
            command: "layoutlab report")
    }

    /// A tile sweep: naive-ikj is 1,000,000 L1 misses at every tile; tiled is 1,200,000, 300,000,
    /// 100,000, 60,000 and 1,100,000 at tiles 8 ... 128. L2 misses are 16,875 everywhere while L2
    /// accesses (the L1 misses) move.
    @Test func findingsCoverTheWholeSweep() throws {
        let tiles = [8, 16, 32, 64, 128], tiled: [UInt64] = [1_200_000, 300_000, 100_000, 60_000, 1_100_000]
        var runs: [JSON] = []
        for (i, t) in tiles.enumerated() {
            for (v, m) in [("naive-ikj", UInt64(1_000_000)), ("tiled", tiled[i])] {
                runs.append(
                    HandMadeDocument.run(
                        v, [("tile", .uint(UInt64(t)))], accesses: 36_000_000,
                        [
                            HandMadeDocument.level("L1", accesses: 36_000_000, misses: m, compulsory: 16_875),
                            HandMadeDocument.level("L2", accesses: m, misses: 16_875, compulsory: 16_875),
                        ]))
            }
        }
        let md = try build([
            HandMadeDocument.doc(
                "tiles", machine: HandMadeDocument.machine("m", ["L1", "L2"]), runs: runs,
                sweep: [("tile", .array(tiles.map { .uint(UInt64($0)) }))])
        ]).markdown
        let findings = md.components(separatedBy: "## Charts")[0]
        // The best tile is stated: 60,000 at tile 64; the worst, 1,200,000 at tile 8; 1.2M / 60k = 20.0x.
        #expect(findings.contains("**tiled** fewest at tile = 64 (60,000), most at tile = 8 (1,200,000)"))
        #expect(findings.contains("**naive-ikj** 1,000,000 at every point"))
        #expect(
            findings.contains(
                """
                L1 overall: fewest **tiled** at tile = 64 (60,000); most **tiled** at tile = 8 (1,200,000), 20.0x \
                as many.
                """
            ))
        // The leader changes: naive at 8 (1.0M < 1.2M), tiled from 16 to 64, naive at 128 (1.0M < 1.1M).
        #expect(
            findings.contains(
                """
                L1, fewest misses along tile: **naive-ikj** at tile = 8; **tiled** from tile = 16 to 64; \
                **naive-ikj** at tile = 128.
                """
            ))
        // tiled wins at 16, 32, 64 and loses at 8 (1.2M / 1.0M = 1.2x) and 128 (1.1M / 1.0M = 1.1x).
        #expect(
            findings.contains(
                """
                **tiled** has fewer L1 misses than **naive-ikj** at tile = 16 to 64; at tile = 8 and 128 it has \
                more (1.2x and 1.1x).
                """
            ))
        // The cliff is in misses: tile 64 -> 128 goes from 60,000 to 1,100,000 (18.3x); MNK does not change
        // with the tile.
        // Its cause: capacity misses (all but the 16,875 compulsory ones, no conflict) go from 43,125 to 1,083,125.
        #expect(
            findings.contains(
                "**tiled**: L1 misses rise 18.3x between tile = 64 and 128 (60,000 to 1,100,000): "
                    + "1,083,125 of the 1,100,000 misses at tile = 128 are capacity misses."))
        // L2 misses never change: one statement, no best and worst, no jump.
        #expect(findings.contains("L2: all 10 runs: 16,875 misses, all compulsory."))
        #expect(!findings.contains("L2 overall") && !findings.contains("jumps") && !findings.contains(" at -"))
        // Accesses: 36,000,000 / (200·300·150 = 9,000,000) = 4.00 MNK for both.
        #expect(findings.contains("Memory accesses: all 10 runs make 4.00 MNK (36,000,000)."))
    }

    /// No sweep, ties: a and b both 200 L1 misses, c 600; L2 150 for all, all compulsory.
    @Test func tiesAreOneStatement() throws {
        let runs = [("a", UInt64(200)), ("b", 200), ("c", 600)].map { v, m in
            HandMadeDocument.run(
                v, [], accesses: 36_000_000,
                [
                    HandMadeDocument.level("L1", accesses: 1000, misses: m, compulsory: 150),
                    HandMadeDocument.level("L2", accesses: m, misses: 150, compulsory: 150),
                ])
        }
        let md = try build([
            HandMadeDocument.doc("ties", machine: HandMadeDocument.machine("m", ["L1", "L2"]), runs: runs)
        ]).markdown
        #expect(md.contains("L1: fewest misses **a** and **b** (200 each); most **c** (600), 3.0x as many."))
        #expect(md.contains("L2: all 3 runs: 150 misses, all compulsory."))
        #expect(!md.contains(" at -"))
    }

    /// The same experiment on two machines, one without 3C: a source column, both machines
    /// described, like compared with like, 3C "-" only for the document without it.
    @Test func twoMachinesSideBySide() throws {
        let a = HandMadeDocument.doc(
            "orders", machine: HandMadeDocument.machine("zen4", ["L1", "L2", "L3"]),
            runs: [
                HandMadeDocument.run(
                    "ijk-row", [], accesses: 1000,
                    [
                        HandMadeDocument.level("L1", accesses: 1000, misses: 500, compulsory: 100),
                        HandMadeDocument.level("L2", accesses: 500, misses: 200, compulsory: 100),
                        HandMadeDocument.level("L3", accesses: 200, misses: 100, compulsory: 100),
                    ]),
                HandMadeDocument.run(
                    "ikj-row", [], accesses: 1000,
                    [
                        HandMadeDocument.level("L1", accesses: 1000, misses: 150, compulsory: 100),
                        HandMadeDocument.level("L2", accesses: 150, misses: 100, compulsory: 100),
                        HandMadeDocument.level("L3", accesses: 100, misses: 100, compulsory: 100),
                    ]),
            ])
        let b = HandMadeDocument.doc(
            "orders", machine: HandMadeDocument.machine("skylake", ["L1", "L2"]),
            runs: [
                HandMadeDocument.run(
                    "ijk-row", [], accesses: 1000,
                    [
                        HandMadeDocument.level("L1", accesses: 1000, misses: 550),
                        HandMadeDocument.level("L2", accesses: 550, misses: 300),
                    ]),
                HandMadeDocument.run(
                    "ikj-row", [], accesses: 1000,
                    [
                        HandMadeDocument.level("L1", accesses: 1000, misses: 150),
                        HandMadeDocument.level("L2", accesses: 150, misses: 120),
                    ]),
            ])
        let md = try build([a, b]).markdown
        #expect(md.contains("**Machine `zen4`**") && md.contains("**Machine `skylake`**"))
        // Across the two hierarchies, what reaches memory: zen4's L3 misses against skylake's L2
        // misses (the documents record no bytes): 300 / 100 = 3.0x, 120 / 100 = 1.2x; never L1 by name.
        #expect(
            md.contains(
                "**ijk-row**: misses reaching memory (at the last level) 100 on zen4 and 300 on skylake "
                    + "(3.0x as many on skylake as on zen4); no modelled time on zen4 and skylake."))
        #expect(
            md.contains(
                "**ikj-row**: misses reaching memory (at the last level) 100 on zen4 and 120 on skylake "
                    + "(1.2x as many on skylake as on zen4); no modelled time on zen4 and skylake."))
        #expect(!md.contains("L1 misses on zen4"))
        #expect(md.contains("On zen4: L1: fewest misses **ikj-row** (150); most **ijk-row** (500), 3.3x as many."))
        #expect(md.contains("| source | variant | point | accesses |"))
        #expect(md.contains("| zen4 | ijk-row | - | 1,000 | 500 | 50.00% | 500 / 0 | 0 (0) | 100 | 400 | 0 |"))
        #expect(md.contains("| skylake | ijk-row | - | 1,000 | 550 | 55.00% | 550 / 0 | 0 (0) | - | - | - |"))
        // No finding compares a variant with itself.
        #expect(!md.contains("fewest **ijk-row** (500), most **ijk-row**"))
    }

    /// Convolution: each layout judged by its best nest. NCHW best 200 (a), NHWC best 300 (c, not
    /// d's 9,000): 300 / 200 = 1.5x.
    @Test func layoutsCompareBestAgainstBest() throws {
        let runs = [("a", UInt64(200)), ("b", 900), ("c", 300), ("d", 9000)].map { v, m in
            HandMadeDocument.run(v, [], accesses: 20_000, [HandMadeDocument.level("L1", accesses: 20_000, misses: m)])
        }
        let variants: JSON = .array(
            [("a", "nchw"), ("b", "nchw"), ("c", "nhwc"), ("d", "nhwc")].map {
                .object([("name", .string($0.0)), ("layout", .string($0.1))])
            })
        var d = HandMadeDocument.doc(
            "conv", machine: HandMadeDocument.machine("m", ["L1"]), runs: runs, kernel: "conv",
            extra: [("variants", variants)])
        // Shape n = 1, c = 10, k = 10, h = 10, w = 1, r = s = 1: 1,000 MACs.
        if case .object(var o) = d {
            o = o.map {
                $0.0 == "shape"
                    ? (
                        "shape",
                        .object([
                            ("n", .uint(1)), ("c", .uint(10)), ("k", .uint(10)), ("h", .uint(10)), ("w", .uint(1)),
                        ])
                    ) : $0
            }
            d = .object(o)
        }
        let md = try build([d]).markdown
        #expect(
            md.contains(
                """
                L1, best of each layout: NCHW 200 (**a**) against NHWC 300 (**c**): NCHW has the fewest; NHWC's \
                best has 1.5x as many.
                """
            ))
        // 20,000 accesses / (1·10·10·1·10·1·1 = 1,000 MACs) = 20.00 per MAC.
        #expect(md.contains("Memory accesses: all 4 runs make 20.00 per MAC (20,000)."))
    }

    @Test func differentKernelsAreRefused() throws {
        let g = HandMadeDocument.doc(
            "g", machine: HandMadeDocument.machine("m", ["L1"]),
            runs: [HandMadeDocument.run("x", [], accesses: 10, [HandMadeDocument.level("L1", accesses: 10, misses: 1)])]
        )
        let c = HandMadeDocument.doc(
            "c", machine: HandMadeDocument.machine("m", ["L1"]),
            runs: [
                HandMadeDocument.run("x", [], accesses: 10, [HandMadeDocument.level("L1", accesses: 10, misses: 1)])
            ], kernel: "conv")
        #expect(throws: LayoutLabError.self) { try build([g, c]) }
        do { _ = try build([g, c]) } catch {
            #expect(
                "\(error)"
                    == """
                    doc1.json (a gemm experiment) and doc2.json (a conv experiment) cannot be set side by side: \
                    give documents of the same kernel
                    """
            )
        }
    }

    /// Claims: 1x4 counts A 0.25, B 1, C 1 + 1 MNK (3.25); the claim 2.25 holds without B's
    /// loads, C's loads or C's stores (each 1 MNK: 3.25 - 1): all three are named.
    @Test func claimsGetVerdicts() throws {
        let mnk: UInt64 = 9_000_000
        func rb(_ v: String, a: UInt64, b: UInt64, cl: UInt64, cs: UInt64) -> JSON {
            let total = a + b + cl + cs
            return HandMadeDocument.run(
                v, [], accesses: total,
                [
                    HandMadeDocument.level(
                        "L1", accesses: total, misses: 10, regions: [("A", a, 0), ("B", b, 0), ("C", cl, cs)])
                ])
        }
        let claims: JSON = .array([
            SimulateJSON.claim(
                Claim(text: "1x4 makes (2 + 1/4) MNK", metric: .accessesPerMNK, variant: "block-1x4", value: 2.25)),
            SimulateJSON.claim(
                Claim(text: "4x4 makes (2 + 1/2) MNK", metric: .accessesPerMNK, variant: "block-4x4", value: 2.5)),
            SimulateJSON.claim(
                Claim(
                    text: "a 1.6x improvement", metric: .accessRatio, variant: "block-4x4", value: 1.6,
                    baseline: "naive")),
        ])
        let d = HandMadeDocument.doc(
            "rb", machine: HandMadeDocument.machine("m", ["L1"]),
            runs: [
                rb("naive", a: mnk, b: mnk, cl: mnk, cs: mnk), rb("block-1x4", a: mnk / 4, b: mnk, cl: mnk, cs: mnk),
                rb("block-4x4", a: mnk / 4, b: mnk / 4, cl: mnk, cs: mnk),
            ], extra: [("claims", claims)])
        let md = try build([d]).markdown
        #expect(
            md.contains(
                """
                Claim \"1x4 makes (2 + 1/4) MNK\" (accessesPerMNK of **block-1x4**, claimed 2.25 MNK): **does not \
                hold**: counted 3.25 MNK, 1.44x the claimed figure; without B's loads, or C's loads, or C's stores \
                the count is 2.25 MNK, as claimed, so the claim counts by another convention (it leaves one of \
                these out).
                """
            ))
        #expect(
            md.contains(
                """
                Claim \"4x4 makes (2 + 1/2) MNK\" (accessesPerMNK of **block-4x4**, claimed 2.5 MNK): **holds** \
                (counted 2.5 MNK, within 5%).
                """
            ))
        // 4 MNK / 2.5 MNK = 1.6.
        #expect(
            md.contains(
                """
                Claim \"a 1.6x improvement\" (accessRatio of **block-4x4** against **naive**, claimed 1.6x): \
                **holds** (counted 1.6x, within 5%).
                """
            ))
    }

    /// Bounds (`compare: at-least`) over a sweep: accesses 100 against the baseline's 50 at size
    /// 64 (ratio 0.5), 100 against 200 at size 128 (ratio 2): the claim of a ratio of at least 1
    /// does not hold, its least figure is 0.5x the bound, and it holds at size 128 only. An upper
    /// bound of 2 holds at both points, with no tolerance stated.
    @Test func boundClaimsNameThePointsWhereTheyHold() throws {
        func run(_ v: String, _ size: UInt64, _ accesses: UInt64) -> JSON {
            HandMadeDocument.run(
                v, [("size", .uint(size))], accesses: accesses,
                [HandMadeDocument.level("L1", accesses: accesses, misses: 1)])
        }
        var atLeast = Claim(text: "beneficial", metric: .accessRatio, variant: "s", value: 1, baseline: "b")
        atLeast.compare = .atLeast
        var atMost = Claim(text: "not too costly", metric: .accessRatio, variant: "s", value: 2, baseline: "b")
        atMost.compare = .atMost
        let d = HandMadeDocument.doc(
            "bounds", machine: HandMadeDocument.machine("m", ["L1"]),
            runs: [run("b", 64, 50), run("s", 64, 100), run("b", 128, 200), run("s", 128, 100)],
            extra: [
                ("claims", .array([SimulateJSON.claim(atLeast), SimulateJSON.claim(atMost)])),
                ("sweep", .object([("size", .array([.uint(64), .uint(128)]))])),
            ])
        let md = try build([d]).markdown
        #expect(
            md.contains(
                """
                Claim "beneficial" (accessRatio of **s** against **b**, claimed at least 1x): **does not hold**: \
                counted 0.5x to 2x, 0.50x the claimed figure; it holds at size = 128.
                """
            ), "\(md)")
        #expect(
            md.contains(
                """
                Claim "not too costly" (accessRatio of **s** against **b**, claimed at most 2x): **holds** (counted \
                0.5x to 2x over 2 points).
                """
            ))
    }

    @Test func replayDocumentsBecomeReports() throws {
        let r: JSON = .object([
            ("accesses", .uint(1000)), ("skipped", .uint(7)),
            ("levels", .array([HandMadeDocument.level("L1", accesses: 1000, misses: 40, compulsory: 30)])),
            ("trace", .string("t.bin")), ("format", .string("dinero-binary")),
            ("machine", HandMadeDocument.machine("tiny", ["L1"])),
        ])
        let md = try build([r]).markdown
        #expect(md.contains("**Trace** `t.bin` (dinero-binary): 1,000 accesses replayed, 7 records skipped."))
        #expect(md.contains("**Machine `tiny`**"))
        #expect(md.contains("| t | - | 1,000 | 40 | 4.00% | 40 / 0 | 0 (0) | 30 | 10 | 0 |"))
    }

    @Test func malformedDocumentsNameFileAndPath() {
        func err(_ j: JSON) -> String {
            do {
                _ = try ReportInput.decode(j, file: "x.json")
                return "accepted"
            } catch { return "\(error)" }
        }
        let m = HandMadeDocument.machine("m", ["L1", "L2"])
        let good = HandMadeDocument.run(
            "a", [], accesses: 10,
            [
                HandMadeDocument.level("L1", accesses: 10, misses: 1),
                HandMadeDocument.level("L2", accesses: 1, misses: 1),
            ])
        #expect(err(HandMadeDocument.doc("e", machine: m, runs: [good])) == "accepted")
        #expect(
            err(.array([]))
                == """
                x.json: expected a JSON object at the top level (a results document from simulate, measure or \
                replay --json)
                """
        )
        #expect(
            err(
                HandMadeDocument.doc(
                    "e", machine: m,
                    runs: [
                        HandMadeDocument.run(
                            "a", [], accesses: 10, [HandMadeDocument.level("L1", accesses: 10, misses: 1)])
                    ]))
                == "x.json: runs[0].levels: 1 level(s), but the machine has 2 (L1, L2)")
        let negative = JSON.object([("variant", .string("a")), ("accesses", .int(-5)), ("levels", .array([]))])
        #expect(err(HandMadeDocument.doc("e", machine: m, runs: [negative])).hasPrefix("x.json: runs[0]"))
        let text = JSON.object([
            ("variant", .string("a")), ("accesses", .string("many")),
            (
                "levels",
                .array([
                    HandMadeDocument.level("L1", accesses: 1, misses: 1),
                    HandMadeDocument.level("L2", accesses: 1, misses: 1),
                ])
            ),
        ])
        #expect(
            err(HandMadeDocument.doc("e", machine: m, runs: [text]))
                == "x.json: runs[0].accesses: expected a non-negative integer count, got the string \"many\"")
        // Keys are read in the order the document writes them: `machine` comes before `runs`.
        #expect(err(.object([("experiment", .string("e"))])) == "x.json: machine: missing")
    }

    /// The report and its charts change together: a chart that cannot be renamed into place
    /// (its name is taken by a folder) leaves the previous report as it was and no temporaries.
    @Test func aFailedWriteKeepsThePreviousReport() throws {
        let dir = TestDirectory("layoutlab-report-write")
        try "old report".write(toFile: dir.file("r.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir.file("r-a.svg/x"), withIntermediateDirectories: true)
        let r = Report(markdown: "new report", charts: [(file: "r-a.svg", svg: "<svg/>")])
        #expect(throws: LayoutLabError.self) { try r.write(to: dir.file("r.md")) }
        #expect(try String(contentsOfFile: dir.file("r.md"), encoding: .utf8) == "old report")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("")).sorted() == ["r-a.svg", "r.md"])
    }

    @Test func logAxesAndVisibleSeries() {
        #expect(SVGChart.needsLog([1e6, 3.3e7]))  // 33x
        #expect(!SVGChart.needsLog([1e6, 2e7]))  // exactly 20x stays linear
        #expect(!SVGChart.needsLog([0, 5, 90]))  // zeros aside: 18x
        let bars = SVGChart.bars(
            title: "t", yLabel: "misses", categories: ["a", "b"], segments: [("x", [1e6, 3.3e7])])
        #expect(bars.contains("misses (log scale)"))
        let lines = SVGChart.line(
            title: "t", xLabel: "n", yLabel: "misses",
            series: [
                .init(name: "naive-ikj", points: [(1, 5), (2, 6)]), .init(name: "naive-ijk", points: [(1, 5), (2, 6)]),
            ])
        #expect(lines.contains("naive-ijk (= naive-ikj)") && !lines.contains("misses (log scale)"))
        // Each series has its own dash pattern: the second line is dashed.
        #expect(lines.contains("stroke-dasharray='7,4'"))
    }
}
