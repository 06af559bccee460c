import Foundation
import Reporting
import ResultsSchema
import LayoutConfig
import SafeIO

/// `layoutlab report`, and `--report` on simulate and measure: results documents -> markdown
/// report with SVG charts beside it.
public enum ReportJob {
    /// Reads results files and writes the report to `output` (charts beside it).
    public static func run(inputs: [String], output: String, command: String) throws -> Report {
        try OutputCheck.file(output, option: "-o", withCharts: true)
        for p in inputs where OutputCheck.sameFile(p, output) {
            throw LayoutLabError(
                """
                \(output): is also an input of this report; writing it would overwrite that input (give -o another \
                file)
                """
            )
        }
        return try write(try read(inputs), output: output, command: command)
    }

    /// Reads and parses results files, each with its path.
    public static func read(_ inputs: [String]) throws -> [(JSON, String)] {
        guard !inputs.isEmpty else {
            throw LayoutLabError("report: give at least one results file (from simulate --json or measure --json)")
        }
        return try inputs.map { path -> (JSON, String) in
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw LayoutLabError("\(path): no such file")
            }
            if isDir.boolValue { throw LayoutLabError("\(path): is a directory, not a results file") }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LayoutLabError("\(path): cannot be read")
            }
            if data.isEmpty { throw LayoutLabError("\(path): is empty, not a results document") }
            do { return (try JSON.parse(data), path) } catch {
                throw LayoutLabError(
                    """
                    \(path): not valid JSON (\(error))
                    """)
            }
        }
    }

    /// Writes the documents' per-run, per-level counters as CSV (`CSVTable`) to `path`.
    public static func writeCSV(_ docs: [(JSON, String)], to path: String) throws {
        try AtomicFile.write(try csv(docs), to: path)
    }

    /// The CSV text for documents in memory (what `writeCSV` writes).
    public static func csv(_ docs: [(JSON, String)]) throws -> String {
        try refuseShards(docs)
        return CSVTable.text(try docs.map { try ReportInput.decode($0.0, file: $0.1) })
    }

    /// The report for documents in memory (what `write` writes), charts named `stem-*.svg`.
    public static func build(_ docs: [(JSON, String)], stem: String, command: String) throws -> Report {
        try refuseShards(docs)
        return try Report.build(try docs.map { try ReportInput.decode($0.0, file: $0.1) }, stem: stem, command: command)
    }

    /// A partial document of a sharded sweep holds only some runs; its findings would be
    /// about that part (`layoutlab merge` first).
    static func refuseShards(_ docs: [(JSON, String)]) throws {
        for (d, file) in docs {
            guard let s = d["shard"], s != .null else { continue }
            let f = FieldReader(file: file)
            let i = try f.count(s["index"], "shard.index", max: 1_000_000)
            let n = try f.count(s["count"], "shard.count", max: 1_000_000)
            throw LayoutLabError(
                "\(file): shard \(i)/\(n) of a sweep, not the whole sweep; "
                    + "join the shards with layoutlab merge first")
        }
    }

    /// Builds and writes the report for documents already in memory.
    @discardableResult
    public static func write(_ docs: [(JSON, String)], output: String, command: String) throws -> Report {
        try refuseShards(docs)
        try AtomicFile.ensureWritableDirectory(PathText.directory(output))
        let stem = (output.split(separator: "/").last.map(String.init) ?? "report").replacingOccurrences(
            of: ".md", with: "")
        let report = try build(docs, stem: stem, command: command)
        try report.write(to: output)
        return report
    }
}
