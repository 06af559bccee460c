/// Which access stream a kernel emits. The default, `.source`, is the source-level stream the
/// teaching tables count by: every element the loop body names is one access. The options model
/// what an optimising compiler emits instead, so that a run can be set beside Callgrind's or
/// PAPI's counts of compiled code; reports say which model ran.
public struct AccessModel: Equatable, Hashable, Sendable {
    /// Scalar replacement (experiment key `promote: true`): the innermost loop's invariant
    /// operand lives in a register, loaded once before the loop and, when it is the output,
    /// stored once after it.
    public var promote: Bool
    /// Elements per vector access along the unit-stride innermost loop (experiment key
    /// `vector: W`); 1 is scalar code. A vector access is one access of `vector` x element bytes.
    /// The register-blocked, QNNPACK-style and BLIS micro-kernels load their B rows (and a row-major
    /// C's rows) in such vectors (`MicroKernelVector`).
    public var vector: Int

    public init(promote: Bool = false, vector: Int = 1) {
        self.promote = promote
        self.vector = vector
    }

    /// The source-level stream (no promotion, scalar).
    public static let source = AccessModel()
}
