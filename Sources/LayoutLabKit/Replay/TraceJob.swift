import Engine
import LayoutConfig
import Reporting
import ResultsSchema
import Traces
import AccessSink
import SafeIO

/// `layoutlab trace`: writes exactly the accesses `simulate` feeds the simulator for one run.
public enum TraceJob {
    public static func run(
        _ spec: ExperimentSpec, variant: String, point: SweepPoint, format: TraceFormat,
        output: String
    ) throws -> UInt64 {
        try OutputCheck.file(output, option: "-o")
        guard let v = spec.variants.first(where: { $0.name == variant }) else {
            throw ConfigError(
                file: spec.file, line: nil, key: "variants",
                message: "no variant `\(variant)`; variants: \(spec.variants.map(\.name).joined(separator: ", "))")
        }
        // Axes not named take their first value; every value must be one the sweep runs.
        var full = point
        for axis in spec.sweep where full[axis.key] == nil { full[axis.key] = axis.values[0] }
        guard let run = spec.runs.first(where: { $0.variant == v.name && $0.point == full }) else {
            let text = full.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            throw PointError(description: "--point: \(TerminalText.escape(text)) is not one of the sweep's points")
        }
        try spec.checkExplicitWork(run.estimatedAccesses, why: "a trace writes every access")
        var writer = try TraceWriter(path: output, format: format, regions: Region.names)
        var counter = TeeSink(CountingSink(), writer)
        try EngineDriver.drive(run, element: spec.element, sink: &counter)
        writer = counter.second
        try writer.finish()
        AtomicFile.removeStaleTemporaries(of: output)
        return counter.first.total
    }
}
