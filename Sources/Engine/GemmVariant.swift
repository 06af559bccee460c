/// Which GEMM algorithm a variant runs, with its blocking parameters.
public enum GemmAlgorithm: Equatable, Sendable {
    case naive(LoopOrder)
    case tiled(LoopOrder, tm: Int, tn: Int, tk: Int)
    case registerBlocked(mr: Int, nr: Int, kc: Int, kInner: Bool)
    case blis(mr: Int, nr: Int, kc: Int, mc: Int, nc: Int)
    /// QNNPACK-style: an mr x nr micro-kernel over the whole K, no packing.
    case qnnpack(mr: Int, nr: Int)
    /// Strassen's algorithm, `levels` deep, its products at the last level by `base` (any other
    /// algorithm). See `Gemm.strassen`.
    indirect case strassen(levels: Int, base: GemmAlgorithm)
}

/// One GEMM variant: algorithm, each operand's storage layout and leading-dimension padding.
public struct GemmVariant: Equatable, Sendable {
    public var algorithm: GemmAlgorithm
    public var layoutA: StorageLayout
    public var layoutB: StorageLayout
    public var layoutC: StorageLayout
    public var padA: Int
    public var padB: Int
    public var padC: Int
    /// The access stream emitted (source-level by default).
    public var accesses: AccessModel
    public init(
        algorithm: GemmAlgorithm, layoutA: StorageLayout = .rowMajor, layoutB: StorageLayout = .rowMajor,
        layoutC: StorageLayout = .rowMajor, padA: Int = 0, padB: Int = 0, padC: Int = 0,
        accesses: AccessModel = .source
    ) {
        self.accesses = accesses
        self.algorithm = algorithm
        self.layoutA = layoutA
        self.layoutB = layoutB
        self.layoutC = layoutC
        self.padA = padA
        self.padB = padB
        self.padC = padC
    }
}

/// GEMM dimensions: C (m x n) = A (m x k) · B (k x n) + C.
public struct GemmShape: Equatable, Sendable {
    public var m: Int, n: Int, k: Int
    public init(m: Int, n: Int, k: Int) {
        self.m = m
        self.n = n
        self.k = k
    }
}
