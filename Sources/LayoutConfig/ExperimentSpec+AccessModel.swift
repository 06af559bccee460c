import Engine

extension ExperimentSpec {
    /// The access model a variant's keys ask for: `promote: true | false` (scalar replacement of
    /// the innermost loop's invariant operand) and `vector: W` (the unit-stride innermost loop in
    /// vectors of W elements; W a power of two, 1...64, 1 being scalar). Neither key: the
    /// source-level stream. `fail(key, message)` makes the one-line error naming file, line and key.
    static func accessModel(_ values: [String: String], fail: (String, String) -> ConfigError) throws -> AccessModel {
        var model = AccessModel.source
        if let s = values["promote"] {
            switch s.lowercased() {
            case "true": model.promote = true
            case "false": model.promote = false
            default: throw fail("promote", "expected true or false, got `\(s)`")
            }
        }
        if let s = values["vector"] {
            guard let w = Int(s) else { throw fail("vector", "expected an integer, got `\(s)`") }
            guard w >= 1 && w <= maxVector && w & (w - 1) == 0 else {
                throw fail("vector", "must be a power of two from 1 to \(maxVector) (elements per vector), got \(w)")
            }
            model.vector = w
        }
        return model
    }

    /// The widest vector a variant may ask for, in elements (Swift's widest SIMD type, `SIMD64`).
    public static let maxVector = 64
}
