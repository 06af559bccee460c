/// An element type GEMM and convolution run on: the input type and its accumulator
/// (f32 -> f32, f64 -> f64, int8 -> int32 with wrapping arithmetic, as QNNPACK does).
public protocol GemmElement: Sendable {
    associatedtype Acc: Sendable & Equatable
    static var zeroAcc: Acc { get }
    static var zero: Self { get }
    /// acc + a * b.
    static func mac(_ acc: Acc, _ a: Self, _ b: Self) -> Acc
    /// For each r in `0..<outer`, q in `0..<rows`: `acc[r * accStride ..< + vectors * width] +=
    /// a[r * aOuterStride + q * aStride] * b[q * bStride ...]`, `width` elements at a time as one SIMD
    /// vector operation (Swift's `SIMD2`...`SIMD64`), so that a kernel run with `vector: width` is
    /// vector code; `width` is a power of two in 2...64. Each lane gives exactly `mac(acc, a, b)`,
    /// q in order. The width is dispatched once per call, outside the loops.
    static func axpyRows(
        _ acc: UnsafeMutablePointer<Acc>, accStride: Int, _ a: UnsafePointer<Self>, aOuterStride: Int, aStride: Int,
        _ b: UnsafePointer<Self>, bStride: Int, outer: Int, rows: Int, vectors: Int, width: Int)
    /// a + b, or a - b with `minus` (wrapping for int8): Strassen's sums of operand blocks.
    static func sum(_ a: Self, _ b: Self, minus: Bool) -> Self
    /// The same for accumulators: Strassen's updates of C by its products.
    static func accSum(_ a: Acc, _ b: Acc, minus: Bool) -> Acc
    /// A deterministic test value for index `i` (small, so float sums stay exact-ish).
    static func sample(_ i: Int) -> Self
    /// The accumulator as a Double, for comparisons.
    static func toDouble(_ a: Acc) -> Double
    /// Conversions for Winograd's transforms, computed in Double (int8 rounds and saturates;
    /// Winograd convolution itself is refused for int8).
    static func elementDouble(_ a: Self) -> Double
    static func element(_ x: Double) -> Self
    static func acc(_ x: Double) -> Acc
    /// The name used in experiment files.
    static var name: String { get }
}

extension Float: GemmElement {
    public static var zeroAcc: Float { 0 }
    @inlinable @inline(__always) public static func mac(_ acc: Float, _ a: Float, _ b: Float) -> Float { acc + a * b }
    @inlinable @inline(__always) public static func axpyRows(
        _ acc: UnsafeMutablePointer<Float>, accStride: Int, _ a: UnsafePointer<Float>, aOuterStride: Int, aStride: Int,
        _ b: UnsafePointer<Float>, bStride: Int, outer: Int, rows: Int, vectors: Int, width: Int
    ) {
        let r = SIMDRows(acc, accStride, a, aOuterStride, aStride, b, bStride, outer, rows, vectors)
        switch width {
        case 2: floatRows(SIMD2<Float>.self, r)
        case 4: floatRows(SIMD4<Float>.self, r)
        case 8: floatRows(SIMD8<Float>.self, r)
        case 16: floatRows(SIMD16<Float>.self, r)
        case 32: floatRows(SIMD32<Float>.self, r)
        default: floatRows(SIMD64<Float>.self, r)
        }
    }
    @inlinable @inline(__always) public static func sum(_ a: Float, _ b: Float, minus: Bool) -> Float {
        minus ? a - b : a + b
    }
    @inlinable @inline(__always) public static func accSum(_ a: Float, _ b: Float, minus: Bool) -> Float {
        minus ? a - b : a + b
    }
    public static func sample(_ i: Int) -> Float { Float(i % 7) - 3 }
    public static func toDouble(_ a: Float) -> Double { Double(a) }
    @inlinable public static func elementDouble(_ a: Float) -> Double { Double(a) }
    @inlinable public static func element(_ x: Double) -> Float { Float(x) }
    @inlinable public static func acc(_ x: Double) -> Float { Float(x) }
    public static var name: String { "f32" }
}

