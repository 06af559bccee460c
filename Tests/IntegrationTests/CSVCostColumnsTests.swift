import ResultsSchema
import Foundation
import Testing
import Reporting
import TestSupport

/// The CSV's cost columns (issue 27, item 2) against the JSON document beside it. Their meaning
/// is the one docs/json-documents.md gives: after the counters, `costUnit` (cost.unit), `flops`
/// (cost.flops), `registersBytes`/`registersCycles` (boundaries[0], registers-L1), then on a level
/// row the boundary from that level to the one below (`boundary`, `boundaryBytes`,
/// `boundaryCycles`: boundaries[k + 1] on the k-th level's row), `rooflineCycles`,
/// `rooflineGflops`, `rooflineBound`, `ecmCycles`, `ecmGflops`, `ecmOverlap`, `ecmNonOverlap`.
/// Where `cost` is null every one of them is an empty cell, not 0.
@Suite struct CSVCostColumnsTests {
    /// The documented header, written out here (not taken from the code).
    static let costColumns = [
        "costUnit", "flops", "registersBytes", "registersCycles", "boundary", "boundaryBytes", "boundaryCycles",
        "rooflineCycles", "rooflineGflops", "rooflineBound", "ecmCycles", "ecmGflops", "ecmOverlap",
        "ecmNonOverlap",
    ]
    /// Three levels with every figure the model needs (bandwidths as B/cycle and GB/s).
    static let machine = """
        name: costed
        core: {clock: 2, flopsPerCycle: {f32: 16}, loadsPerCycle: 2, storesPerCycle: 1, loadBytes: 32, storeBytes: 32}
        levels:
          - {name: L1, size: 256, line: 16, ways: 2, bandwidth: 32}
          - {name: L2, size: 1KiB, line: 32, ways: 4, bandwidth: 40 GB/s}
          - {name: L3, size: 4KiB, line: 64, ways: 8}
        memory: {bandwidth: 8}

        """
    static let experiment = """
        name: costcols
        machine: costed.yaml
        kernel: gemm
        shape: {m: 16, n: 16, k: 16}
        variants:
          - {name: ijk, loops: ijk}
          - {name: tiled, algorithm: tiled, tile: 4}
        sweep:
          n: [12, 16]

        """
    let scratch = TestDirectory("layoutlab-csvcost")

    /// The cell the JSON value gives, compared as numbers where it is a number.
    static func same(_ cell: String, _ json: JSON?) -> Bool {
        guard let json else { return false }
        if let s = json.string { return cell == s }
        guard let want = json.double ?? json.uint64.map(Double.init), let got = Double(cell) else { return false }
        return got == want
    }

    /// Checks the cost cells of every row of `csv` against `docs` (document, run, level order).
    static func check(_ csv: String, _ docs: [JSON]) throws -> (costed: Int, empty: Int) {
        let rows = CSVColumnsTests.parse(csv)
        let header = try #require(rows.first)
        let at = header.count - costColumns.count
        #expect(Array(header[at...]) == costColumns, "header \(header)")
        var expected: [(JSON, JSON)] = []
        for d in docs {
            for r in d["runs"]?.array ?? [] { for l in r["levels"]?.array ?? [] { expected.append((r, l)) } }
        }
        #expect(rows.count - 1 == expected.count)
        var costed = 0, empty = 0
        for (n, (row, (r, l))) in zip(rows.dropFirst(), expected).enumerated() {
            let cells = Dictionary(uniqueKeysWithValues: zip(costColumns, row[at...]))
            guard let c = r["cost"], c != .null else {
                let allEmpty = cells.values.allSatisfy { $0.isEmpty }
                #expect(allEmpty, "row \(n + 1): null cost, cells \(cells)")
                empty += 1
                continue
            }
            costed += 1
            let names = r["levels"]?.array?.compactMap { $0["name"]?.string } ?? []
            let k = try #require(names.firstIndex(of: l["name"]?.string ?? ""))
            let b = c["boundaries"]?.array ?? []
            let want: [String: JSON?] = [
                "costUnit": c["unit"], "flops": c["flops"],
                "registersBytes": b.first?["bytes"], "registersCycles": b.first?["cycles"],
                "boundary": b[k + 1]["name"], "boundaryBytes": b[k + 1]["bytes"],
                "boundaryCycles": b[k + 1]["cycles"],
                "rooflineCycles": c["roofline"]?["cycles"], "rooflineGflops": c["roofline"]?["gflops"],
                "rooflineBound": c["roofline"]?["bound"], "ecmCycles": c["ecm"]?["cycles"],
                "ecmGflops": c["ecm"]?["gflops"], "ecmOverlap": c["ecm"]?["overlap"],
                "ecmNonOverlap": c["ecm"]?["nonOverlap"],
            ]
            for column in costColumns {
                let cell = cells[column] ?? "?"
                let json = want[column] ?? nil
                #expect(same(cell, json), "row \(n + 1) \(column): '\(cell)', JSON \(json.map { "\($0)" } ?? "-")")
            }
            // The level's boundary is the one below it: named after the level.
            #expect(cells["boundary"]?.hasPrefix((l["name"]?.string ?? "?") + "-") == true)
        }
        return (costed, empty)
    }

    @Test func everyCostCellMatchesTheJSONDocumentAndNullCostIsEmpty() throws {
        try Self.machine.write(toFile: scratch.file("costed.yaml"), atomically: true, encoding: .utf8)
        let exp = scratch.file("costcols.yaml")
        try Self.experiment.write(toFile: exp, atomically: true, encoding: .utf8)
        let out = scratch.file("out")
        let sim = try CLIProcess.run(["simulate", exp, "--out", out, "--quiet"])
        #expect(sim.status == 0, "\(sim.err)")
        let doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: out + "/costcols.json")))
        let simCSV = try String(contentsOfFile: out + "/costcols.csv", encoding: .utf8)
        let simCounts = try Self.check(simCSV, [doc])
        #expect(simCounts == (costed: 12, empty: 0))
        // Not vacuous: every pair of numeric cost columns differs in some row, so two swapped fail.
        let rows = CSVColumnsTests.parse(simCSV)
        let at = rows[0].count - Self.costColumns.count
        let words = ["costUnit", "boundary", "rooflineBound"]
        let numeric = Self.costColumns.indices.filter { !words.contains(Self.costColumns[$0]) }
        for (x, i) in numeric.enumerated() {
            for j in numeric[(x + 1)...] {
                #expect(
                    rows.dropFirst().contains { $0[at + i] != $0[at + j] },
                    "columns \(Self.costColumns[i]) and \(Self.costColumns[j]) are equal in every row")
            }
        }
        // report --csv with a document whose machine gives no figures (cost null): empty cells.
        let plain = scratch.file("plain.json")
        let second = try CLIProcess.run(["simulate", exp, "--machine", "tiny", "--json", plain, "--quiet"])
        #expect(second.status == 0, "\(second.err)")
        let plainDoc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: plain)))
        let both = scratch.file("both.csv")
        let rep = try CLIProcess.run(["report", out + "/costcols.json", plain, "--csv", both])
        #expect(rep.status == 0, "\(rep.err)")
        let counts = try Self.check(try String(contentsOfFile: both, encoding: .utf8), [doc, plainDoc])
        #expect(counts == (costed: 12, empty: 8))
    }
}
