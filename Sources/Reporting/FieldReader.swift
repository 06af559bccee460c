import CacheSim
import LayoutConfig
import SafeIO

/// Typed reads of a results document's fields, each failing with the file and the JSON path.
/// Every number is range-checked where it is read, so nothing downstream converts, adds or
/// divides a value a document could make trap (`report`, `merge`).
public struct FieldReader {
    public let file: String

    public init(file: String) { self.file = file }

    public func fail(_ path: String, _ what: String) -> ReportError {
        ReportError(path.isEmpty ? "\(file): \(what)" : "\(file): \(path): \(what)")
    }

    func describe(_ j: JSON) -> String {
        switch j {
        case .string(let s): return "the string \"\(TerminalText.escape(String(s.prefix(40))))\""
        case .int(let v): return "\(v)"
        case .double(let v): return v.isFinite ? "\(v)" : "a number out of range"
        case .uint(let v): return "\(v)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    public func string(_ j: JSON?, _ path: String) throws -> String {
        guard let j else { throw fail(path, "missing") }
        guard let s = j.string else { throw fail(path, "expected a string, got \(describe(j))") }
        return s
    }

    /// A string where one is optional: absent or null is nil, anything else must be a string.
    func optionalString(_ j: JSON?, _ path: String) throws -> String? {
        guard let j, j != .null else { return nil }
        return try string(j, path)
    }

    public func array(_ j: JSON?, _ path: String) throws -> [JSON] {
        guard let j else { throw fail(path, "missing") }
        guard let a = j.array else { throw fail(path, "expected a list, got \(describe(j))") }
        return a
    }

    func object(_ j: JSON?, _ path: String) throws -> [(String, JSON)] {
        guard let j else { throw fail(path, "missing") }
        guard let o = j.object else { throw fail(path, "expected an object, got \(describe(j))") }
        return o
    }

    /// A count: a non-negative integer that fits 64 bits, and at most `max`.
    public func count(_ j: JSON?, _ path: String, max: UInt64 = .max) throws -> UInt64 {
        guard let j else { throw fail(path, "missing") }
        let v: UInt64
        switch j {
        case .uint(let x): v = x
        case .int(let x) where x >= 0: v = UInt64(x)
        case .double(let x) where x >= 0 && x == x.rounded() && x < 0x1p64: v = UInt64(x)
        default: throw fail(path, "expected a non-negative integer count, got \(describe(j))")
        }
        guard v <= max else { throw fail(path, "\(v) is out of range (at most \(max))") }
        return v
    }

    public func optionalCount(_ j: JSON?, _ path: String, max: UInt64 = .max) throws -> UInt64? {
        guard let j, j != .null else { return nil }
        return try count(j, path, max: max)
    }

    /// A whole number from 0 to `max` as an Int (sizes, shapes, sweep values, pages).
    public func int(_ j: JSON?, _ path: String, max: Int) throws -> Int {
        Int(try count(j, path, max: UInt64(max)))
    }

    /// A finite number within `range` (medians, seconds, claim values).
    func number(_ j: JSON?, _ path: String, in range: ClosedRange<Double>) throws -> Double {
        guard let j else { throw fail(path, "missing") }
        guard let v = j.double else { throw fail(path, "expected a number, got \(describe(j))") }
        guard v.isFinite, range.contains(v) else {
            throw fail(path, "\(describe(j)) is out of range (from \(range.lowerBound) to \(range.upperBound))")
        }
        return v
    }

    /// The sum of `values`, or an error naming `path` of the value that carries it past 2^64.
    func sum(_ values: [(UInt64, String)], what: String) throws -> UInt64 {
        var total: UInt64 = 0
        for (v, path) in values {
            let (s, over) = total.addingReportingOverflow(v)
            if over { throw fail(path, "the \(what) add up past 2^64 (\(total) + \(v))") }
            total = s
        }
        return total
    }

    /// A sweep value: a word, or a whole number from 0 to `ReportInput.maxShapeValue`.
    func sweepValue(_ j: JSON, _ path: String) throws -> SweepValue {
        if let s = j.string { return .text(s) }
        return .int(try int(j, path, max: ReportInput.maxShapeValue))
    }

    /// A run's sweep point: axis -> value.
    func point(_ j: JSON?, _ path: String) throws -> SweepPoint {
        guard let j, j != .null else { return [:] }
        var p: SweepPoint = [:]
        for (k, v) in try object(j, path) {
            if p[k] != nil { throw fail("\(path).\(k)", "the point names this axis twice") }
            p[k] = try sweepValue(v, "\(path).\(k)")
        }
        return p
    }
}
