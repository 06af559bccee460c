@testable import CacheSim
import LayoutLabKit
import ResultsSchema
import Foundation
import Testing
@testable import Reporting

/// Issue 26: `LevelCounters` has one field table (`LevelCounters.fields`) that drives its sum,
/// the JSON results document (writer and reader), the CSV and the report's counter table. Every
/// check below walks the table, so a counter added to it is checked everywhere with no other edit;
/// one added to the struct but not to the table fails `everyStoredCounterIsInTheTable`.
@Suite struct CounterFieldTableTests {
    /// A distinct value per field, in table order (index i gives 7,00(i+1),00i): no two fields,
    /// and none of the derived counts, share a number, and loads + stores exceed the misses so the
    /// reader's sum checks accept it.
    static func distinct() -> LevelCounters {
        var c = LevelCounters()
        for (i, f) in LevelCounters.fields.enumerated() { c[keyPath: f.keyPath] = value(i) }
        return c
    }

    static func value(_ i: Int) -> UInt64 { 7_000_000 + 1_000 * UInt64(i + 1) + UInt64(i) }

    /// Write-backs of the final flush: distinct from every counter above.
    static let flushedWritebacks: UInt64 = 5_555_555

    /// One level's stats holding `c` as its total and its one region, flushed as `flushedWritebacks`.
    static func stats(_ c: LevelCounters, classified: Bool) -> SimulationStats {
        let config = LevelConfig(name: "L1", size: 32768, line: 64, ways: 8)
        var flushed = LevelCounters()
        flushed.writebacks = flushedWritebacks
        let end = HierarchyStats(
            accesses: c.accesses, levels: [LevelStats(config: config, total: c, regions: [0: c])],
            memoryBytesRead: 0, memoryBytesWritten: 0, classified: classified)
        let after = HierarchyStats(
            accesses: c.accesses,
            levels: [LevelStats(config: config, total: flushed, regions: [:])],
            memoryBytesRead: 0, memoryBytesWritten: 0, classified: classified)
        return SimulationStats(end: end, flushed: after, regionNames: [:])
    }

    /// A one-run results document as `simulate` writes it, decoded as `report` reads it.
    static func input(_ c: LevelCounters, classified: Bool) throws -> (JSON, ReportInput) {
        let s = stats(c, classified: classified)
        let run = SimulateJSON.runRecord(variant: "v", point: [:], accesses: c.accesses, footprintBytes: 0, stats: s)
        var record = SimulateJSON.document(
            experiment: "fields", machine: SimulateJSON.machineRecord(name: "m", levels: s.end.levels.map(\.config)),
            runs: [run])
        record.kernel = "gemm"
        record.element = "f64"
        record.shape = Fields([("m", 4), ("n", 4), ("k", 4)])
        record.sweep = Fields()
        record.layoutlab = "test"
        let doc = SchemaEncoder.encode(record)
        return (doc, try ReportInput.decode(doc, file: "fields.json"))
    }

    /// The counter table's header and its one row of the report, split into cells.
    static func reportRow(_ input: ReportInput) throws -> (header: [String], row: [String]) {
        let md = try Report.build([input], stem: "t", command: "layoutlab report").markdown
        let lines = md.components(separatedBy: "\n")
        let h = try #require(lines.firstIndex { $0.hasPrefix("| variant | point | accesses | misses | miss rate") })
        func cells(_ line: String) -> [String] {
            line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }
        return (cells(lines[h]), cells(lines[h + 2]))
    }

    /// The CSV's header and its one row (no cell here holds a comma or a quote).
    static func csvRow(_ input: ReportInput) -> (header: [String], row: [String]) {
        let rows = CSVTable.text([input]).components(separatedBy: "\r\n").map { $0.components(separatedBy: ",") }
        return (rows[0], rows[1])
    }

    @Test func everyStoredCounterIsInTheTable() {
        let c = Self.distinct()
        let stored = Mirror(reflecting: c).children.compactMap { $0.value as? UInt64 }
        #expect(stored.count == Mirror(reflecting: c).children.count)
        #expect(stored.sorted() == LevelCounters.fields.indices.map(Self.value))
        #expect(Set(LevelCounters.fields.map(\.name)).count == LevelCounters.fields.count)
    }

    @Test func sumAddsEveryField() {
        let c = Self.distinct()
        let twice = c + c
        for (i, f) in LevelCounters.fields.enumerated() {
            #expect(twice[keyPath: f.keyPath] == 2 * Self.value(i), "\(f.name)")
        }
    }

    @Test func tableDrivesJSONCSVAndReport() throws {
        let c = Self.distinct()
        let (doc, input) = try Self.input(c, classified: true)
        let level = try #require(doc["runs"]?.array?.first?["levels"]?.array?.first)
        let keys = try #require(level.object?.map(\.0))
        let regionsAt = try #require(keys.firstIndex(of: "regions"))
        for (i, f) in LevelCounters.fields.enumerated() {
            #expect(level[f.name] == .uint(Self.value(i)), "JSON \(f.name)")
            #expect(level["regions"]?["untagged"]?[f.name] == .uint(Self.value(i)), "JSON region \(f.name)")
            let at = try #require(keys.firstIndex(of: f.name))
            #expect(f.block == .core ? at < regionsAt : at > regionsAt, "JSON place of \(f.name)")
        }
        #expect(input.runs.first?.levels.first?.c == c)
        // The level record read back writes the very entry it was read from.
        #expect(input.runs.first?.levels.first?.json == level)
        #expect(input.runs.first?.levels.first?.regions.first?.c == c)

        let csv = Self.csvRow(input)
        for (i, f) in LevelCounters.fields.enumerated() {
            guard let column = f.csv else { continue }
            let at = try #require(csv.header.firstIndex(of: column), "CSV column \(column)")
            #expect(csv.row[at] == String(Self.value(i)), "CSV \(column)")
        }
        let flushedAt = try #require(csv.header.firstIndex(of: "flushedWritebacks"))
        #expect(csv.row[flushedAt] == String(Self.flushedWritebacks))

        let report = try Self.reportRow(input)
        for (i, f) in LevelCounters.fields.enumerated() {
            guard let title = f.report else { continue }
            let at = try #require(report.header.firstIndex(of: title), "report column \(title)")
            #expect(report.row[at].contains(Fmt.int(Self.value(i))), "report \(f.name): \(report.row[at])")
        }
    }

    @Test func unclassifiedThreeCIsNullEmptyAndDash() throws {
        let c = Self.distinct()
        let (doc, input) = try Self.input(c, classified: false)
        let level = try #require(doc["runs"]?.array?.first?["levels"]?.array?.first)
        #expect(input.runs.first?.levels.first?.json == level)
        let csv = Self.csvRow(input)
        let report = try Self.reportRow(input)
        for (i, f) in LevelCounters.fields.enumerated() {
            #expect(level[f.name] == (f.threeC ? .null : .uint(Self.value(i))), "JSON \(f.name)")
            if let column = f.csv, let at = csv.header.firstIndex(of: column) {
                #expect(csv.row[at] == (f.threeC ? "" : String(Self.value(i))), "CSV \(column)")
            }
            if let title = f.report, let at = report.header.firstIndex(of: title), f.threeC {
                #expect(report.row[at] == "-", "report \(f.name)")
            }
        }
    }
}
