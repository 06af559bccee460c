import Foundation
import Testing
import Reporting
import ResultsSchema
import TestSupport

/// Every cell of the CSV that `simulate --csv` and `report --csv` write, against the JSON results
/// document beside it (issue 26: only 3 of 19 columns were checked, so two columns swapped, such as
/// bytesIn and bytesOut, passed). Each column's meaning is taken from the header README documents
/// (JSON documents): `experiment,machine,variant`, the sweep keys, then `level,accesses,hits,misses,
/// missRate,loadMisses,storeMisses,writebacks,flushedWritebacks,compulsory,capacity,conflict,
/// prefetches,bytesIn,bytesOut`, where bytesIn/bytesOut are the JSON's bytesRead/bytesWritten,
/// flushedWritebacks its flushed.writebacks, missRate misses / accesses, and a counter the document
/// did not compute (null) is an empty cell.
@Suite struct CSVColumnsTests {
    /// Three levels with a prefetcher on L1, so that every counter column is nonzero somewhere and
    /// the columns differ from one another.
    static let machine = """
        name: three
        levels:
          - {name: L1, size: 256, line: 16, ways: 2, prefetch: next-line}
          - {name: L2, size: 1KiB, line: 32, ways: 4}
          - {name: L3, size: 4KiB, line: 64, ways: 8, inclusion: inclusive}

        """
    static let experiment = """
        name: cols
        machine: three.yaml
        kernel: gemm
        shape: {m: 16, n: 16, k: 16}
        variants:
          - {name: ijk, loops: ijk}
          - {name: jki-col, loops: jki, layoutA: col, layoutC: col}
          - {name: tiled, algorithm: tiled, tile: 4}
        sweep:
          n: [12, 16]
          k: [8, 16]

        """
    static let counterColumns = [
        "accesses", "hits", "misses", "missRate", "loadMisses", "storeMisses", "writebacks",
        "flushedWritebacks", "compulsory", "capacity", "conflict", "prefetches",
        "bytesIn", "bytesOut",
    ]
    let scratch = TestDirectory("layoutlab-csvcols")

