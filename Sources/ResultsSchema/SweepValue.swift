/// One value of a sweep axis: a number (sizes, tiles, padding) or a word (a loop nest, a layout).
public enum SweepValue: Hashable, Comparable, Sendable, CustomStringConvertible {
    case int(Int)
    case text(String)

    /// The number, for numeric axes (charts and trends need one).
    public var int: Int? { if case .int(let v) = self { return v } else { return nil } }

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .text(let s): return s
        }
    }

    /// Numbers in numeric order, before words in lexical order.
    public static func < (a: SweepValue, b: SweepValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.text(let x), .text(let y)): return x < y
        case (.int, .text): return true
        case (.text, .int): return false
        }
    }
}

/// A sweep point: axis key -> value.
public typealias SweepPoint = [String: SweepValue]
