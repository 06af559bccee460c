import Foundation

/// The experiment `layoutlab simulate` runs when given none: the bundled `loop-orders`.
public enum DefaultExperiment {
    public static let name = "loop-orders"
    public static var yaml: String { BundledExperiments.all[name]! }

    /// The decoded default experiment.
    public static func spec() throws -> ExperimentSpec { try ExperimentSpec.decode(yaml, file: "builtin:\(name)") }
}

extension ExperimentSpec {
    /// An experiment file, or the name of a bundled experiment (`loop-orders`); a file that
    /// exists wins over a bundled name.
    public static func resolve(_ nameOrPath: String) throws -> ExperimentSpec {
        if !FileManager.default.fileExists(atPath: nameOrPath), let text = BundledExperiments.all[nameOrPath] {
            return try decode(text, file: "builtin:\(nameOrPath)")
        }
        if !FileManager.default.fileExists(atPath: nameOrPath) && !nameOrPath.contains("/")
            && !nameOrPath.hasSuffix(".yaml")
        {
            throw ConfigError(
                file: nameOrPath, line: nil, key: "",
                message:
                    """
                    no such file, and not a bundled experiment (bundled: \
                    \(BundledExperiments.all.keys.sorted().joined(separator: ", ")); `layoutlab simulate --list` \
                    describes them)
                    """
            )
        }
        return try load(path: nameOrPath)
    }
}
