/// The arithmetic of a vector of `width` lanes for the vector innermost loop of direct
/// convolution. Lanes are `stride` elements apart in memory: 1 is a vector load or store, 0 a
/// broadcast of one element, anything else one element per lane (a gather or scatter).
@usableFromInline protocol ConvLanes {
    associatedtype Element: GemmElement
    /// Per-lane partial sums of a reduction.
    associatedtype Partial
    var width: Int { get }
    /// The partial sums a reduction starts from when the running sum is `acc`.
    func begin(_ acc: Element.Acc) -> Partial
    /// p[l] += a[l·ad] · b[l·bd] for every lane l.
    func dot(
        _ p: inout Partial, _ a: UnsafeMutablePointer<Element>, _ ad: Int, _ b: UnsafeMutablePointer<Element>, _ bd: Int
    )
    /// The running sum after the reduction: `acc` (as given to `begin`) plus what `p` gathered.
    func end(_ acc: Element.Acc, _ p: Partial) -> Element.Acc
    /// o[l·od] += v[l·vd] · x for every lane l.
    func axpy(
        _ o: UnsafeMutablePointer<Element.Acc>, _ od: Int, _ x: Element, _ v: UnsafeMutablePointer<Element>, _ vd: Int)
    /// o[l·od] += a[l·ad] · b[l·bd] for every lane l (depthwise: every operand moves).
    func fma(
        _ o: UnsafeMutablePointer<Element.Acc>, _ od: Int, _ a: UnsafeMutablePointer<Element>, _ ad: Int,
        _ b: UnsafeMutablePointer<Element>, _ bd: Int)
}

/// Reads lanes of `V` from `p` (`stride` as in `ConvLanes`).
@inlinable @inline(__always)
func convLoad<V: SIMD>(_: V.Type, _ p: UnsafeMutablePointer<V.Scalar>, _ stride: Int) -> V {
    if stride == 1 { return UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    if stride == 0 { return V(repeating: p.pointee) }
    var v = V()
    var l = 0, o = 0
    while l < V.scalarCount {
        v[l] = p[o]
        o &+= stride
        l &+= 1
    }
    return v
}

/// Writes the lanes of `v` to `p` (`stride` 1: one vector store; else one element per lane).
@inlinable @inline(__always)
func convStore<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<V.Scalar>, _ stride: Int) {
    if stride == 1 {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
        return
    }
    var l = 0, o = 0
    while l < V.scalarCount {
        p[o] = v[l]
        o &+= stride
        l &+= 1
    }
}

/// f32 and f64 lanes as a Swift SIMD vector (`SIMD4<Float>`, ...): the native twin is vector code.
@usableFromInline struct ConvFloatLanes<V: SIMD>: ConvLanes
where V.Scalar: GemmElement & BinaryFloatingPoint, V.Scalar.Acc == V.Scalar {
    @inlinable init() {}
    @inlinable var width: Int { V.scalarCount }
    @inlinable @inline(__always) func begin(_ acc: V.Scalar) -> V { V() }

    @inlinable @inline(__always)
    func dot(
        _ p: inout V, _ a: UnsafeMutablePointer<V.Scalar>, _ ad: Int, _ b: UnsafeMutablePointer<V.Scalar>, _ bd: Int
    ) {
        p = p + convLoad(V.self, a, ad) * convLoad(V.self, b, bd)
    }

    @inlinable @inline(__always)
    func end(_ acc: V.Scalar, _ p: V) -> V.Scalar { acc + p.sum() }

    @inlinable @inline(__always)
    func axpy(
        _ o: UnsafeMutablePointer<V.Scalar>, _ od: Int, _ x: V.Scalar, _ v: UnsafeMutablePointer<V.Scalar>, _ vd: Int
    ) {
        convStore(convLoad(V.self, o, od) + convLoad(V.self, v, vd) * V(repeating: x), o, od)
    }

    @inlinable @inline(__always)
    func fma(
        _ o: UnsafeMutablePointer<V.Scalar>, _ od: Int, _ a: UnsafeMutablePointer<V.Scalar>, _ ad: Int,
        _ b: UnsafeMutablePointer<V.Scalar>, _ bd: Int
    ) {
        convStore(convLoad(V.self, o, od) + convLoad(V.self, a, ad) * convLoad(V.self, b, bd), o, od)
    }
}

