import ArgumentParser
import LayoutLabKit

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn results documents (simulate --json, measure --json) into a markdown report with SVG charts.",
        discussion: "Charts are written beside the report as NAME-*.svg. Give a simulate and a measure document of the same experiment to see them side by side.")

    @Argument(help: "Results files (JSON).")
    var results: [String] = []

    @Option(name: .shortAndLong, help: "The report to write, e.g. Reports/NAME.md.")
    var output: String

    func run() throws {
        try CLI.guarded {
            let r = try ReportJob.run(inputs: results, output: output, command: CLI.commandLine())
            print("wrote \(output) and \(r.charts.count) chart(s)")
        }
    }
}
