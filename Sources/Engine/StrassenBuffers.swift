import AccessSink

/// Strassen's temporaries, one set per recursion level, each level's matrices one after another
/// in three regions: S (a sum of two of A's quadrants), T (of B's) and M (one product at a time).
public struct StrassenBuffers<E: GemmElement> {
    /// One level's quadrant sizes (mh x kh times kh x nh) and the element offsets of its S, T and M.
    public struct Level: Sendable {
        public let m: Int, n: Int, k: Int
        @usableFromInline let s: Int, t: Int, p: Int
    }
    public let s: UnsafeMutablePointer<E>
    public let t: UnsafeMutablePointer<E>
    public let m: UnsafeMutablePointer<E.Acc>
    /// Flat (one row) descriptors of the three buffers.
    public let S: MatrixDesc, T: MatrixDesc, M: MatrixDesc
    public let levels: [Level]

    /// The levels of a `levels`-deep recursion on `shape`: each halves the even part of every
    /// dimension (an odd row, column or k is peeled; see `Gemm.strassen`). Stops early where a
    /// dimension falls below 2. Also the elements each buffer needs.
    public static func plan(_ shape: GemmShape, levels: Int) -> (levels: [Level], s: Int, t: Int, m: Int) {
        var (m, n, k) = (shape.m, shape.n, shape.k)
        var out: [Level] = []
        var (s, t, p) = (0, 0, 0)
        for _ in 0..<levels where m >= 2 && n >= 2 && k >= 2 {
            (m, n, k) = (m / 2, n / 2, k / 2)
            out.append(Level(m: m, n: n, k: k, s: s, t: t, p: p))
            s += m * k
            t += k * n
            p += m * n
        }
        return (out, s, t, p)
    }

    public init(
        s: UnsafeMutablePointer<E>, t: UnsafeMutablePointer<E>, m: UnsafeMutablePointer<E.Acc>, S: MatrixDesc,
        T: MatrixDesc, M: MatrixDesc, levels: [Level]
    ) {
        (self.s, self.t, self.m, self.S, self.T, self.M, self.levels) = (s, t, m, S, T, M, levels)
    }
}
