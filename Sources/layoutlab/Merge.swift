import ArgumentParser
import Foundation
import LayoutLabKit
import Reporting
import SafeIO

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the partial documents of a sharded sweep (simulate --shard) into the whole sweep's results.",
        discussion:
            """
            Every shard of one sweep (same experiment, machine, LayoutLab version and flags) must be given exactly \
            once. The result is the document an unsharded simulate writes: the same runs in the same order, every \
            counter equal; only the recorded command differs.
            """
    )

    @Argument(help: "The partial documents (PART.json from simulate --shard INDEX/COUNT --json PART.json).")
    var parts: [String] = []

    @Option(
        name: .customLong("parts-from"),
        help: ArgumentHelp(
            """
            Read further partial documents' paths from FILE, one a line (what the merge job of `layoutlab slurm` \
            does: 
            """
                + "thousands of shards do not fit a command line).", valueName: "FILE"))
    var partsFrom: String?

    @Option(name: .long, help: "Write the merged results document to this file.")
    var json: String?

    @Option(
        name: .long, help: "Write NAME.json, NAME.csv and the report NAME.md (with its SVG charts) into this folder.")
    var out: String?

    @Option(name: .long, help: "Write the markdown report (and its charts) to this file.")
    var report: String?

    @Option(name: .long, help: "Write one CSV row per run and level to this file.")
    var csv: String?

    func run() throws {
        try CLI.guarded {
            guard json != nil || out != nil else { throw LayoutLabError("merge: give --json OUT.json or --out DIR") }
            let command = CLI.commandLine()
            let parts = try self.parts + (partsFrom.map(MergeList.read) ?? [])
            guard !parts.isEmpty else { throw MergeJob.noParts }
            // Everything is read and checked before anything is written.
            let doc = try MergeJob.merge(try ReportJob.read(parts), command: command)
            let name = try MergeJob.name(of: doc, file: parts[0])
            let base = out.map { ($0 as NSString).appendingPathComponent(name) }
            let outputs =
                [json, report, csv].compactMap { $0 } + (base.map { [$0 + ".json", $0 + ".md", $0 + ".csv"] } ?? [])
            for o in outputs {
                for p in parts where OutputCheck.sameFile(p, o) {
                    throw LayoutLabError(
                        """
                        \(o): is also an input of this merge; writing it would overwrite that input (give another \
                        file)
                        """
                    )
                }
            }
            let table = try SimulateJob.table(document: doc)
            if let out { try AtomicFile.ensureWritableDirectory(out) }
            try CLI.checkOutputs(json: json, report: report, csv: csv)
            try OutputLock.acquire([json, report, csv, base].compactMap { $0 })
            print("experiment: \(name)  merged \(parts.count) shard(s)\n")
            print(table, terminator: "")
            try CLI.writeOutputs(doc, json: json, report: report, csv: csv, name: name, command: command)
            if let base {
                try CLI.writeOutputs(
                    doc, json: base + ".json", report: base + ".md", csv: base + ".csv", name: name, command: command)
            }
        }
    }
}
