/// The one table of `LevelCounters`' stored counters: what each is called in the results
/// documents, the CSV and the reports, and whether it belongs to the 3C split. The arithmetic
/// (`+`), the JSON writer and reader (`StatsJSON`, `FieldReader.counters`), the CSV columns
/// (`CSVTable`) and the report's counter tables (`Report+Tables`) all walk this list, so a new
/// counter is one stored property plus one row here, and a slot in `CounterSlot` where the hot
/// path counts it (`CounterFieldTableTests` fails for a stored counter the table lacks).
extension LevelCounters {
    /// One stored counter.
    public struct Field: Sendable {
        /// Where a level's JSON entry puts the counter: in the documented core block (after
        /// `accesses`, `hits` and `misses`), or among the extras written after `regions` and
        /// `flushed`. The key order is a contract (bundled reports and merged shards stay byte-identical).
        public enum Block: Sendable { case core, extra }

        /// The key in the results documents.
        public let name: String
        /// The counter itself.
        public let keyPath: WritableKeyPath<LevelCounters, UInt64> & Sendable
        /// Part of the 3C split: written as null (and shown as empty or `-`) when it was not kept (`--no3c`).
        public let threeC: Bool
        public let block: Block
        /// The CSV column, or nil when the CSV leaves the counter out.
        public let csv: String?
        /// The report's column title, or nil when the report leaves it out. Neighbouring fields
        /// with the same title share one cell, their numbers joined by ` / `.
        public let report: String?
    }

    /// Every stored counter, in the documents' order: the core block's counters, then the extras.
    public static let fields: [Field] = [
        Field(
            name: "loadMisses", keyPath: \.loadMisses, threeC: false, block: .core, csv: "loadMisses",
            report: "load / store misses"),
        Field(
            name: "storeMisses", keyPath: \.storeMisses, threeC: false, block: .core, csv: "storeMisses",
            report: "load / store misses"),
        Field(
            name: "writebacks", keyPath: \.writebacks, threeC: false, block: .core, csv: "writebacks",
            report: "write-backs"),
        Field(
            name: "compulsory", keyPath: \.compulsory, threeC: true, block: .core, csv: "compulsory",
            report: "compulsory"),
        Field(name: "capacity", keyPath: \.capacity, threeC: true, block: .core, csv: "capacity", report: "capacity"),
        Field(name: "conflict", keyPath: \.conflict, threeC: true, block: .core, csv: "conflict", report: "conflict"),
        Field(name: "prefetches", keyPath: \.prefetches, threeC: false, block: .core, csv: "prefetches", report: nil),
        Field(name: "loads", keyPath: \.loads, threeC: false, block: .extra, csv: nil, report: nil),
        Field(name: "stores", keyPath: \.stores, threeC: false, block: .extra, csv: nil, report: nil),
        Field(
            name: "usefulPrefetches", keyPath: \.usefulPrefetches, threeC: false, block: .extra, csv: nil,
            report: nil),
        Field(
            name: "bytesRead", keyPath: \.bytesRead, threeC: false, block: .extra, csv: "bytesIn",
            report: "bytes in"),
        Field(
            name: "bytesWritten", keyPath: \.bytesWritten, threeC: false, block: .extra, csv: "bytesOut",
            report: "bytes out"),
        Field(
            name: "backInvalidations", keyPath: \.backInvalidations, threeC: false, block: .extra, csv: nil,
            report: nil),
    ]
}
