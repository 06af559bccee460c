import ArgumentParser
import LayoutLabKit
import Reporting

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn results documents (simulate --json, measure --json) into a markdown report with SVG charts.",
        discussion: "Charts are written beside the report as NAME-*.svg. Give a simulate and a measure document of the same experiment to see them side by side.")

    @Argument(help: "Results files (JSON).")
    var results: [String] = []

    @Option(name: .shortAndLong, help: "The report to write, e.g. Reports/NAME.md.")
    var output: String?

    @Option(name: .long, help: "Write the documents' counters as CSV (one row per run and level) to this file.")
    var csv: String?

    func run() throws {
        try CLI.guarded {
            guard output != nil || csv != nil else { throw ReportError("report: give --output FILE.md, --csv FILE, or both") }
            try CLI.checkOutputs(json: nil, report: output, csv: csv)
            let docs = try ReportJob.read(results)
            if let csv {
                try ReportJob.writeCSV(docs, to: csv)
                print("wrote \(csv)")
            }
            if let output {
                let r = try ReportJob.write(docs, output: output, command: CLI.commandLine())
                print("wrote \(output) and \(r.charts.count) chart(s)")
            }
        }
    }
}
