/// Writes an `Encodable` record as the ordered `JSON` tree: object keys in the order the record
/// encodes them (for a synthesized `encode(to:)`, the order its stored properties are declared),
/// optionals that are nil left out (`encodeIfPresent`), `OrNull` written as null, integers exact.
/// This is the one writer of every results document, so the key order, a contract (a merged
/// sharded run is byte-identical to an unsharded one), is the declaration order of the records.
public enum SchemaEncoder {
    public static func encode<T: Encodable>(_ value: T) -> JSON {
        let node = Node()
        node.put(value)
        return node.json
    }

    /// One value under construction; containers hold their children by reference so that nested
    /// containers can be filled after they were handed out.
    final class Node {
        enum Content {
            case empty
            case value(JSON)
            case object([(String, Node)])
            case array([Node])
        }
        var content = Content.empty

        var json: JSON {
            switch content {
            case .empty: return .object([])
            case .value(let j): return j
            case .object(let o): return .object(o.map { ($0.0, $0.1.json) })
            case .array(let a): return .array(a.map(\.json))
            }
        }

        /// Writes `value`: JSON as it is, the primitives as their JSON, anything else by its encoder.
        func put<T: Encodable>(_ value: T) {
            switch value {
            case let j as JSON: content = .value(j)
            case let s as String: content = .value(.string(s))
            case let b as Bool: content = .value(.bool(b))
            case let d as Double: content = .value(.double(d))
            case let u as UInt64: content = .value(.uint(u))
            case let u as UInt: content = .value(.uint(UInt64(u)))
            case let i as Int: content = .value(.int(Int64(i)))
            case let i as Int64: content = .value(.int(i))
            default:
                do { try value.encode(to: TreeEncoder(node: self, codingPath: [])) } catch {
                    // The tree encoder itself never throws; a record's own encode(to:) does not either.
                    content = .value(.null)
                }
            }
        }

        func child(key: String) -> Node {
            let n = Node()
            if case .object(var o) = content {
                o.append((key, n))
                content = .object(o)
            } else {
                content = .object([(key, n)])
            }
            return n
        }

        func element() -> Node {
            let n = Node()
            if case .array(var a) = content {
                a.append(n)
                content = .array(a)
            } else {
                content = .array([n])
            }
            return n
        }
    }

    struct TreeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .empty = node.content { node.content = .object([]) }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .empty = node.content { node.content = .array([]) }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) { node.child(key: key.stringValue).content = .value(.null) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) { node.child(key: key.stringValue).put(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let n = node.child(key: key.stringValue)
            n.content = .object([])
            return KeyedEncodingContainer(Keyed<NestedKey>(node: n, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let n = node.child(key: key.stringValue)
            n.content = .array([])
            return Unkeyed(node: n, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            TreeEncoder(node: node.child(key: "super"), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            TreeEncoder(node: node.child(key: key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int {
            if case .array(let a) = node.content { return a.count }
            return 0
        }

        mutating func encodeNil() { node.element().content = .value(.null) }

        mutating func encode<T: Encodable>(_ value: T) { node.element().put(value) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            let n = node.element()
            n.content = .object([])
            return KeyedEncodingContainer(Keyed<NestedKey>(node: n, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let n = node.element()
            n.content = .array([])
            return Unkeyed(node: n, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.element(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil() { node.content = .value(.null) }

        mutating func encode<T: Encodable>(_ value: T) { node.put(value) }
    }
}
