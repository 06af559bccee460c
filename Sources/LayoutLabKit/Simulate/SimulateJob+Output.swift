import Reporting
import LayoutConfig

extension RunResult {
    /// This run as an entry of the `runs` array of the results document.
    public var json: JSON {
        SimulateJSON.run(
            variant: variant, point: point, accesses: accesses, footprintBytes: footprintBytes,
            stats: stats, model: model, modelNote: modelNote, warp: warp?.json ?? .null, sameAs: sameAs)
    }
}

extension SimulateJob {
    /// The JSON document for a finished experiment.
    public static func json(_ spec: ExperimentSpec, machine: MachineSpec, results: [RunResult], command: String = "")
        -> JSON
    {
        document(spec, machine: machine, runs: results.map(\.json), command: command)
    }
}
