import CacheSim
import Foundation
import ResultsSchema

/// Results documents as one CSV table for spreadsheets and pandas (`simulate --csv`, `report
/// --csv`): a header row, then one row per run and level. RFC 4180: CRLF line ends; a field
/// holding a comma, a quote, CR or LF is quoted, its quotes doubled. Counters a document did not
/// compute (the 3C split under `--no3c`) are empty cells. Cells of text from the documents
/// (names, sweep keys and words) that a spreadsheet would read as a formula are neutralised
/// (`text`); counters stay numbers.
public enum CSVTable {
    /// The columns after the sweep keys, in order: `level`, the derived counts, then the field
    /// table's counters that have a CSV column (`LevelCounters.Field.csv`), the flushed
    /// write-backs right after `writebacks`.
    public static let counters =
        ["level", "accesses", "hits", "misses", "missRate"]
        + counterColumns.map { $0?.csv ?? "flushedWritebacks" }

    /// The field table's CSV columns in its order; nil marks the flushed write-backs column.
    static let counterColumns: [LevelCounters.Field?] = LevelCounters.fields.flatMap { f -> [LevelCounters.Field?] in
        guard f.csv != nil else {
            return []
        }
        return f.keyPath == \LevelCounters.writebacks ? [f, nil] : [f]
    }

    /// The table for `docs`: the sweep keys are those of every document, in the order first seen.
    public static func text(_ docs: [ReportInput]) -> String {
        var keys: [String] = []
        for d in docs {
            for k in d.sweep.map(\.key) + d.runs.flatMap({ $0.point.keys.sorted() }) where !keys.contains(k) {
                keys.append(k)
            }
        }
        let events = measuredEvents(docs)
        let measured = events.map { $0.map(text) + timeColumns } ?? []
        var rows = [["experiment", "machine", "variant"] + keys.map(text) + counters + costColumns + measured]
        for d in docs {
            for r in d.runs {
                for l in r.levels {
                    let c = l.c
                    let names: [String] = [d.experiment, d.machineName, r.variant].map(text)
                    let point: [String] = keys.map { pointCell(r.point[$0]) }
                    let fields: [String] = counterColumns.map { f in
                        guard let f else { return String(l.flushedWritebacks) }
                        return f.threeC && !d.threeC ? "" : String(c[keyPath: f.keyPath])
                    }
                    let counts: [String] =
                        [c.accesses, c.hits, c.misses].map { String($0) } + ["\(c.missRate)"] + fields
                    rows.append(
                        names + point + [text(l.name)] + counts + costCells(r.cost, level: l.name, d)
                            + (events.map { measuredCells(r, $0) } ?? []))
                }
            }
        }
        return rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// A sweep value's cell: a number as it is, a word as `text`, none empty.
    static func pointCell(_ v: SweepValue?) -> String {
        switch v {
        case .int(let n)?: return String(n)
        case .text(let s)?: return text(s)
        case nil: return ""
        }
    }

    /// A text cell from a document: one that starts with `=`, `+`, `-`, `@`, a tab or a CR (which
    /// spreadsheets read as a formula, OWASP's CSV injection) gets a `'` in front, so it shows
    /// as the text it is.
    public static func text(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        return "'" + s
    }

    /// One field, quoted when RFC 4180 requires it.
    public static func field(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else {
            return s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
