import ResultsSchema
import SafeIO

/// Typed reads of single fields outside the schema's records (a shard's entry before its document
/// is decoded), each failing with the file and the JSON path. Documents themselves are read by
/// `ResultsSchema` (`ReportInput.decode`).
public struct FieldReader {
    public let file: String

    public init(file: String) { self.file = file }

    public func fail(_ path: String, _ what: String) -> LayoutLabError {
        LayoutLabError(path.isEmpty ? "\(file): \(what)" : "\(file): \(path): \(what)")
    }

    public func string(_ j: JSON?, _ path: String) throws -> String {
        guard let j else { throw fail(path, "missing") }
        guard let s = j.string else { throw fail(path, "expected a string, got \(j.described)") }
        return s
    }

    public func array(_ j: JSON?, _ path: String) throws -> [JSON] {
        guard let j else { throw fail(path, "missing") }
        guard let a = j.array else { throw fail(path, "expected a list, got \(j.described)") }
        return a
    }

    /// A count: a non-negative integer that fits 64 bits, and at most `max`.
    public func count(_ j: JSON?, _ path: String, max: UInt64 = .max) throws -> UInt64 {
        guard let j else { throw fail(path, "missing") }
        do {
            let v = try SchemaDecoder.decode(UInt64.self, from: j)
            guard v <= max else { throw fail(path, "\(v) is out of range (at most \(max))") }
            return v
        } catch let e as SchemaError {
            throw fail(path, e.what)
        }
    }

    /// A whole number from 0 to `max` as an Int.
    public func int(_ j: JSON?, _ path: String, max: Int) throws -> Int {
        Int(try count(j, path, max: UInt64(max)))
    }
}
