import CacheSim
import ResultsSchema

/// A results document (`simulate --json`, `measure --json` or `replay --json`) read back for
/// reporting. Decoding is strict: a field of the wrong type, a negative or fractional count, or a
/// run whose levels do not match its machine is an error naming the file and the JSON path.
public struct ReportInput {
    public enum Kind: String { case simulate, measure, replay }
    public struct Level {
        public var name: String
        public var size: Int, line: Int, ways: Int, sets: Int
        public var policy: String, write: String, inclusion: String, prefetch: String
    }
    /// One level of a run: the record `StatsJSON.levels` writes (`json`) and `FieldReader.levels`
    /// reads back.
    public struct LevelResult {
        public var name: String
        public var c: LevelCounters
        public var regions: [(name: String, c: LevelCounters)]
        public var flushedWritebacks: UInt64
        /// Misses of the final flush (written; the reports do not show them).
        public var flushedMisses: UInt64
        /// Whether the 3C counters were kept: null in the document when not.
        public var classified: Bool
    }
    public struct Run {
        public var variant: String
        public var point: SweepPoint
        public var accesses: UInt64
        public var footprint: UInt64
        public var levels: [LevelResult]
        /// The analytical model's prediction per level; a level it does not predict is absent.
        public var model: [String: UInt64]?
        /// Why the model gives no figure for a run or level (from the document), if it says.
        public var modelNote: String?
        /// event -> (median) or unavailable reason
        public var measured: [(event: String, median: Double?, reason: String?)]
        public var simulatedPages: Int?
        public var predictedFaults: Int?
        public var wallMedian: Double?
        /// Index of the document this run came from (set by the report builder).
        public var source = 0
        /// What warping did (the document's `warp`), nil when it was not tried.
        public var warp: (skipped: UInt64, explicit: UInt64, period: UInt64)? = nil
        /// The modelled time (the document's `cost`), nil when the machine lacked figures; then
        /// `costNote` says which.
        public var cost: RunCost? = nil
        public var costNote: String? = nil
        /// The native kernel's measured wall time (`measured["time"]`), nil when not measured.
        public var time: RunTime? = nil
        /// The index (in its document's `runs`) of the run whose counts these are, for a run the
        /// sweep's axis does not change (the document's `sameAs`): the same run, not another.
        public var sameAs: Int? = nil
    }

    /// A run's `cost`: cycles per unit of work by each model, and the terms they add up.
    public struct RunCost {
        public var unit: String
        public var roofline: Double
        public var rooflineBound: String
        public var ecm: Double
        /// T_OL: the arithmetic, which overlaps with transfers.
        public var overlap: Double
        /// T_nOL: the load and store instructions.
        public var nonOverlap: Double
        /// The boundaries' cycles, registers-L1 first.
        public var boundaries: [(name: String, cycles: Double)]
        public var ecmGflops: Double
        /// The run's flops, each boundary's bytes (as `boundaries`), the roofline's GFLOP/s and
        /// the element type's peak flops per cycle: the roofline chart's and the CSV's figures.
        public var flops: Double = 0
        public var boundaryBytes: [Double] = []
        public var rooflineGflops: Double = 0
        public var peakFlopsPerCycle: Double = 0
    }

    public var file: String
    public var kind: Kind
    public var experiment: String
    public var machineName: String
    public var machine: [Level]
    public var description: String?
    public var kernel: String?
    public var element: String?
    public var shape: [(String, Int)]
    public var sweep: [(key: String, values: [SweepValue])]
    public var variants: [[(String, String)]]
    public var claims: [Claim]
    public var version: String?
    public var command: String?
    public var runs: [Run]
    public var crossCheck: JSON?
    /// Whether the runs kept the 3C split (`--no3c` writes its counters as null).
    public var threeC = true
    /// For a replay: the trace's format and the records it skipped.
    public var traceFormat: String?
    public var skipped: UInt64?
    /// For a replay: the instruction fetches simulated (nil in documents from before they were).
    public var instructions: UInt64?
    /// The machine's clock (`machine.core.clock`, GHz), which turns modelled cycles into seconds.
    public var clockGHz: Double? = nil
    /// The machine's performance figures as the document records them (none in a document
    /// whose machine file gave none): the roofline chart's roofs.
    public var performance = MachineRecord()

    /// "n=256 m=64" for a sweep point; "-" when there is none.
    public static func pointText(_ p: SweepPoint) -> String {
        p.isEmpty ? "-" : p.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
