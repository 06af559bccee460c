import ArgumentParser
import Foundation
import LayoutLabKit
import Reporting
import ResultsSchema
import Traces
import LayoutConfig
import SafeIO

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a trace file through a cache hierarchy.",
        discussion: """
            Formats: din (DineroIV text, traditional `label hexaddr` or extended `r|w|i hexaddr size`), \
            dinero-binary (8-byte records), lackey (valgrind --tool=lackey --trace-mem=yes), llt (LayoutLab's \
            binary format). The format is detected when --format is not given. Memory is constant \
            however long the trace without the 3C split (--no3c); with it, it grows with the distinct lines \
            the trace touches: at most 16 bytes per distinct line per level (about 2 where lines are \
            dense), plus a fixed shadow per level the size of its tag store.
            """)

    @Argument(help: "Trace file, or - for standard input.")
    var trace: String

    @Option(name: .long, help: "Machine file, or a bundled machine name (zen4, skylake, cortex-a53, tiny).")
    var machine: String

    @Option(name: .long, help: "Trace format: din | dinero-binary | lackey | llt (default: detect).")
    var format: TraceFormat?

    @Option(
        name: .long,
        help: """
            The replay's name in its JSON document and in reports, where replays are compared by name \
            (default: the trace's file name without its extension; `stdin` for standard input).
            """)
    var name: String?

    @Option(
        name: .customLong("region"),
        help: ArgumentHelp(
            """
            Attribute the counters of accesses whose first byte is in START..<END to region NAME \
            (repeatable; START and END decimal or hexadecimal with 0x; END is exclusive). Addresses in \
            no range count to `other`; ranges replace the region tags an llt trace carries.
            """, valueName: "NAME=START:END"))
    var region: [String] = []

    @Option(
        name: .customLong("regions"),
        help: ArgumentHelp(
            """
            Regions from a file, one per line: `NAME START END` (as --region), an `nm -S` line \
            (ADDRESS SIZE TYPE NAME) or a /proc/PID/maps line (a path's mappings form one region); \
            `#` starts a comment.
            """, valueName: "FILE"))
    var regions: String?

    @Flag(name: .long, help: "Print the JSON document instead of a table.")
    var json = false

    @OptionGroup var threeC: ThreeCOption
    var no3c: Bool { threeC.no3c }

    @Flag(name: .long, help: "No progress line on stderr (a terminal gets one: percent of the file read, rate, ETA).")
    var quiet = false

    func run() throws {
        try CLI.guarded {
            let spec = try MachineSpec.resolve(machine)
            let runName = try ReplayName.resolve(given: name, trace: trace)
            let ranges = try AddressRegions.load(options: region, file: regions)
            var live: (@Sendable (String) -> Void)?
            if !quiet && isatty(2) != 0 { live = { line in CLI.stderr(line, newline: false) } }
            let r = try ReplayJob.run(
                path: trace, format: format, machine: spec, regions: ranges, classify: !no3c, progress: live)
            if json {
                var about = ReplayDocument()
                about.trace = trace
                about.format = r.format.rawValue
                about.name = runName
                about.machine = SimulateJSON.machineRecord(spec)
                about.layoutlab = LayoutLabVersion.string
                about.command = CLI.commandLine()
                print(
                    StatsJSON.replay(
                        accesses: r.summary.accesses, instructions: r.summary.instructions,
                        skipped: r.summary.skipped, maintenance: r.summary.maintenance,
                        stats: r.stats, about: about
                    ).serialized(pretty: true))
            } else {
                print(
                    """
                    trace: \(TerminalText.escape(trace)) (\(r.format.rawValue)), \(Fmt.int(r.summary.accesses)) \
                    accesses, 
                    """
                        + (spec.levels.contains(where: \.instruction)
                            ? "\(Fmt.int(r.summary.instructions)) instruction fetches, " : "")
                        + "\(Fmt.int(r.summary.skipped)) skipped"
                        + (r.summary.maintenance > 0 ? ", \(Fmt.int(r.summary.maintenance)) copy-back/invalidate" : ""))
                print("name: \(TerminalText.escape(runName))")
                print("machine: \(TerminalText.escape(spec.name))\n")
                print(StatsTable.render(r.stats), terminator: "")
            }
        }
    }
}

extension TraceFormat: ExpressibleByArgument {}
