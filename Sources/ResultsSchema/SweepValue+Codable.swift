/// A sweep value in a document: a word, or a whole number from 0 to `SchemaLimits.maxShapeValue`.
extension SweepValue: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            self = .text(s)
            return
        }
        let v = try c.decode(UInt64.self)
        let max = SchemaLimits.maxShapeValue
        guard v <= UInt64(max) else { throw SchemaError(c.codingPath, "\(v) is out of range (at most \(max))") }
        self = .int(Int(v))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let x): try c.encode(x)
        case .text(let s): try c.encode(s)
        }
    }
}

extension Fields where Value == SweepValue {
    /// A sweep point's record, axes sorted by name.
    public init(_ point: SweepPoint) {
        self.init(point.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The sweep point.
    public var point: SweepPoint { Dictionary(entries.map { ($0.key, $0.value) }) { a, _ in a } }
}
