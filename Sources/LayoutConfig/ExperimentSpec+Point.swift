import ResultsSchema
import SafeIO
/// A sweep point named on the command line (`trace --point size=256,tile=32`), checked against
/// the experiment's own sweep: a trace writes the accesses of one of `simulate`'s runs, so every
/// key must be a sweep axis and every value one of that axis's values, compared as the sweep
/// compares them (numbers as numbers, words case-insensitively). Axes not named take their first
/// value.
public struct PointError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(description: String) { self.description = description }
}

extension ExperimentSpec {
    /// The full point `text` names (`key=value` items separated by commas), or a one-line error.
    public func point(parsing text: String) throws -> SweepPoint {
        func fail(_ what: String) -> PointError { PointError(description: "--point: \(what)") }
        var point: SweepPoint = [:]
        for item in text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false) {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                throw fail("expected key=value items separated by commas, got `\(TerminalText.escape(String(item)))`")
            }
            let key = String(kv[0])
            let given = String(kv[1])
            guard let axis = sweep.first(where: { $0.key == key }) else {
                let axes =
                    sweep.isEmpty ? "the experiment has no sweep" : "axes: " + sweep.map(\.key).joined(separator: ", ")
                throw fail("`\(TerminalText.escape(key))` is not a sweep axis; \(axes)")
            }
            if point[key] != nil { throw fail("`\(key)` is given twice") }
            guard let value = axis.values.first(where: { Self.matches($0, given) }) else {
                let values = axis.values.map(\.description).joined(separator: ", ")
                throw fail(
                    "`\(TerminalText.escape(given))` is not a value of the sweep axis `\(key)` (values: \(values))")
            }
            point[key] = value
        }
        for axis in sweep where point[axis.key] == nil { point[axis.key] = axis.values[0] }
        return point
    }

    /// Whether the command-line text names the sweep value: a number equal to it (`0x40` and
    /// `064` are not numbers here), or a word equal to it ignoring case.
    static func matches(_ value: SweepValue, _ text: String) -> Bool {
        switch value {
        case .int(let v): return Int(text) == v
        case .text(let w): return w.lowercased() == text.lowercased()
        }
    }
}
