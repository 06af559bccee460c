import Foundation
import Reporting
import ResultsSchema

/// A native kernel's measured wall time (`TimedRun`): the samples, their median and minimum, and
/// the GFLOP/s at the median (2 flops per multiply-add). Written as the run's `measured["time"]`.
public struct MeasuredTime: Sendable, Equatable {
    /// Seconds of each timed run, in the order they ran.
    public var seconds: [Double]
    /// The run's multiply-adds (2 flops each).
    public var multiplyAdds: Double

    public init(seconds: [Double], multiplyAdds: Double) {
        self.seconds = seconds
        self.multiplyAdds = multiplyAdds
    }

    public var repetitions: Int { seconds.count }
    public var medianSeconds: Double { seconds.isEmpty ? 0 : BenchJob.median(seconds) }
    public var minSeconds: Double { seconds.min() ?? 0 }
    /// GFLOP/s at the median time; nil when the median is 0 (a clock too coarse for the kernel).
    public var gflops: Double? { medianSeconds > 0 ? 2 * multiplyAdds / medianSeconds / 1e9 : nil }

    /// `measured["time"]`: `{"medianSeconds", "minSeconds", "repetitions", "gflops"}`, each
    /// fraction at the six significant digits a document's file keeps, so the document in memory
    /// (`measure --csv`, `--report`) and its file say the same.
    public var record: MeasuredRecord {
        let six = JSON.stored
        var m = MeasuredRecord()
        m.medianSeconds = six(medianSeconds)
        m.minSeconds = six(minSeconds)
        m.repetitions = Int64(repetitions)
        m.gflops = OrNull(gflops.map(six))
        return m
    }
}
