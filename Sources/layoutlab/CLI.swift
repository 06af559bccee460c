import ArgumentParser
import Foundation
import LayoutLabKit
import LayoutConfig
import Reporting
import ResultsSchema
import SafeIO

/// Shared CLI plumbing: every known error becomes one line on stderr and exit status 1.
enum CLI {
    static func guarded(_ body: () throws -> Void) throws {
        do {
            try checkWorkingDirectory()
            try MemoryBudget.checkHeadroom()
            try body()
        } catch let e as ExitCode {
            throw e
        } catch let e as CleanExit {
            throw e
        } catch {
            stderr("layoutlab: error: " + oneLine(error))
            throw ExitCode(1)
        }
    }

    /// A working folder that was deleted (or cannot be read) is refused before anything else:
    /// relative paths would resolve against nothing (`slurm` wrote `/DIR/NAME.sbatch`).
    static func checkWorkingDirectory() throws {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        if getcwd(&buf, buf.count) == nil {
            let why = errno == ENOENT ? "was deleted" : "cannot be read: \(String(cString: strerror(errno)))"
            throw LayoutLabError("the working folder \(why); cd to an existing folder and run the command again")
        }
    }

    /// The error on one line, control characters from file contents (ANSI escapes, CR, NUL) escaped.
    static func oneLine(_ e: Error) -> String {
        TerminalText.escape(String(describing: e).split(separator: "\n").joined(separator: " "))
    }

    /// Fails before any work when an output cannot be written (see `OutputCheck`).
    static func checkOutputs(json: String?, report: String?, csv: String? = nil) throws {
        if let json { try OutputCheck.file(json, option: "--json") }
        if let report { try OutputCheck.file(report, option: "--report", withCharts: true) }
        if let csv { try OutputCheck.file(csv, option: "--csv") }
    }

    /// Writes a results document to `json`, its report to `report` and its CSV table to `csv`
    /// (any may be nil).
    static func writeOutputs(
        _ doc: JSON, json: String?, report: String?, csv: String? = nil, name: String, command: String
    ) throws {
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

    /// The command as typed, program name shortened to `layoutlab`, each argument quoted as a
    /// POSIX shell word where it needs it (`ShellQuote`), so that pasting it runs this command.
    static func commandLine() -> String {
        ShellQuote.command(["layoutlab"] + CommandLine.arguments.dropFirst())
    }

    /// One line to stderr. Not FileHandle, whose write traps when stderr is a closed pipe.
    static func stderr(_ s: String, newline: Bool = true) {
        let bytes = Array((s + (newline ? "\n" : "")).utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
    }
}
