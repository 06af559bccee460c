import Foundation

/// Results documents as one CSV table for spreadsheets and pandas (`simulate --csv`, `report
/// --csv`): a header row, then one row per run and level. RFC 4180: CRLF line ends; a field
/// holding a comma, a quote, CR or LF is quoted, its quotes doubled. Counters a document did not
/// compute (the 3C split under `--no3c`) are empty cells.
public enum CSVTable {
    /// The columns after the sweep keys, in order.
    public static let counters = ["level", "accesses", "hits", "misses", "missRate", "loadMisses", "storeMisses",
                                  "writebacks", "flushedWritebacks", "compulsory", "capacity", "conflict",
                                  "prefetches", "bytesIn", "bytesOut"]

    /// The table for `docs`: the sweep keys are those of every document, in the order first seen.
    public static func text(_ docs: [ReportInput]) -> String {
        var keys: [String] = []
        for d in docs {
            for k in d.sweep.map(\.key) + d.runs.flatMap({ $0.point.keys.sorted() }) where !keys.contains(k) { keys.append(k) }
        }
        var rows = [["experiment", "machine", "variant"] + keys + counters]
        for d in docs {
            for r in d.runs {
                for l in r.levels {
                    let c = l.c
                    let threeC = d.threeC ? [c.compulsory, c.capacity, c.conflict].map { String($0) } : ["", "", ""]
                    rows.append([d.experiment, d.machineName, r.variant] + keys.map { r.point[$0]?.description ?? "" }
                        + [l.name] + [c.accesses, c.hits, c.misses].map { String($0) } + ["\(c.missRate)"]
                        + [c.loadMisses, c.storeMisses, c.writebacks, l.flushedWritebacks].map { String($0) } + threeC
                        + [c.prefetches, c.bytesRead, c.bytesWritten].map { String($0) })
                }
            }
        }
        return rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One field, quoted when RFC 4180 requires it.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
