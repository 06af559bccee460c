import Foundation

/// Renders `layoutlab bench` figures.
public enum BenchTable {
    /// Rows of (name, accesses, median seconds), then `notes`, one a line; `peak` is the
    /// process's peak resident memory.
    public static func render<R: BenchRow>(_ rows: [R], notes: [String] = [], peak: Int?) -> String {
        var t = TextTable(["figure", "accesses", "median s", "M accesses/s"])
        for r in rows {
            t.add([
                r.name, Fmt.int(r.accesses), String(format: "%.4f", r.medianSeconds),
                r.accesses == 0 ? "-" : String(format: "%.1f", Double(r.accesses) / r.medianSeconds / 1e6),
            ])
        }
        var out = t.render()
        if !notes.isEmpty { out += "\n" + notes.map { $0 + "\n" }.joined() }
        if let peak { out += "\npeak resident memory: \(peak / (1 << 20)) MiB (includes the in-memory trace)\n" }
        return out
    }
}

/// One benchmark figure.
public protocol BenchRow {
    var name: String { get }
    var accesses: UInt64 { get }
    var medianSeconds: Double { get }
}
