import SafeIO

/// A value of a results document that is wrong: where (the JSON path, `runs[3].levels[1].misses`)
/// and what. `SchemaDecoder.decode(_:from:file:)` turns it into the one-line `LayoutLabError`
/// `file: path: what`.
public struct SchemaError: Error, CustomStringConvertible {
    public var path: String
    public var what: String

    public init(_ path: String, _ what: String) {
        self.path = path
        self.what = what
    }

    /// The error at `codingPath` (a decoder's or a container's).
    public init(_ codingPath: [any CodingKey], _ what: String) {
        self.init(SchemaError.path(codingPath), what)
    }

    public var description: String { path.isEmpty ? what : "\(path): \(what)" }

    /// The error as the one-line message about `file`.
    public func report(file: String) -> LayoutLabError { LayoutLabError("\(file): \(description)") }

    /// `runs[3].levels[1].misses`: keys joined by dots, list positions in brackets.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for k in codingPath {
            if let i = k.intValue, k is SchemaDecoder.Index {
                out += "[\(i)]"
            } else {
                out += out.isEmpty ? k.stringValue : ".\(k.stringValue)"
            }
        }
        return out
    }
}

extension JSON {
    /// A value as an error message names it: short, escaped for the terminal.
    public var described: String {
        switch self {
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
}
