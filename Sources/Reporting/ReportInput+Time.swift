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
    public static let maxRepetitions = 1000

    /// A run's `measured.time`, nil when absent; every figure range-checked, the minimum not
    /// above the median.
    static func time(_ j: JSON?, _ at: String, _ d: FieldReader) throws -> RunTime? {
        guard let j, j != .null else { return nil }
        guard j.object != nil else { throw d.fail(at, "expected an object, got \(d.describe(j))") }
        let median = try d.number(j["medianSeconds"], "\(at).medianSeconds", in: 0...maxSeconds)
        let min = try d.number(j["minSeconds"], "\(at).minSeconds", in: 0...maxSeconds)
        if min > median { throw d.fail("\(at).minSeconds", "\(min) is above the median (\(median))") }
        let reps = try d.int(j["repetitions"], "\(at).repetitions", max: maxRepetitions)
        if reps < 1 { throw d.fail("\(at).repetitions", "must be at least 1") }
        let gflops = try j["gflops"].flatMap { $0 == .null ? nil : $0 }.map {
            try d.number($0, "\(at).gflops", in: 0...maxGflops)
        }
        return RunTime(medianSeconds: median, minSeconds: min, repetitions: reps, gflops: gflops)
    }

    /// The machine's clock in GHz, nil when the document gives none; the range a machine file allows.
    static func clock(_ j: JSON?, _ at: String, _ d: FieldReader) throws -> Double? {
        guard let j, j != .null else { return nil }
        return try d.number(j, at, in: 0.01...100)
    }
}
