/// The measured columns of the CSV table, present only when a document was written by `measure`:
/// one column per measured event (its median; PAPI's and Callgrind's, sorted by name), then the
/// wall time. A run's values repeat on each of its level rows. An event that was unavailable,
/// or that a run did not measure, is an empty cell, never 0.
extension CSVTable {
    /// The wall-time columns after the events.
    public static let timeColumns = ["timeMedianSeconds", "timeMinSeconds", "timeRepetitions", "gflops"]

    /// The measured events of `docs`, sorted; empty when no document has measured runs (then the
    /// table has no measured columns at all, as a simulate table never has).
    static func measuredEvents(_ docs: [ReportInput]) -> [String]? {
        let runs = docs.flatMap(\.runs)
        guard runs.contains(where: { !$0.measured.isEmpty || $0.time != nil }) else { return nil }
        return Array(Set(runs.flatMap { $0.measured.map(\.event) })).sorted()
    }

    /// A run's measured cells for `events`, then its time cells.
    static func measuredCells(_ r: ReportInput.Run, _ events: [String]) -> [String] {
        let counts = events.map { e -> String in
            guard let v = r.measured.first(where: { $0.event == e })?.median else { return "" }
            return countText(v)
        }
        guard let t = r.time else { return counts + timeColumns.map { _ in "" } }
        return counts + [
            "\(t.medianSeconds)", "\(t.minSeconds)", String(t.repetitions), t.gflops.map { "\($0)" } ?? "",
        ]
    }

    /// A median as a number: whole values without a fraction (counts), others as Swift prints them.
    static func countText(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 0x1p63 ? String(Int64(v)) : "\(v)"
    }
}
