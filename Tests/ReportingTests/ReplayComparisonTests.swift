import ResultsSchema
import Testing
@testable import Reporting
import SafeIO
import TestSupport

/// Replays by name (`replay --name`): the default name, the name read back (and its absence in
/// older documents), the comparisons `report` makes between replays, and labels that stay
/// unique. Every expected sentence follows by hand from the hand-made counts beside it.
@Suite struct ReplayComparisonTests {
    /// A replay document of `trace` on `machine` (levels L1 and L2), named `name` when given.
    static func replay(
        _ trace: String, name: String?, machine: String, l1: (UInt64, UInt64), l2: (UInt64, UInt64)
    ) -> JSON {
        var o: [(String, JSON)] = [
            ("accesses", .uint(l1.0)), ("skipped", .uint(0)),
            (
                "levels",
                .array([
                    HandMadeDocument.level("L1", accesses: l1.0, misses: l1.1, compulsory: l1.1),
                    HandMadeDocument.level("L2", accesses: l2.0, misses: l2.1, compulsory: l2.1),
                ])
            ),
            ("trace", .string(trace)), ("format", .string("lackey")),
        ]
        if let name { o.append(("name", .string(name))) }
        o.append(("machine", HandMadeDocument.machine(machine, ["L1", "L2"])))
        return .object(o)
    }

    static func inputs(_ docs: [(file: String, json: JSON)]) throws -> [ReportInput] {
        try docs.map { try ReportInput.decode($0.json, file: $0.file) }
    }

    static func markdown(_ docs: [(file: String, json: JSON)]) throws -> String {
        try Report.build(inputs(docs), stem: "t", command: "layoutlab report").markdown
    }

    /// The findings section only.
    static func findings(_ md: String) -> String {
        md.components(separatedBy: "## Findings")[1].components(separatedBy: "## Charts")[0]
    }

    @Test func theDefaultNameIsTheFileNameWithoutItsExtension() throws {
        #expect(ReplayName.default(trace: "traces/mm.lackey") == "mm")
        #expect(ReplayName.default(trace: "mm") == "mm")
        #expect(ReplayName.default(trace: "/tmp/a.b.din") == "a.b")
        #expect(ReplayName.default(trace: "dir/.hidden") == ".hidden")
        #expect(ReplayName.default(trace: "-") == "stdin")
        #expect(try ReplayName.resolve(given: "run 1", trace: "t.din") == "run 1")
        #expect(try ReplayName.resolve(given: nil, trace: "x/t.din") == "t")
        #expect(throws: LayoutLabError.self) { try ReplayName.resolve(given: "a/b", trace: "t.din") }
        do {
            _ = try ReplayName.resolve(given: "", trace: "t.din")
            Issue.record("an empty name was accepted")
        } catch { #expect("\(error)" == "--name: must not be empty") }
    }

    @Test func theNameIsReadBackAndOlderDocumentsAreNamedFromTheirTrace() throws {
        let named = Self.replay("x/t.din", name: "blocked", machine: "m", l1: (100, 10), l2: (10, 5))
        let old = Self.replay("x/t.din", name: nil, machine: "m", l1: (100, 10), l2: (10, 5))
        let ins = try Self.inputs([("a.json", named), ("b.json", old)])
        #expect(ins[0].runs[0].variant == "blocked")
        #expect(ins[1].runs[0].variant == "t")
        let bad = Self.replay("t.din", name: "a/b", machine: "m", l1: (100, 10), l2: (10, 5))
        do {
            _ = try Self.inputs([("c.json", bad)])
            Issue.record("a name with / was accepted")
        } catch {
            #expect(
                "\(error)"
                    == "c.json: name: replay name `a/b` contains `/`; names become file names and must not name folders"
            )
        }
    }

