import ResultsSchema

/// A measured run's wall time (`runs[].measured.time`, written by `measure`) and the machine's
/// clock (`machine.core.clock`), which turns the cost model's cycles into seconds.
extension ReportInput {
    /// `{"medianSeconds", "minSeconds", "repetitions", "gflops"}`: one warm-up run, then the
    /// repetitions timed; GFLOP/s at the median (2 flops per multiply-add), null when unknown.
    public struct RunTime: Sendable, Equatable {
        public var medianSeconds: Double
        public var minSeconds: Double
        public var repetitions: Int
        public var gflops: Double?
        public init(medianSeconds: Double, minSeconds: Double, repetitions: Int, gflops: Double?) {
            self.medianSeconds = medianSeconds
            self.minSeconds = minSeconds
            self.repetitions = repetitions
            self.gflops = gflops
        }
    }

    /// The most timed repetitions `measure` makes (its `--repetitions` limit).
    public static let maxRepetitions = SchemaLimits.maxRepetitions
}

extension ReportInput.RunTime {
    /// A checked `measured["time"]` entry (`MeasuredRecord.checkTime`).
    init?(_ m: MeasuredRecord?) {
        guard let m, let median = m.medianSeconds, let min = m.minSeconds, let reps = m.repetitions else { return nil }
        self.init(medianSeconds: median, minSeconds: min, repetitions: Int(reps), gflops: m.gflops?.value)
    }
}
