/// A value that the document writes as `null` when there is none (a 3C counter not kept, a
/// level the model does not predict, a cost the machine's figures do not give), as opposed to
/// an optional property, which is left out when nil. `OrNull<T>?` is both: absent, null or a value.
public struct OrNull<Wrapped: Codable & Sendable>: Codable, Sendable, KeepsNull {
    public var value: Wrapped?

    public init(_ value: Wrapped?) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        value = c.decodeNil() ? nil : try c.decode(Wrapped.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

extension OrNull: Equatable where Wrapped: Equatable {}