    /// Two traces on one machine: a makes 40 L1 misses of 1,000 accesses (4.00%), b 160 of
    /// 2,000 (8.00%): 160 / 40 = 4.0x. At L2, a 40 of 40 accesses, b 40 of 160: equal misses.
    @Test func differentTracesOnOneMachineAreComparedByName() throws {
        let md = try Self.markdown([
            ("a.json", Self.replay("a.lackey", name: nil, machine: "m", l1: (1000, 40), l2: (40, 40))),
            ("b.json", Self.replay("b.lackey", name: nil, machine: "m", l1: (2000, 160), l2: (160, 40))),
        ])
        let f = Self.findings(md)
        #expect(
            f.contains(
                """
                - On m, L1: fewest misses **a** (40, 4.00% of 1,000 accesses); most **b** (160, 8.00% of 2,000 \
                accesses), 4.0x as many.
                """
            ))
        #expect(f.contains("- On m, L2: 40 misses each for **a** and **b**."))
        #expect(!f.contains("share no variant"))
        // One machine, two names: the source column is the name, and the header says so.
        #expect(md.contains("Rows of every table name their document by replay name and/or machine, whichever differ."))
        #expect(md.contains("| a | a | - | 1,000 | 40 |"))
        #expect(md.contains("| b | b | - | 2,000 | 160 |"))
    }

    /// One trace on two machines: 400 L1 misses on small, 100 on big (4.0x); L2 50 and 52, 4%
    /// apart: about equal, never "1.04x".
    @Test func oneTraceOnSeveralMachinesIsComparedByName() throws {
        let md = try Self.markdown([
            ("s.json", Self.replay("mm.lackey", name: "mm", machine: "small", l1: (1000, 400), l2: (400, 50))),
            ("b.json", Self.replay("mm.lackey", name: "mm", machine: "big", l1: (1000, 100), l2: (100, 52))),
        ])
        let f = Self.findings(md)
        #expect(f.contains("- **mm**: 400 L1 misses on small, 100 L1 misses on big (4.0x from fewest to most)."))
        #expect(f.contains("- **mm**: 50 L2 misses on small, 52 L2 misses on big (about equal, within 5%)."))
        #expect(!f.contains("share no variant"))
        #expect(md.contains("| small | mm | - | 1,000 | 400 |"))
    }

    /// 100 L1 misses of 1,000 accesses (10.00%) against 104 of 2,000 (5.20%): 4% apart.
    @Test func missesWithinFivePercentAreAboutEqual() throws {
        let md = try Self.markdown([
            ("a.json", Self.replay("a.lackey", name: nil, machine: "m", l1: (1000, 100), l2: (100, 10))),
            ("b.json", Self.replay("b.lackey", name: nil, machine: "m", l1: (2000, 104), l2: (104, 20))),
        ])
        #expect(
            Self.findings(md).contains(
                """
                - On m, L1: about equal (within 5%): **a** (100, 10.00% of 1,000 accesses) and **b** (104, 5.20% \
                of 2,000 accesses).
                """
            ))
        #expect(!md.contains("1.04x"))
    }

    @Test func replaysSharingNothingSaySo() throws {
        let md = try Self.markdown([
            ("a.json", Self.replay("a.lackey", name: nil, machine: "small", l1: (10, 1), l2: (1, 1))),
            ("b.json", Self.replay("b.lackey", name: nil, machine: "big", l1: (10, 1), l2: (1, 1))),
        ])
        #expect(
            Self.findings(md).contains(
                """
                - The replays share neither a machine nor a name, so none is compared with another (`replay \
                --name` names a replay).
                """
            ))
        #expect(md.contains("| a on small | a | - |"))
    }

    /// Two traces with one file name in different folders, both named `t` by default, on one
    /// machine: told apart by the shortest path suffix that differs, `x/a` against `y/a`.
    @Test func twoTracesWithOneFileNameGetUniqueLabels() throws {
        let md = try Self.markdown([
            ("r1.json", Self.replay("runs/x/a/t.din", name: nil, machine: "m", l1: (100, 10), l2: (10, 10))),
            ("r2.json", Self.replay("runs/y/a/t.din", name: nil, machine: "m", l1: (100, 30), l2: (30, 10))),
        ])
        #expect(md.contains("| m (x/a/t.din) | t | - | 100 | 10 |"))
        #expect(md.contains("| m (y/a/t.din) | t | - | 100 | 30 |"))
        #expect(
            Self.findings(md).contains(
                "- **t**: 10 L1 misses on m (x/a/t.din), 30 L1 misses on m (y/a/t.din) (3.0x from fewest to most)."))
    }

    @Test func labelsAreUniqueWhateverTheDocuments() throws {
        #expect(SourceLabels.distinguishingSuffixes(["a/t.din", "b/t.din"]) == ["a/t.din", "b/t.din"])
        #expect(
            SourceLabels.distinguishingSuffixes(["/p/x/a/t", "/q/y/a/t", "/q/z/b/t"]) == ["x/a/t", "y/a/t", "b/t"])
        #expect(SourceLabels.distinguishingSuffixes(["./r.json", "r.json"]) == [nil, nil])
        // Simulate documents of one experiment and machine in two folders under one file name:
        // before, both were labelled `m (r.json)`.
        let m = HandMadeDocument.machine("m", ["L1"])
        let run = HandMadeDocument.run("v", [], accesses: 10, [HandMadeDocument.level("L1", accesses: 10, misses: 1)])
        let sim = HandMadeDocument.doc("e", machine: m, runs: [run])
        let labels = SourceLabels.make(try Self.inputs([("a/r.json", sim), ("b/r.json", sim), ("b/r.json", sim)]))
        #expect(labels == ["m (a/r.json)", "m (b/r.json, #2)", "m (b/r.json, #3)"])
        #expect(Set(labels).count == labels.count)
        // One replay document given twice: its number in the document table.
        let r = Self.replay("t.din", name: nil, machine: "m", l1: (10, 1), l2: (1, 1))
        #expect(SourceLabels.make(try Self.inputs([("r.json", r), ("r.json", r)])) == ["m (#1)", "m (#2)"])
    }
}