    /// RFC 4180 records: fields split at commas outside quotes, quoted fields unquoted.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, wasQuoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if c == "," {
                row.append(field)
                field = ""
                wasQuoted = false
            } else if c == "\r\n" || c == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                wasQuoted = false
            } else {
                field.append(c)
            }
        }
        if !row.isEmpty || !field.isEmpty { rows.append(row + [field]) }
        return rows
    }

    /// The cell a JSON counter gives: its decimal digits, or empty for null.
    static func cell(_ v: JSON?) -> String? {
        guard let v else { return nil }
        if case .null = v { return "" }
        return v.uint64.map { String($0) }
    }

    /// What the documented header says a counter column of a row holds, from the row's level.
    static func expected(_ column: String, level: JSON) -> String? {
        switch column {
        case "flushedWritebacks": return cell(level["flushed"]?["writebacks"])
        case "bytesIn": return cell(level["bytesRead"])
        case "bytesOut": return cell(level["bytesWritten"])
        default: return cell(level[column])
        }
    }

    /// Checks every row of `csv` against `docs`, in the documented order (document, run, level),
    /// and returns the rows' counter columns by name, for the sensitivity check.
    @discardableResult
    static func check(_ csv: String, _ docs: [JSON], _ what: String) throws -> [[String: String]] {
        let rows = parse(csv)
        #expect(csv.hasSuffix("\r\n"), "\(what): CRLF line ends")
        let header = try #require(rows.first)
        #expect(Array(header.prefix(3)) == ["experiment", "machine", "variant"], "\(what)")
        let levelAt = try #require(header.firstIndex(of: "level"))
        let keys = Array(header[3..<levelAt])
        #expect(
            Array(header[(levelAt + 1)...]) == counterColumns + CSVCostColumnsTests.costColumns,
            "\(what): header \(header)")
        // The sweep keys: every document's, in the order first seen.
        var union: [String] = []
        for d in docs {
            for r in d["runs"]?.array ?? [] {
                guard case .object(let point)? = r["point"] else { continue }
                for (k, _) in point.sorted(by: { $0.0 < $1.0 }) where !union.contains(k) { union.append(k) }
            }
        }
        #expect(Set(keys) == Set(union) && keys.count == union.count, "\(what): sweep columns \(keys) vs \(union)")
        var expectedRows: [(JSON, JSON, JSON)] = []
        for d in docs {
            for r in d["runs"]?.array ?? [] { for l in r["levels"]?.array ?? [] { expectedRows.append((d, r, l)) } }
        }
        let body = Array(rows.dropFirst())
        #expect(body.count == expectedRows.count, "\(what): one row per run and level")
        var named: [[String: String]] = []
        for (n, (row, (d, r, l))) in zip(body, expectedRows).enumerated() {
            let at = "\(what) row \(n + 1)"
            #expect(row.count == header.count, "\(at): \(row.count) cells")
            guard row.count == header.count else { continue }
            #expect(row[0] == d["experiment"]?.string, "\(at) experiment")
            #expect(row[1] == d["machine"]?["name"]?.string, "\(at) machine")
            #expect(row[2] == r["variant"]?.string, "\(at) variant")
            for (i, k) in keys.enumerated() {
                let v = r["point"]?[k]
                let want = v.flatMap { $0.uint64.map { String($0) } ?? $0.string } ?? ""
                #expect(row[3 + i] == want, "\(at) sweep key \(k)")
            }
            #expect(row[levelAt] == l["name"]?.string, "\(at) level")
            var byName: [String: String] = [:]
            for (i, column) in counterColumns.enumerated() {
                let got = row[levelAt + 1 + i]
                byName[column] = got
                if column == "missRate" {
                    // missRate = misses / accesses (0 for a level never accessed).
                    let acc = Double(l["accesses"]?.uint64 ?? 0), miss = Double(l["misses"]?.uint64 ?? 0)
                    let want = acc == 0 ? 0 : miss / acc
                    let value = try #require(Double(got), "\(at) missRate '\(got)'")
                    #expect(abs(value - want) <= 1e-12 * max(1, want), "\(at) missRate \(got), want \(want)")
                    continue
                }
                let want = try #require(expected(column, level: l), "\(at): JSON lacks \(column)")
                #expect(got == want, "\(at) (\(l["name"]?.string ?? "?")) column \(column): '\(got)', JSON '\(want)'")
            }
            named.append(byName)
        }
        return named
    }

    @Test func defect26_everyCSVColumnMatchesTheJSONDocument() throws {
        try Self.machine.write(toFile: scratch.file("three.yaml"), atomically: true, encoding: .utf8)
        let exp = scratch.file("cols.yaml")
        try Self.experiment.write(toFile: exp, atomically: true, encoding: .utf8)
        let out = scratch.file("out")
        let sim = try CLIProcess.run(["simulate", exp, "--out", out, "--quiet"])
        #expect(sim.status == 0, "\(sim.err)")
        let doc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: out + "/cols.json")))
        let simCSV = try String(contentsOfFile: out + "/cols.csv", encoding: .utf8)
        let cells = try Self.check(simCSV, [doc], "simulate --out")
        // Not vacuous: every pair of counter columns differs in some row, so any two swapped fail.
        let countColumns = Self.counterColumns.filter { $0 != "missRate" }
        for (x, a) in countColumns.enumerated() {
            for b in countColumns[(x + 1)...] {
                #expect(cells.contains { $0[a] != $0[b] }, "columns \(a) and \(b) are equal in every row")
            }
        }
        // report --csv over two documents: this one and the same experiment on tiny without 3C
        // (null counters: empty cells).
        let lean = scratch.file("lean.json")
        let second = try CLIProcess.run(["simulate", exp, "--machine", "tiny", "--no3c", "--json", lean, "--quiet"])
        #expect(second.status == 0, "\(second.err)")
        let leanDoc = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: lean)))
        let both = scratch.file("both.csv")
        let rep = try CLIProcess.run(["report", out + "/cols.json", lean, "--csv", both])
        #expect(rep.status == 0, "\(rep.err)")
        let bothCSV = try String(contentsOfFile: both, encoding: .utf8)
        let leanCells = try Self.check(bothCSV, [doc, leanDoc], "report --csv")
        #expect(leanCells.last?["compulsory"] == "" && leanCells.first?["compulsory"] != "")
    }
}
