import SafeIO

/// A claim in a document: `text`, `metric`, `variant`, `value`, then `level` and `baseline` where
/// given, `tolerance` (0.05 when absent), and `compare` where it is not `within`. The metric (and
/// comparison) must be known, the value and tolerance finite and in range; that the variant,
/// baseline and level exist is `ResultsDocument.check()`'s.
extension Claim: Codable {
    enum Key: String, CodingKey { case text, metric, variant, value, level, baseline, tolerance, compare }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let name = try c.decode(String.self, forKey: .metric)
        guard let metric = Metric(rawValue: name) else {
            throw SchemaError(
                c.codingPath + [Key.metric],
                "unknown metric `\(TerminalText.escape(name))`; one of "
                    + Metric.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let value = try c.decode(Double.self, forKey: .value)
        try SchemaCheck.range(value, 0...Claim.maxValue, c.codingPath + [Key.value])
        let tolerance = try c.decodeIfPresent(Double.self, forKey: .tolerance) ?? 0.05
        try SchemaCheck.range(tolerance, 0...Claim.maxTolerance, c.codingPath + [Key.tolerance])
        guard let variant = try c.decodeIfPresent(String.self, forKey: .variant) else {
            throw SchemaError(c.codingPath + [Key.variant], "missing")
        }
        self.init(
            text: try c.decode(String.self, forKey: .text), metric: metric, variant: variant, value: value,
            level: try c.decodeIfPresent(String.self, forKey: .level),
            baseline: try c.decodeIfPresent(String.self, forKey: .baseline), tolerance: tolerance)
        if let word = try c.decodeIfPresent(String.self, forKey: .compare) {
            guard let compare = Compare(rawValue: word) else {
                throw SchemaError(
                    c.codingPath + [Key.compare],
                    "unknown comparison `\(TerminalText.escape(word))`; one of "
                        + Compare.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.compare = compare
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(text, forKey: .text)
        try c.encode(metric.rawValue, forKey: .metric)
        try c.encode(variant, forKey: .variant)
        try c.encode(value, forKey: .value)
        try c.encodeIfPresent(level, forKey: .level)
        try c.encodeIfPresent(baseline, forKey: .baseline)
        try c.encode(tolerance, forKey: .tolerance)
        if compare != .within { try c.encode(compare.rawValue, forKey: .compare) }
    }
}