extension Double: GemmElement {
    public static var zeroAcc: Double { 0 }
    @inlinable @inline(__always) public static func mac(_ acc: Double, _ a: Double, _ b: Double) -> Double {
        acc + a * b
    }
    @inlinable @inline(__always) public static func axpyRows(
        _ acc: UnsafeMutablePointer<Double>, accStride: Int, _ a: UnsafePointer<Double>, aOuterStride: Int,
        aStride: Int,
        _ b: UnsafePointer<Double>, bStride: Int, outer: Int, rows: Int, vectors: Int, width: Int
    ) {
        let r = SIMDRows(acc, accStride, a, aOuterStride, aStride, b, bStride, outer, rows, vectors)
        switch width {
        case 2: floatRows(SIMD2<Double>.self, r)
        case 4: floatRows(SIMD4<Double>.self, r)
        case 8: floatRows(SIMD8<Double>.self, r)
        case 16: floatRows(SIMD16<Double>.self, r)
        case 32: floatRows(SIMD32<Double>.self, r)
        default: floatRows(SIMD64<Double>.self, r)
        }
    }
    @inlinable @inline(__always) public static func sum(_ a: Double, _ b: Double, minus: Bool) -> Double {
        minus ? a - b : a + b
    }
    @inlinable @inline(__always) public static func accSum(_ a: Double, _ b: Double, minus: Bool) -> Double {
        minus ? a - b : a + b
    }
    public static func sample(_ i: Int) -> Double { Double(i % 7) - 3 }
    public static func toDouble(_ a: Double) -> Double { a }
    @inlinable public static func elementDouble(_ a: Double) -> Double { a }
    @inlinable public static func element(_ x: Double) -> Double { x }
    @inlinable public static func acc(_ x: Double) -> Double { x }
    public static var name: String { "f64" }
}

extension Int8: GemmElement {
    public static var zeroAcc: Int32 { 0 }
    @inlinable @inline(__always) public static func mac(_ acc: Int32, _ a: Int8, _ b: Int8) -> Int32 {
        acc &+ Int32(a) &* Int32(b)
    }
    @inlinable @inline(__always) public static func axpyRows(
        _ acc: UnsafeMutablePointer<Int32>, accStride: Int, _ a: UnsafePointer<Int8>, aOuterStride: Int, aStride: Int,
        _ b: UnsafePointer<Int8>, bStride: Int, outer: Int, rows: Int, vectors: Int, width: Int
    ) {
        let r = SIMDRows(acc, accStride, a, aOuterStride, aStride, b, bStride, outer, rows, vectors)
        switch width {
        case 2: int8Rows(SIMD2<Int8>.self, SIMD2<Int32>.self, r)
        case 4: int8Rows(SIMD4<Int8>.self, SIMD4<Int32>.self, r)
        case 8: int8Rows(SIMD8<Int8>.self, SIMD8<Int32>.self, r)
        case 16: int8Rows(SIMD16<Int8>.self, SIMD16<Int32>.self, r)
        case 32: int8Rows(SIMD32<Int8>.self, SIMD32<Int32>.self, r)
        default: int8Rows(SIMD64<Int8>.self, SIMD64<Int32>.self, r)
        }
    }
    @inlinable @inline(__always) public static func sum(_ a: Int8, _ b: Int8, minus: Bool) -> Int8 {
        minus ? a &- b : a &+ b
    }
    @inlinable @inline(__always) public static func accSum(_ a: Int32, _ b: Int32, minus: Bool) -> Int32 {
        minus ? a &- b : a &+ b
    }
    public static func sample(_ i: Int) -> Int8 { Int8(truncatingIfNeeded: (i % 251) - 125) }
    public static func toDouble(_ a: Int32) -> Double { Double(a) }
    public static func elementDouble(_ a: Int8) -> Double { Double(a) }
    public static func element(_ x: Double) -> Int8 { Int8(Swift.max(-128, Swift.min(127, x.rounded()))) }
    public static func acc(_ x: Double) -> Int32 {
        Int32(Swift.max(-2_147_483_648, Swift.min(2_147_483_647, x.rounded())))
    }
    public static var name: String { "i8" }
}

