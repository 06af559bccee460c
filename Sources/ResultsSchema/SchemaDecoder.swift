/// Reads a `Decodable` record from the ordered `JSON` tree (`JSON.parse`): object keys keep
/// their file order (`allKeys`, so ordered maps such as `sweep` and `regions` read back in
/// order), integers are exact to 2^64 - 1, and every failure is a `SchemaError` naming the JSON
/// path. Numbers follow the documents' rules: a `UInt64` or `Int` is a non-negative whole
/// number (a count), a `Double` any finite number. Foundation's `JSONDecoder` would lose the key
/// order, which the documents' byte-identical round trip needs.
public enum SchemaDecoder {
    /// Decodes `T` from `json`; an error is the one-line `file: path: what`.
    public static func decode<T: Decodable>(_ type: T.Type, from json: JSON, file: String) throws -> T {
        do { return try T(from: Tree(value: json, codingPath: [])) } catch let e as SchemaError {
            throw e.report(file: file)
        }
    }

    /// Decodes `T` from `json`, a `SchemaError` naming the path on failure.
    public static func decode<T: Decodable>(_ type: T.Type, from json: JSON) throws -> T {
        try T(from: Tree(value: json, codingPath: []))
    }

    /// Decodes `T` from `json` found at `path` of a document: an error names the path from there.
    public static func decode<T: Decodable>(_ type: T.Type, from json: JSON, at path: String) throws -> T {
        do { return try T(from: Tree(value: json, codingPath: [])) } catch let e as SchemaError {
            let tail = e.path.isEmpty || e.path.hasPrefix("[") ? e.path : "." + e.path
            throw SchemaError(path + tail, e.what)
        }
    }

    /// A position in a list, written `[i]` in paths.
    struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(_ i: Int) { intValue = i }
        init?(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { nil }
    }

    /// Reads one value of the tree. A record's own `init(from:)` may ask for `value` (the JSON
    /// itself) through `SchemaDecoder.json(_:)`.
    struct Tree: Decoder {
        let value: JSON
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func fail(_ what: String) -> SchemaError { SchemaError(codingPath, what) }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard let o = value.object else { throw fail("expected an object, got \(value.described)") }
            return KeyedDecodingContainer(Keyed<Key>(fields: o, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard let a = value.array else { throw fail("expected a list, got \(value.described)") }
            return Unkeyed(items: a, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        /// `T` from this value: the primitives by the documents' rules, anything else by its decoder.
        func read<T: Decodable>(_ type: T.Type) throws -> T {
            switch type {
            case is JSON.Type: return value as! T
            case is String.Type:
                guard let s = value.string else { throw fail("expected a string, got \(value.described)") }
                return s as! T
            case is Bool.Type:
                guard case .bool(let b) = value else { throw fail("expected true or false, got \(value.described)") }
                return b as! T
            case is Double.Type:
                guard let d = value.double else { throw fail("expected a number, got \(value.described)") }
                guard d.isFinite else { throw fail("a number out of range") }
                return d as! T
            case is UInt64.Type: return try count() as! T
            case is Int64.Type: return try signed() as! T
            case is Int.Type:
                let c = try count()
                guard c <= UInt64(Int.max) else { throw fail("\(c) is out of range (at most \(Int.max))") }
                return Int(c) as! T
            default: return try T(from: self)
            }
        }

        /// A whole number that fits a signed 64 bits (a measured event's min and max).
        func signed() throws -> Int64 {
            switch value {
            case .int(let x): return x
            case .uint(let x) where x <= UInt64(Int64.max): return Int64(x)
            case .double(let x) where x == x.rounded() && x >= -0x1p63 && x < 0x1p63: return Int64(x)
            default: throw fail("expected a whole number, got \(value.described)")
            }
        }

        /// A count: a non-negative whole number that fits 64 bits.
        func count() throws -> UInt64 {
            switch value {
            case .uint(let x): return x
            case .int(let x) where x >= 0: return UInt64(x)
            case .double(let x) where x >= 0 && x == x.rounded() && x < 0x1p64: return UInt64(x)
            default: throw fail("expected a non-negative integer count, got \(value.described)")
            }
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let fields: [(String, JSON)]
        var codingPath: [any CodingKey]

        /// Every key in file order (a key written twice is listed twice, for the records that refuse it).
        var allKeys: [Key] { fields.compactMap { Key(stringValue: $0.0) } }

        func contains(_ key: Key) -> Bool { fields.contains { $0.0 == key.stringValue } }

        func tree(_ key: Key) throws -> Tree {
            guard let v = fields.first(where: { $0.0 == key.stringValue })?.1 else {
                throw SchemaError(codingPath + [key], "missing")
            }
            return Tree(value: v, codingPath: codingPath + [key])
        }

        func decodeNil(forKey key: Key) throws -> Bool { try tree(key).value.isNull }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try tree(key).read(type) }

        /// Absent or null is nil, except for an `OrNull`, which keeps a null as a null.
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard contains(key) else { return nil }
            let t = try tree(key)
            if t.value.isNull && !(type is any KeepsNull.Type) { return nil }
            return try t.read(type)
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try tree(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try tree(key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { Tree(value: .object(fields), codingPath: codingPath) }

        func superDecoder(forKey key: Key) throws -> any Decoder { try tree(key) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSON]
        var codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        mutating func next() throws -> Tree {
            guard !isAtEnd else { throw SchemaError(codingPath, "the list ends early") }
            defer { currentIndex += 1 }
            return Tree(value: items[currentIndex], codingPath: codingPath + [Index(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex].isNull else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().read(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try next().container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

        mutating func superDecoder() throws -> any Decoder { try next() }
    }
}

extension SchemaDecoder.Tree: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try read(type) }
}

/// A type whose null is a value of its own (`OrNull`): `decodeIfPresent` decodes it from null
/// instead of reading null as absent.
protocol KeepsNull {}
