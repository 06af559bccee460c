import Foundation
import LayoutConfig
import Reporting

extension SimulateJob {
    /// The JSON document for a finished experiment.
    public static func json(_ spec: ExperimentSpec, machine: MachineSpec, results: [RunResult], command: String = "") -> JSON {
        SimulateJSON.document(
            experiment: spec.name, machine: SimulateJSON.machine(name: machine.name, levels: machine.levels),
            runs: results.map { SimulateJSON.run(variant: $0.variant, point: $0.point, accesses: $0.accesses,
                                                 footprintBytes: $0.footprintBytes, stats: $0.stats, model: $0.model) },
            about: SimulateJSON.about(spec, version: LayoutLabVersion.string, command: command))
    }
}
