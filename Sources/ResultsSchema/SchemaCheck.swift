import SafeIO

/// The range checks the records share, each failing with the JSON path and the one-line wording
/// of the documents' errors.
public enum SchemaCheck {
    /// A number as the errors write it: whole numbers without a fraction.
    static func text(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    /// `v` must lie in `range`.
    public static func range(_ v: Double, _ range: ClosedRange<Double>, _ path: [any CodingKey]) throws {
        try self.range(v, range, SchemaError.path(path))
    }

    public static func range(_ v: Double, _ range: ClosedRange<Double>, _ path: String) throws {
        guard range.contains(v) else {
            throw SchemaError(
                path, "\(text(v)) is out of range (from \(range.lowerBound) to \(range.upperBound))")
        }
    }

    /// A whole number at most `max`.
    public static func atMost<T: BinaryInteger>(_ v: T, _ max: T, _ path: String) throws {
        guard v <= max else { throw SchemaError(path, "\(v) is out of range (at most \(max))") }
    }

    /// A level's name becomes part of chart file names, so it follows the rule for names from
    /// machine files (`SafeName`: no `/`, not `.` or `..`, no control characters).
    public static func levelName(_ s: String, _ path: String) throws {
        if let why = SafeName.problem(s) { throw SchemaError(path, "level name \(why)") }
    }

    /// The sum of `values`, or an error naming the path of the value that carries it past 2^64.
    public static func sum(_ values: [(UInt64, String)], what: String) throws -> UInt64 {
        var total: UInt64 = 0
        for (v, path) in values {
            let (s, over) = total.addingReportingOverflow(v)
            if over { throw SchemaError(path, "the \(what) add up past 2^64 (\(total) + \(v))") }
            total = s
        }
        return total
    }
}
