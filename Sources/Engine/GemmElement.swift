/// An element type GEMM and convolution run on: the input type and its accumulator
/// (f32 -> f32, f64 -> f64, int8 -> int32 with wrapping arithmetic, as QNNPACK does).
public protocol GemmElement: Sendable {
    associatedtype Acc: Sendable & Equatable
    static var zeroAcc: Acc { get }
    static var zero: Self { get }
    /// acc + a * b.
    static func mac(_ acc: Acc, _ a: Self, _ b: Self) -> Acc
    /// `acc[0..<vectors * width] += x[...] * s`, `width` elements at a time as one SIMD vector
    /// operation (Swift's `SIMD2`...`SIMD64`), so that a kernel run with `vector: width` is vector
    /// code; `width` is a power of two in 2...64. Each lane gives exactly `mac(acc, x, s)`.
    static func axpy(_ acc: UnsafeMutablePointer<Acc>, _ x: UnsafePointer<Self>, _ s: Self, vectors: Int, width: Int)
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
    @inlinable @inline(__always) public static func axpy(
        _ acc: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ s: Float, vectors: Int, width: Int
    ) {
        switch width {
        case 2: floatAXPY(SIMD2<Float>.self, acc, x, s, vectors)
        case 4: floatAXPY(SIMD4<Float>.self, acc, x, s, vectors)
        case 8: floatAXPY(SIMD8<Float>.self, acc, x, s, vectors)
        case 16: floatAXPY(SIMD16<Float>.self, acc, x, s, vectors)
        case 32: floatAXPY(SIMD32<Float>.self, acc, x, s, vectors)
        default: floatAXPY(SIMD64<Float>.self, acc, x, s, vectors)
        }
    }
    public static func sample(_ i: Int) -> Float { Float(i % 7) - 3 }
    public static func toDouble(_ a: Float) -> Double { Double(a) }
    public static var name: String { "f32" }
}

extension Double: GemmElement {
    public static var zeroAcc: Double { 0 }
    @inlinable @inline(__always) public static func mac(_ acc: Double, _ a: Double, _ b: Double) -> Double {
        acc + a * b
    }
    @inlinable @inline(__always) public static func axpy(
        _ acc: UnsafeMutablePointer<Double>, _ x: UnsafePointer<Double>, _ s: Double, vectors: Int, width: Int
    ) {
        switch width {
        case 2: floatAXPY(SIMD2<Double>.self, acc, x, s, vectors)
        case 4: floatAXPY(SIMD4<Double>.self, acc, x, s, vectors)
        case 8: floatAXPY(SIMD8<Double>.self, acc, x, s, vectors)
        case 16: floatAXPY(SIMD16<Double>.self, acc, x, s, vectors)
        case 32: floatAXPY(SIMD32<Double>.self, acc, x, s, vectors)
        default: floatAXPY(SIMD64<Double>.self, acc, x, s, vectors)
        }
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
    @inlinable @inline(__always) public static func axpy(
        _ acc: UnsafeMutablePointer<Int32>, _ x: UnsafePointer<Int8>, _ s: Int8, vectors: Int, width: Int
    ) {
        switch width {
        case 2: int8AXPY({ SIMD2<Int32>(truncatingIfNeeded: $0 as SIMD2<Int8>) }, acc, x, s, vectors)
        case 4: int8AXPY({ SIMD4<Int32>(truncatingIfNeeded: $0 as SIMD4<Int8>) }, acc, x, s, vectors)
        case 8: int8AXPY({ SIMD8<Int32>(truncatingIfNeeded: $0 as SIMD8<Int8>) }, acc, x, s, vectors)
        case 16: int8AXPY({ SIMD16<Int32>(truncatingIfNeeded: $0 as SIMD16<Int8>) }, acc, x, s, vectors)
        case 32: int8AXPY({ SIMD32<Int32>(truncatingIfNeeded: $0 as SIMD32<Int8>) }, acc, x, s, vectors)
        default: int8AXPY({ SIMD64<Int32>(truncatingIfNeeded: $0 as SIMD64<Int8>) }, acc, x, s, vectors)
        }
    }
    public static func sample(_ i: Int) -> Int8 { Int8(truncatingIfNeeded: (i % 251) - 125) }
    public static func toDouble(_ a: Int32) -> Double { Double(a) }
    public static var name: String { "i8" }
}

/// `vectors` SIMD multiply-adds of `V` on floating-point data: acc += x * s, one vector load of
/// each operand and one vector store of acc per step (unaligned: rows need not start on a vector).
@inlinable @inline(__always)
func floatAXPY<V: SIMD>(
    _: V.Type, _ acc: UnsafeMutablePointer<V.Scalar>, _ x: UnsafePointer<V.Scalar>, _ s: V.Scalar, _ vectors: Int
) where V.Scalar: BinaryFloatingPoint {
    let sv = V(repeating: s)
    let ra = UnsafeMutableRawPointer(acc), rx = UnsafeRawPointer(x)
    let step = MemoryLayout<V>.size
    var off = 0
    for _ in 0..<vectors {
        let c = ra.loadUnaligned(fromByteOffset: off, as: V.self)
        let b = rx.loadUnaligned(fromByteOffset: off, as: V.self)
        ra.storeBytes(of: c + b * sv, toByteOffset: off, as: V.self)
        off &+= step
    }
}

/// The int8 version: lanes widened to Int32, wrapping multiply-add as `Int8.mac`.
@inlinable @inline(__always)
func int8AXPY<V8: SIMD, V32: SIMD>(
    _ widen: (V8) -> V32, _ acc: UnsafeMutablePointer<Int32>, _ x: UnsafePointer<Int8>, _ s: Int8, _ vectors: Int
) where V8.Scalar == Int8, V32.Scalar == Int32 {
    let sv = V32(repeating: Int32(s))
    let ra = UnsafeMutableRawPointer(acc), rx = UnsafeRawPointer(x)
    let w = V8.scalarCount
    for v in 0..<vectors {
        let c = ra.loadUnaligned(fromByteOffset: v &* w &* 4, as: V32.self)
        let b = widen(rx.loadUnaligned(fromByteOffset: v &* w, as: V8.self))
        ra.storeBytes(of: c &+ b &* sv, toByteOffset: v &* w &* 4, as: V32.self)
    }
}
