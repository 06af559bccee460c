import CacheSim
import Foundation
import ResultsSchema
import SafeIO

/// Turns results documents into a markdown report with SVG charts beside it. Everything in it
/// is computed from the numbers in the documents; nothing is canned.
public struct Report {
    public var markdown: String
    /// (file name relative to the report, SVG text)
    public var charts: [(file: String, svg: String)]

    /// Builds the report for `inputs`: one document, or several to set side by side (the same
    /// experiment on different machines, with and without 3C, or experiments of the same kernel).
    /// Documents of different kernels are refused. `stem` prefixes chart file names; `command`
    /// regenerates the report.
    public static func build(_ inputs: [ReportInput], stem: String, command: String) throws -> Report {
        try checkComparable(inputs)
        var b = Builder(inputs: inputs, stem: stem)
        b.header(command: command)
        b.warpNote()
        b.findingsSection()
        b.compareSection()
        b.chartsSection()
        b.countersSection()
        b.modelSection()
        b.blisSection()
        b.measuredSection()
        return Report(markdown: b.md, charts: b.charts)
    }

    /// Documents can be set side by side when they run the same kernel (or are all replays).
    static func checkComparable(_ inputs: [ReportInput]) throws {
        guard let a = inputs.first else { throw LayoutLabError("report: no results document") }
        func what(_ d: ReportInput) -> String {
            d.kind == .replay ? "a trace replay" : "a \(d.kernel ?? "?") experiment"
        }
        for b in inputs.dropFirst() where (a.kind == .replay) != (b.kind == .replay) || a.kernel != b.kernel {
            throw LayoutLabError(
                """
                \(a.file) (\(what(a))) and \(b.file) (\(what(b))) cannot be set side by side: give documents of \
                the same kernel
                """
            )
        }
    }

    /// Writes `path` and its charts together (`AtomicFile.writeTogether`): charts first, the
    /// report last, so a failure leaves the previous report and its charts as they were.
    public func write(to path: String) throws {
        let dir = PathText.directory(path)
        // Charts are named by `Builder.chart`; a name that could leave the folder is a bug, never written.
        for c in charts where c.file.contains("/") || c.file == "." || c.file == ".." || c.file.isEmpty {
            throw LayoutLabError(
                "report: chart file name `\(TerminalText.escape(c.file))` would leave the report's folder")
        }
        try AtomicFile.writeTogether(
            charts.map { (text: $0.svg, path: dir + "/" + $0.file) } + [(text: markdown, path: path)])
    }
}

/// The state of one report being written: the runs of every document, tagged with their source.
struct Builder {
    let inputs: [ReportInput]
    let first: ReportInput
    let runs: [ReportInput.Run]
    let stem: String
    /// Every document's label (`SourceLabels`).
    let labels: [String]
    var md = ""
    var charts: [(file: String, svg: String)] = []

    init(inputs: [ReportInput], stem: String) {
        self.inputs = inputs
        first = inputs[0]
        self.stem = stem
        labels = SourceLabels.make(inputs)
        runs = inputs.enumerated().flatMap { i, d in
            d.runs.map { r in
                var r = r
                r.source = i
                return r
            }
        }
    }

    /// More than one document: tables get a source column and findings compare across them.
    var multi: Bool { inputs.count > 1 }
    /// A document's label: its machine, with the experiment (or the replay's name) and a path
    /// where needed to tell them apart (`SourceLabels`), unique in the report.
    func label(_ i: Int) -> String { labels[i] }

    /// Level names over all documents, in machine order (L1, L2, L3 ...).
    var levelNames: [String] {
        var seen: [String] = []
        for d in inputs { for l in d.machine where !seen.contains(l.name) { seen.append(l.name) } }
        return seen
    }
    func level(_ r: ReportInput.Run, _ name: String) -> ReportInput.LevelResult? { r.levels.first { $0.name == name } }
    /// Whether a run's document kept the 3C split.
    func threeC(_ r: ReportInput.Run) -> Bool { inputs[r.source].threeC }
    var anyThreeC: Bool { inputs.contains(where: \.threeC) }

    /// Sweep axes that vary, in file order.
    var axes: [String] {
        var keys: [String] = []
        for d in inputs { for a in d.sweep.map(\.key) where !keys.contains(a) { keys.append(a) } }
        for r in runs { for k in r.point.keys.sorted() where !keys.contains(k) { keys.append(k) } }
        return keys.filter { k in Set(runs.compactMap { $0.point[k] }).count > 1 }
    }
    /// Whether every value of axis `a` is a number (sizes, tiles) rather than a word (a loop nest).
    func isNumeric(_ a: String) -> Bool { runs.allSatisfy { $0.point[a] == nil || $0.point[a]?.int != nil } }
    var variantNames: [String] {
        var seen: [String] = []
        for r in runs where !seen.contains(r.variant) { seen.append(r.variant) }
        return seen
    }
    /// "ijk-row at n=256", or the variant alone without a sweep point; with the source when several.
    /// Markdown (escaped); `category` is the same run's name for charts.
    func name(_ r: ReportInput.Run, source: Bool = true) -> String {
        "**\(esc(r.variant))**" + (r.point.isEmpty ? "" : " at \(escPoint(r.point))")
            + (multi && source ? " on \(esc(label(r.source)))" : "")
    }
    /// A user string (name, note, description) as markdown text (`MarkdownText.inline`).
    func esc(_ s: String) -> String { MarkdownText.inline(s) }
    /// `pointPhrase` as markdown text.
    func escPoint(_ p: SweepPoint) -> String { esc(pointPhrase(p)) }
    /// "a", "a and b", "a, b and c" of user strings, each escaped.
    func escList(_ items: [String]) -> String { list(items.map(esc)) }
    /// "tile = 64, n = 256" (axes that vary only).
    func pointPhrase(_ p: SweepPoint) -> String {
        let shown = axes.filter { p[$0] != nil }
        return (shown.isEmpty ? p.keys.sorted() : shown).compactMap { k in p[k].map { "\(k) = \($0)" } }.joined(
            separator: ", ")
    }

    /// Adds a chart: its file is `STEM-NAME.svg` beside the report, NAME made a safe file name
    /// (`ChartFileName`) and unique; the report links it as an image, alt text escaped.
    mutating func chart(_ name: String, _ svg: String, alt: String) {
        let base = "\(stem)-\(ChartFileName.component(name))"
        var file = base + ".svg"
        var n = 2
        while charts.contains(where: { $0.file == file }) {
            file = "\(base)-\(n).svg"
            n += 1
        }
        charts.append((file, svg))
        md += MarkdownText.image(alt: alt, file: file) + "\n\n"
    }
}