/// i8 lanes widened to i32 accumulators with wrapping arithmetic, as QNNPACK does: `V8` holds
/// the int8 lanes as loaded, `V32` the same number of int32 lanes.
@usableFromInline struct ConvInt8Lanes<V8: SIMD, V32: SIMD>: ConvLanes
where V8.Scalar == Int8, V32.Scalar == Int32 {
    @inlinable init() {}
    @inlinable var width: Int { V8.scalarCount }
    @inlinable @inline(__always) func begin(_ acc: Int32) -> V32 { V32() }

    /// The int8 lanes at `p` (as `convLoad` reads them), sign-extended to int32 lanes.
    @inlinable @inline(__always)
    func widened(_ p: UnsafeMutablePointer<Int8>, _ stride: Int) -> V32 {
        let v = convLoad(V8.self, p, stride)
        var r = V32()
        var l = 0
        while l < V32.scalarCount {
            r[l] = Int32(v[l])
            l &+= 1
        }
        return r
    }

    @inlinable @inline(__always)
    func dot(_ p: inout V32, _ a: UnsafeMutablePointer<Int8>, _ ad: Int, _ b: UnsafeMutablePointer<Int8>, _ bd: Int) {
        p = p &+ widened(a, ad) &* widened(b, bd)
    }

    @inlinable @inline(__always)
    func end(_ acc: Int32, _ p: V32) -> Int32 { acc &+ p.wrappedSum() }

    @inlinable @inline(__always)
    func axpy(_ o: UnsafeMutablePointer<Int32>, _ od: Int, _ x: Int8, _ v: UnsafeMutablePointer<Int8>, _ vd: Int) {
        convStore(convLoad(V32.self, o, od) &+ widened(v, vd) &* V32(repeating: Int32(x)), o, od)
    }

    @inlinable @inline(__always)
    func fma(
        _ o: UnsafeMutablePointer<Int32>, _ od: Int, _ a: UnsafeMutablePointer<Int8>, _ ad: Int,
        _ b: UnsafeMutablePointer<Int8>, _ bd: Int
    ) {
        convStore(convLoad(V32.self, o, od) &+ widened(a, ad) &* widened(b, bd), o, od)
    }
}

/// Any other width, lane by lane in scalar code (the same access stream and sums; no SIMD type
/// of that width exists).
@usableFromInline struct ConvScalarLanes<Element: GemmElement>: ConvLanes {
    @usableFromInline let width: Int
    @inlinable init(width: Int) { self.width = width }
    /// The lanes are summed in order straight into the running sum.
    @inlinable @inline(__always) func begin(_ acc: Element.Acc) -> Element.Acc { acc }

    @inlinable @inline(__always)
    func dot(
        _ p: inout Element.Acc, _ a: UnsafeMutablePointer<Element>, _ ad: Int, _ b: UnsafeMutablePointer<Element>,
        _ bd: Int
    ) {
        var l = 0, i = 0, j = 0
        while l < width {
            p = Element.mac(p, a[i], b[j])
            i &+= ad
            j &+= bd
            l &+= 1
        }
    }

    @inlinable @inline(__always)
    func end(_ acc: Element.Acc, _ p: Element.Acc) -> Element.Acc { p }

    @inlinable @inline(__always)
    func axpy(
        _ o: UnsafeMutablePointer<Element.Acc>, _ od: Int, _ x: Element, _ v: UnsafeMutablePointer<Element>, _ vd: Int
    ) {
        var l = 0, i = 0, j = 0
        while l < width {
            o[i] = Element.mac(o[i], v[j], x)
            i &+= od
            j &+= vd
            l &+= 1
        }
    }

    @inlinable @inline(__always)
    func fma(
        _ o: UnsafeMutablePointer<Element.Acc>, _ od: Int, _ a: UnsafeMutablePointer<Element>, _ ad: Int,
        _ b: UnsafeMutablePointer<Element>, _ bd: Int
    ) {
        var l = 0, i = 0, j = 0, q = 0
        while l < width {
            o[i] = Element.mac(o[i], a[j], b[q])
            i &+= od
            j &+= ad
            q &+= bd
            l &+= 1
        }
    }
}
