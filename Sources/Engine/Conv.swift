/// Convolution dimensions: batch n, c input channels to k output channels, h x w input,
/// r x s filter, stride and zero padding (the same in both spatial dimensions).
public struct ConvShape: Equatable, Sendable {
    public var n: Int, c: Int, k: Int, h: Int, w: Int, r: Int, s: Int, stride: Int, padding: Int
    public init(n: Int, c: Int, k: Int, h: Int, w: Int, r: Int, s: Int, stride: Int = 1, padding: Int = 0) {
        self.n = n; self.c = c; self.k = k; self.h = h; self.w = w; self.r = r; self.s = s
        self.stride = stride; self.padding = padding
    }
    public var oh: Int { (h + 2 * padding - r) / stride + 1 }
    public var ow: Int { (w + 2 * padding - s) / stride + 1 }
}

/// Activation layout; filters follow it (KCRS with NCHW, RSCK with NHWC).
public enum ConvLayout: String, CaseIterable, Sendable { case nchw, nhwc }

/// How the convolution is computed.
public enum ConvAlgorithm: Equatable, Sendable {
    /// The nested loops, no buffer.
    case direct
    /// Caffe's im2col into its own buffer (region `im2col`), then one naive GEMM in `order`.
    case im2col(LoopOrder)
    /// A 1x1, stride-1, unpadded convolution as a GEMM directly on the input.
    case gemm1x1(LoopOrder)
}

public struct ConvVariant: Equatable, Sendable {
    public var algorithm: ConvAlgorithm
    public var layout: ConvLayout
    public init(algorithm: ConvAlgorithm, layout: ConvLayout) { self.algorithm = algorithm; self.layout = layout }
}
