import LayoutConfig
import Reporting
import ResultsSchema

extension RunResult {
    /// This run's record in the results document.
    public var record: RunRecord {
        SimulateJSON.runRecord(
            variant: variant, point: point, accesses: accesses, footprintBytes: footprintBytes,
            stats: stats, model: model, modelNote: modelNote, warp: OrNull(warp?.record), sameAs: sameAs)
    }

    /// This run as an entry of the `runs` array of the results document.
    public var json: JSON { SchemaEncoder.encode(record) }
}
