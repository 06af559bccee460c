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

    /// The summary table: one row per run with each level's misses and miss rate.
    public static func table(_ results: [RunResult]) -> String {
        guard let first = results.first else { return "(no runs)\n" }
        let names = first.stats.end.levels.map(\.config.name)
        var t = TextTable(["variant", "point", "accesses"] + names.flatMap { ["\($0) misses", "\($0) rate"] })
        for r in results {
            let pt = r.point.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            t.add([r.variant, pt.isEmpty ? "-" : pt, Fmt.int(r.accesses)] +
                  r.stats.end.levels.flatMap { [Fmt.int($0.total.misses), Fmt.percent($0.total.missRate)] })
        }
        return t.render()
    }
}
