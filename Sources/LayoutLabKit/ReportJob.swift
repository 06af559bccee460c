import Foundation
import Reporting

/// `layoutlab report`, and `--report` on simulate and measure: results documents -> markdown
/// report with SVG charts beside it.
public enum ReportJob {
    /// Reads results files and writes the report to `output` (charts beside it).
    public static func run(inputs: [String], output: String, command: String) throws -> Report {
        guard !inputs.isEmpty else { throw ReportError("report: give at least one results file (from simulate --json or measure --json)") }
        try OutputCheck.file(output, option: "-o", withCharts: true)
        for p in inputs where OutputCheck.sameFile(p, output) {
            throw ReportError("\(output): is also an input of this report; writing it would overwrite that input (give -o another file)")
        }
        let docs = try inputs.map { path -> (JSON, String) in
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw ReportError("\(path): no such file") }
            if isDir.boolValue { throw ReportError("\(path): is a directory, not a results file") }
            guard let data = FileManager.default.contents(atPath: path) else { throw ReportError("\(path): cannot be read") }
            do { return (try JSON.parse(data), path) } catch { throw ReportError("\(path): not valid JSON (\(error.localizedDescription))") }
        }
        return try write(docs, output: output, command: command)
    }

    /// Builds and writes the report for documents already in memory.
    @discardableResult
    public static func write(_ docs: [(JSON, String)], output: String, command: String) throws -> Report {
        try AtomicFile.ensureWritableDirectory(PathText.directory(output))
        let inputs = try docs.map { try ReportInput.decode($0.0, file: $0.1) }
        let stem = (output.split(separator: "/").last.map(String.init) ?? "report").replacingOccurrences(of: ".md", with: "")
        let report = Report.build(inputs, stem: stem, command: command)
        try report.write(to: output)
        return report
    }
}
