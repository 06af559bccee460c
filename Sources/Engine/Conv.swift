/// Convolution dimensions: batch n, c input channels to k output channels, h x w input,
/// r x s filter, stride and zero padding (the same in both spatial dimensions).
public struct ConvShape: Equatable, Sendable {
    public var n: Int, c: Int, k: Int, h: Int, w: Int, r: Int, s: Int, stride: Int, padding: Int
    public init(n: Int, c: Int, k: Int, h: Int, w: Int, r: Int, s: Int, stride: Int = 1, padding: Int = 0) {
        self.n = n
        self.c = c
        self.k = k
        self.h = h
        self.w = w
        self.r = r
        self.s = s
        self.stride = stride
        self.padding = padding
    }
    public var oh: Int { (h + 2 * padding - r) / stride + 1 }
    public var ow: Int { (w + 2 * padding - s) / stride + 1 }
}

/// Activation layout of the input and the output.
public enum ConvLayout: String, CaseIterable, Sendable { case nchw, nhwc }

/// How the convolution is computed.
public enum ConvAlgorithm: Equatable, Sendable {
    /// The seven nested loops in the given order, no buffer.
    case direct(ConvLoopNest)
    /// Caffe's im2col into its own buffer (region `im2col`), then one GEMM per image by the given
    /// algorithm (any but Strassen; BLIS packs into regions `packedA` and `packedB`).
    case im2col(GemmAlgorithm)
    /// A 1x1, stride-1, unpadded convolution as a GEMM directly on the input, by the given algorithm.
    case gemm1x1(GemmAlgorithm)
    /// QNNPACK's indirect convolution (NHWC): an indirection buffer of input-row pointers and an
    /// mr x nr micro-kernel reading A's rows through it (`ConvWorkload.indirect`).
    case indirect(mr: Int, nr: Int)
}

public struct ConvVariant: Equatable, Sendable {
    public var algorithm: ConvAlgorithm
    public var layout: ConvLayout
    /// The filter's layout. Direct convolution takes any; im2col, 1x1-as-GEMM and indirect read the
    /// filter as their GEMM operand, so theirs is fixed: `kcrs` (K x CRS) with NCHW, `rsck` (RSC x K)
    /// with NHWC.
    public var filter: FilterLayout
    /// The access stream emitted (source-level by default): direct convolution's, or the GEMM's of
    /// im2col and 1x1-as-GEMM (the im2col copy is element by element).
    public var accesses: AccessModel
    /// `filter` defaults to the layout's natural one for direct convolution, the GEMM's otherwise.
    public init(
        algorithm: ConvAlgorithm, layout: ConvLayout, filter: FilterLayout? = nil, accesses: AccessModel = .source
    ) {
        self.accesses = accesses
        self.algorithm = algorithm
        self.layout = layout
        if case .direct = algorithm {
            self.filter = filter ?? .natural(for: layout)
        } else {
            self.filter = Self.gemmFilter(for: layout)
        }
    }

    /// The filter layout im2col and 1x1-as-GEMM use as their GEMM operand.
    public static func gemmFilter(for layout: ConvLayout) -> FilterLayout {
        FilterLayout(layout == .nchw ? "kcrs" : "rsck")!
    }

    /// Direct convolution in the layout's natural loop order and filter layout.
    public static func direct(_ layout: ConvLayout) -> ConvVariant {
        ConvVariant(algorithm: .direct(.natural(for: layout)), layout: layout)
    }
}
