import ArgumentParser
import Foundation
import LayoutLabKit
import Reporting

/// Shared CLI plumbing: every known error becomes one line on stderr and exit status 1.
enum CLI {
    static func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as ExitCode {
            throw e
        } catch let e as CleanExit {
            throw e
        } catch {
            FileHandle.standardError.write(Data(("layoutlab: error: " + oneLine(error) + "\n").utf8))
            throw ExitCode(1)
        }
    }

    static func oneLine(_ e: Error) -> String {
        String(describing: e).split(separator: "\n").joined(separator: " ")
    }

    /// Fails before any work when an output's folder cannot be written.
    static func checkOutputs(json: String?, report: String?, csv: String? = nil) throws {
        for path in [json, report, csv].compactMap({ $0 }) { try AtomicFile.ensureWritableDirectory(PathText.directory(path)) }
    }

    /// Writes a results document to `json`, its report to `report` and its CSV table to `csv`
    /// (any may be nil).
    static func writeOutputs(_ doc: JSON, json: String?, report: String?, csv: String? = nil, name: String, command: String) throws {
        if let json {
            try AtomicFile.write(doc.serialized(pretty: true) + "\n", to: json)
            print("\nwrote \(json)")
        }
        if let report {
            try ReportJob.write([(doc, json ?? name)], output: report, command: command)
            print("wrote \(report)")
        }
        if let csv {
            try ReportJob.writeCSV([(doc, json ?? name)], to: csv)
            print("wrote \(csv)")
        }
    }

    /// The command as typed, program name shortened to `layoutlab`.
    static func commandLine() -> String {
        (["layoutlab"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    }

    static func stderr(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
}
