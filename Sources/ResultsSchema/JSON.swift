import Foundation
import SafeIO

/// A JSON value with ordered object keys, so documents print in a stable, readable order.
public indirect enum JSON: Equatable, Sendable {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    /// Compact (one line) or indented text.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(&out, pretty: pretty, indent: 0)
        return out
    }

    private func write(_ out: inout String, pretty: Bool, indent: Int) {
        let nl = pretty ? "\n" + String(repeating: "  ", count: indent + 1) : ""
        let close = pretty ? "\n" + String(repeating: "  ", count: indent) : ""
        switch self {
        case .int(let v): out += String(v)
        case .uint(let v): out += String(v)
        case .double(let v): out += v.isFinite ? JSON.format(v) : "null"
        case .string(let s): JSON.quote(s, into: &out)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let a):
            if a.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                out += nl
                v.write(&out, pretty: pretty, indent: indent + 1)
            }
            out += close + "]"
        case .object(let o):
            if o.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { out += "," }
                out += nl
                JSON.quote(k, into: &out)
                out += pretty ? ": " : ":"
                v.write(&out, pretty: pretty, indent: indent + 1)
            }
            out += close + "}"
        }
    }

    /// `v` as a document's file keeps it (`format`): whole numbers below 10^15 exact, others at six
    /// significant digits; what is kept in memory for a report equals what reads back from the file.
    public static func stored(_ v: Double) -> Double { Double(format(v)) ?? v }

    static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%.6g", v)
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        out += "\""
    }

    /// Member lookup for objects.
    public subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o.first { $0.0 == key }?.1 }
        return nil
    }

    /// Parses JSON text, keeping object keys in file order (numbers without a fraction or
    /// exponent become integers), so a document read back serializes to the same text.
    public static func parse(_ data: Data) throws -> JSON {
        var p = JSONParser(bytes: [UInt8](data))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == p.bytes.count else { throw p.error("trailing characters") }
        return v
    }

    public var uint64: UInt64? {
        switch self {
        case .uint(let v): return v
        case .int(let v): return v >= 0 ? UInt64(v) : nil
        // Only a double UInt64 can hold (not 1e300, infinity or NaN, which would trap).
        case .double(let d): return d >= 0 && d < 0x1p64 ? UInt64(d) : nil
        default: return nil
        }
    }
    public var double: Double? {
        switch self {
        case .uint(let v): return Double(v)
        case .int(let v): return Double(v)
        case .double(let d): return d
        default: return nil
        }
    }
    /// Whether this is `null` (without serializing, as `==` does).
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    public var array: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }
    public var object: [(String, JSON)]? {
        if case .object(let o) = self { return o }
        return nil
    }
}

/// A small recursive-descent JSON parser that keeps key order.
struct JSONParser {
    let bytes: [UInt8]
    var i = 0

    func error(_ what: String) -> LayoutLabError { LayoutLabError("invalid JSON at byte \(i): \(what)") }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 10 || bytes[i] == 13 || bytes[i] == 9 { i += 1 }
    }

    mutating func expect(_ s: String) throws {
        for c in s.utf8 {
            guard i < bytes.count, bytes[i] == c else { throw error("expected `\(s)`") }
            i += 1
        }
    }

    mutating func value(depth: Int) throws -> JSON {
        guard depth < 512 else { throw error("nested too deeply") }
        guard i < bytes.count else { throw error("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            var o: [(String, JSON)] = []
            try elements(close: "}", "object") { p in
                guard p.i < p.bytes.count, p.bytes[p.i] == UInt8(ascii: "\"") else {
                    throw p.error("object keys must be strings")
                }
                let k = try p.string()
                p.skipSpace()
                try p.expect(":")
                p.skipSpace()
                o.append((k, try p.value(depth: depth + 1)))
            }
            return .object(o)
        case UInt8(ascii: "["):
            var a: [JSON] = []
            try elements(close: "]", "array") { p in a.append(try p.value(depth: depth + 1)) }
            return .array(a)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try expect("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expect("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expect("null")
            return .null
        default:
            return try number()
        }
    }

    /// The elements of an object or an array, from its opening bracket to `close`: `element`
    /// parses one, commas separate them.
    mutating func elements(
        close: Unicode.Scalar, _ what: String, _ element: (inout JSONParser) throws -> Void
    ) throws {
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: close) {
            i += 1
            return
        }
        while true {
            skipSpace()
            try element(&self)
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end in \(what)") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            try expect(String(close))
            return
        }
    }

    /// A string starting at the opening quote.
    mutating func string() throws -> String {
        i += 1
        var out = [UInt8]()
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                continue
            }
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "u"):
                guard i + 4 <= bytes.count,
                    let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
                else {
                    throw error("bad unicode escape")
                }
                i += 4
                out += Array(String(Character(UnicodeScalar(v) ?? "\u{FFFD}")).utf8)
            default: out.append(e)
            }
        }
        throw error("unterminated string")
    }

    mutating func number() throws -> JSON {
        let start = i
        while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if let u = UInt64(text) { return .uint(u) }
        if let n = Int64(text) { return .int(n) }
        if !text.isEmpty, let d = Double(text) { return .double(d) }
        throw error("unexpected character")
    }
}
