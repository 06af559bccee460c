import ArgumentParser
import LayoutLabKit
import Reporting
import SafeIO

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn results documents (simulate, measure or replay --json) into a markdown report with SVG charts.",
        discussion:
            """
            Charts are written beside the report as NAME-*.svg. Several documents are set side by side: the same \
            experiment on several machines, with and without --no3c, a simulate and a measure document, or \
            experiments of the same kernel; documents of different kernels are refused.
            """
    )

    @Argument(help: "Results files (JSON).")
    var results: [String] = []

    @Option(name: .shortAndLong, help: "The report to write, e.g. Reports/NAME.md.")
    var output: String?

    @Option(name: .long, help: "Write the documents' counters as CSV (one row per run and level) to this file.")
    var csv: String?

    func run() throws {
        try CLI.guarded {
            guard output != nil || csv != nil else {
                throw LayoutLabError("report: give --output FILE.md, --csv FILE, or both")
            }
            try CLI.checkOutputs(json: nil, report: output, csv: csv)
            for out in [output, csv].compactMap({ $0 }) {
                for p in results where OutputCheck.sameFile(p, out) {
                    throw LayoutLabError(
                        """
                        \(out): is also an input of this report; writing it would overwrite that input (give \
                        another file)
                        """
                    )
                }
            }
            try OutputLock.acquire([output, csv].compactMap { $0 })
            Interrupt.onInterrupt("interrupted: no report was written; an earlier one is intact")
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
