import Engine

extension ExperimentSpec {
    /// The access model a variant's keys ask for: `promote: true | false` (scalar replacement of
    /// the innermost loop's invariant operand) and `vector: W` (the unit-stride innermost loop in
    /// vectors of W elements; W a power of two, 1...64, 1 being scalar). Neither key: the
    /// source-level stream. `fail(key, message)` makes the one-line error naming file, line and key;
    /// `key` maps a key to where it is written (a convolution's GEMM keys are under `gemm.`).
    static func accessModel(
        _ values: [String: String], fail: (String, String) -> ConfigError, key: (String) -> String = { $0 }
    ) throws -> AccessModel {
        var model = AccessModel.source
        if let s = values[key("promote")] {
            switch s.lowercased() {
            case "true": model.promote = true
            case "false": model.promote = false
            default: throw fail(key("promote"), "expected true or false, got `\(s)`")
            }
        }
        if let s = values[key("vector")] {
            guard let w = Int(s) else { throw fail(key("vector"), "expected an integer, got `\(s)`") }
            guard w >= 1 && w <= maxVector && w & (w - 1) == 0 else {
                throw fail(
                    key("vector"), "must be a power of two from 1 to \(maxVector) (elements per vector), got \(w)")
            }
            model.vector = w
        }
        return model
    }

    /// The widest vector a variant may ask for, in elements (Swift's widest SIMD type, `SIMD64`).
    public static let maxVector = 64
}