extension GemmElement {
    /// `acc[0..<vectors * width] += x[...] * s` in SIMD vectors (one row of `axpyRows`).
    @inlinable @inline(__always)
    public static func axpy(
        _ acc: UnsafeMutablePointer<Acc>, _ x: UnsafePointer<Self>, _ s: Self, vectors: Int, width: Int
    ) {
        withUnsafePointer(to: s) {
            axpyRows(
                acc, accStride: 0, $0, aOuterStride: 0, aStride: 0, x, bStride: 0, outer: 1, rows: 1, vectors: vectors,
                width: width)
        }
    }
}

/// `axpyRows` for floating-point elements in vectors `V`: per row one broadcast, then per vector one
/// load of acc and of b and one store of acc (unaligned: rows need not start on a vector).
@inlinable @inline(never)
func floatRows<V: SIMD>(_: V.Type, _ r: SIMDRows<V.Scalar, V.Scalar>) where V.Scalar: BinaryFloatingPoint {
    let step = MemoryLayout<V>.size
    for o in 0..<r.outer {
        let ra = UnsafeMutableRawPointer(r.acc + o &* r.accStride), a = r.a + o &* r.aOuterStride
        for q in 0..<r.rows {
            let sv = V(repeating: a[q &* r.aStride])
            let rb = UnsafeRawPointer(r.b + q &* r.bStride)
            var off = 0
            for _ in 0..<r.vectors {
                let c = ra.loadUnaligned(fromByteOffset: off, as: V.self)
                let x = rb.loadUnaligned(fromByteOffset: off, as: V.self)
                ra.storeBytes(of: c + x * sv, toByteOffset: off, as: V.self)
                off &+= step
            }
        }
    }
}

/// The int8 version: lanes widened to Int32, wrapping multiply-add as `Int8.mac`.
@inlinable @inline(never)
func int8Rows<V8: SIMD, V32: SIMD>(_: V8.Type, _: V32.Type, _ r: SIMDRows<Int8, Int32>)
where V8.Scalar == Int8, V32.Scalar == Int32 {
    let w = V8.scalarCount
    for o in 0..<r.outer {
        let ra = UnsafeMutableRawPointer(r.acc + o &* r.accStride), a = r.a + o &* r.aOuterStride
        for q in 0..<r.rows {
            let sv = V32(repeating: Int32(a[q &* r.aStride]))
            let rb = UnsafeRawPointer(r.b + q &* r.bStride)
            for v in 0..<r.vectors {
                let bytes = rb.loadUnaligned(fromByteOffset: v &* w, as: V8.self)
                var x = V32()
                for l in 0..<w { x[l] = Int32(bytes[l]) }
                let c = ra.loadUnaligned(fromByteOffset: v &* w &* 4, as: V32.self)
                ra.storeBytes(of: c &+ x &* sv, toByteOffset: v &* w &* 4, as: V32.self)
            }
        }
    }
}

/// The operands of one `axpyRows` call, passed as one value to the per-width functions.
@usableFromInline
struct SIMDRows<T, Acc> {
    @usableFromInline let acc: UnsafeMutablePointer<Acc>
    @usableFromInline let accStride: Int
    @usableFromInline let a: UnsafePointer<T>
    @usableFromInline let aOuterStride: Int
    @usableFromInline let aStride: Int
    @usableFromInline let b: UnsafePointer<T>
    @usableFromInline let bStride: Int
    @usableFromInline let outer: Int
    @usableFromInline let rows: Int
    @usableFromInline let vectors: Int
    @inlinable init(
        _ acc: UnsafeMutablePointer<Acc>, _ accStride: Int, _ a: UnsafePointer<T>, _ aOuterStride: Int, _ aStride: Int,
        _ b: UnsafePointer<T>, _ bStride: Int, _ outer: Int, _ rows: Int, _ vectors: Int
    ) {
        self.acc = acc
        self.accStride = accStride
        self.a = a
        self.aOuterStride = aOuterStride
        self.aStride = aStride
        self.b = b
        self.bStride = bStride
        self.outer = outer
        self.rows = rows
        self.vectors = vectors
    }
}
