/// The default warpable loop: every iteration runs, in order. Inlined, so a kernel written
/// with `warpLoop` compiles to the plain loop for every sink that does not warp.
extension AccessSink {
    @inlinable @inline(__always)
    public mutating func warpLoop(_ loop: WarpLoop, _ body: (inout Self, Int) -> Void) {
        var t = 0
        while t < loop.count {
            body(&self, t)
            t &+= 1
        }
    }
}
