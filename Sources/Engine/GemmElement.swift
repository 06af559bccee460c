/// An element type GEMM and convolution run on: the input type and its accumulator
/// (f32 -> f32, f64 -> f64, int8 -> int32 with wrapping arithmetic, as QNNPACK does).
public protocol GemmElement: Sendable {
    associatedtype Acc: Sendable & Equatable
    static var zeroAcc: Acc { get }
    static var zero: Self { get }
    /// acc + a * b.
    static func mac(_ acc: Acc, _ a: Self, _ b: Self) -> Acc
    /// A deterministic test value for index `i` (small, so float sums stay exact-ish).
    static func sample(_ i: Int) -> Self
    /// The accumulator as a Double, for comparisons.
    static func toDouble(_ a: Acc) -> Double
    /// The name used in experiment files.
    static var name: String { get }
}

extension Float: GemmElement {
    public static var zeroAcc: Float { 0 }
    @inlinable @inline(__always) public static func mac(_ acc: Float, _ a: Float, _ b: Float) -> Float { acc + a * b }
    public static func sample(_ i: Int) -> Float { Float(i % 7) - 3 }
    public static func toDouble(_ a: Float) -> Double { Double(a) }
    public static var name: String { "f32" }
}

extension Double: GemmElement {
    public static var zeroAcc: Double { 0 }
    @inlinable @inline(__always) public static func mac(_ acc: Double, _ a: Double, _ b: Double) -> Double {
        acc + a * b
    }
    public static func sample(_ i: Int) -> Double { Double(i % 7) - 3 }
    public static func toDouble(_ a: Double) -> Double { a }
    public static var name: String { "f64" }
}

extension Int8: GemmElement {
    public static var zeroAcc: Int32 { 0 }
    @inlinable @inline(__always) public static func mac(_ acc: Int32, _ a: Int8, _ b: Int8) -> Int32 {
        acc &+ Int32(a) &* Int32(b)
    }
    public static func sample(_ i: Int) -> Int8 { Int8(truncatingIfNeeded: (i % 251) - 125) }
    public static func toDouble(_ a: Int32) -> Double { Double(a) }
    public static var name: String { "i8" }
}
