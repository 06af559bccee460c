/// The general error of LayoutLab's jobs: one line, already naming the file, field or option and
/// what was wrong (outputs, journals, shards, Slurm, merge, reports). The CLI prints it as is and
/// exits 1. Experiment and machine files have their own `ConfigError`, documents `SchemaError`.
public struct LayoutLabError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
