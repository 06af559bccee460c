import Foundation

/// How much work one command may ask for. Decoding refuses a sweep that would make more than
/// `totalAccessLimit` accesses in all (beyond what even warping counts in reasonable time);
/// the commands that simulate refuse, before any work, one that would simulate more than
/// `explicitAccessLimit` of them one by one: all of them without warping, and what warping is
/// predicted not to skip with it (`simulate --warp-plan`).
extension ExperimentSpec {
    public static let totalAccessLimit = 1e15
    public static let explicitAccessLimit = 1e12

    /// The estimated accesses of every run of the sweep.
    public func totalAccesses() -> Double {
        runs.reduce(0) { $0 + $1.estimatedAccesses }
    }

    /// Resolves every run in run order (each checked, so a bad run throws with its file line).
    func resolveRuns() throws -> [RunSpec] {
        var out: [RunSpec] = []
        for p in points {
            for v in variants { out.append(try run(v, p)) }
        }
        return Self.markingSameRuns(out)
    }

    /// Throws the one-line refusal when `explicit` accesses simulated one by one pass the
    /// limit; `why` says what decides that figure (warping's prediction, or why it is off).
    public func checkExplicitWork(_ explicit: Double, why: String) throws {
        guard explicit > Self.explicitAccessLimit else { return }
        throw ConfigError(
            file: file, line: nil, key: "",
            message:
                """
                the sweep would simulate about \(String(format: "%.2g", explicit)) accesses one by one (limit \
                1e12; \(why)); shrink the shapes or the sweep
                """
        )
    }
}
