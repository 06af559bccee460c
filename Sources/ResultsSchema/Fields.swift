/// An object whose keys are data (a run's `point`, `regions`, `measured`, `model`; the
/// document's `shape` and `sweep`), kept in the order written. Reading refuses a key written
/// twice, naming it.
public struct Fields<Value: Codable & Sendable>: Codable, Sendable {
    public var entries: [(key: String, value: Value)]

    public init(_ entries: [(key: String, value: Value)] = []) { self.entries = entries }

    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }

    /// A key of the object.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        entries = []
        for k in c.allKeys {
            if entries.contains(where: { $0.key == k.stringValue }) {
                throw SchemaError(c.codingPath + [k], "named twice")
            }
            entries.append((k.stringValue, try c.decode(Value.self, forKey: k)))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (k, v) in entries { try c.encode(v, forKey: Key(stringValue: k)) }
    }
}
