/// Convolution dimensions: batch n, c input channels to k output channels, h x w input,
/// r x s filter, stride and zero padding (the same in both spatial dimensions), `groups` (the
/// channels split into that many groups, each group's k/groups outputs reading only its
/// c/groups inputs; depthwise is groups = c = k) and `dilation` (the filter taps that many input
/// pixels apart).
public struct ConvShape: Equatable, Sendable {
    public var n: Int, c: Int, k: Int, h: Int, w: Int, r: Int, s: Int, stride: Int, padding: Int
    public var groups: Int, dilation: Int
    public init(
        n: Int, c: Int, k: Int, h: Int, w: Int, r: Int, s: Int, stride: Int = 1, padding: Int = 0, groups: Int = 1,
        dilation: Int = 1
    ) {
        self.n = n
        self.c = c
        self.k = k
        self.h = h
        self.w = w
        self.r = r
        self.s = s
        self.stride = stride
        self.padding = padding
        self.groups = groups
        self.dilation = dilation
    }
    /// The input rows and columns one filter spans: (r - 1) x dilation + 1.
    public var spanR: Int { (r - 1) * dilation + 1 }
    public var spanS: Int { (s - 1) * dilation + 1 }
    public var oh: Int { (h + 2 * padding - spanR) / stride + 1 }
    public var ow: Int { (w + 2 * padding - spanS) / stride + 1 }
    /// Input and output channels per group.
    public var cg: Int { c / groups }
    public var kg: Int { k / groups }
    /// Multiply-adds of the direct definition: every output times its group's c/groups·r·s taps.
    public var multiplyAdds: Double {
        Double(n) * Double(k) * Double(oh) * Double(ow) * Double(cg) * Double(r) * Double(s)
    }
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
    /// Winograd's F(m x m, 3 x 3) (`ConvWorkload.winograd`): transforms into regions
    /// `winogradU`, `winogradV` and `winogradM` and α² GEMMs by the given algorithm (any but
    /// Strassen). With `precomputedFilter` the filter transform makes no accesses.
    case winograd(WinogradTile, GemmAlgorithm, precomputedFilter: Bool)
}

public struct ConvVariant: Equatable, Sendable {
    public var algorithm: ConvAlgorithm
    public var layout: ConvLayout
    /// Channels per block of the activations (1: none): oneDNN's `nChw8c` and `nChw16c` are
    /// `layout` nchw with blocks of 8 and 16 (n, channel block, h, w, then the block's channels,
    /// padded with zeros to a whole block). Direct convolution only.
    public var block: Int
    /// The filter's layout. Direct and Winograd convolution take any (blocked: direct only);
    /// im2col, 1x1-as-GEMM and indirect read the filter as their GEMM operand, so theirs is fixed:
    /// `kcrs` (K x CRS) with NCHW, `rsck` (RSC x K) with NHWC.
    public var filter: FilterLayout
    /// The access stream emitted (source-level by default): direct convolution's, or the GEMM's of
    /// im2col and 1x1-as-GEMM (the im2col copy is element by element).
    public var accesses: AccessModel
    /// `filter` defaults to the layout's natural one for direct convolution, the GEMM's otherwise.
    public init(
        algorithm: ConvAlgorithm, layout: ConvLayout, block: Int = 1, filter: FilterLayout? = nil,
        accesses: AccessModel = .source
    ) {
        self.accesses = accesses
        self.algorithm = algorithm
        self.layout = layout
        self.block = block
        switch algorithm {
        case .direct, .winograd: self.filter = filter ?? .natural(for: layout, block: block)
        default:
            self.filter = Self.gemmFilter(for: layout)
        }
    }

    /// The activation layout's name: `nchw`, `nhwc`, or `nchw8c` / `nchw16c` with channel blocks.
    public var layoutName: String { block > 1 ? "nchw\(block)c" : layout.rawValue }

    /// The channels per block the loops run with: the activations' or the filter's (they must
    /// agree where both are blocked), 1 where neither is.
    public var loopBlock: Int { max(block, filter.block) }

    /// The filter layout im2col and 1x1-as-GEMM use as their GEMM operand.
    public static func gemmFilter(for layout: ConvLayout) -> FilterLayout {
        FilterLayout(layout == .nchw ? "kcrs" : "rsck")!
    }

    /// Direct convolution in the layout's natural loop order and filter layout.
    public static func direct(_ layout: ConvLayout) -> ConvVariant {
        ConvVariant(algorithm: .direct(.natural(for: layout)), layout: layout)
    }
}
