/// Where each element of a convolution's input, filter and output lies: the element strides of
/// every index (a channel's being a lane's within its block where there are channel blocks),
/// the strides of the channel blocks, and the elements each array holds, padding to whole
/// blocks included.
public struct ConvArrayLayout: Sendable {
    public let inS: (n: Int, c: Int, y: Int, x: Int)
    public let outS: (n: Int, k: Int, y: Int, x: Int)
    public let fS: (k: Int, c: Int, r: Int, s: Int)
    /// Channels per block the loops run with (1: none), and the block strides: the input's and
    /// the filter's c blocks, the filter's and the output's k blocks.
    public let blocks: (size: Int, inC: Int, fK: Int, fC: Int, outK: Int)
    public let inputCount: Int, filterCount: Int, outputCount: Int

    /// The layout of `variant`'s arrays for `sh`. Activations: NCHW, NHWC, or NCHW with blocks of
    /// `variant.block` channels innermost (`nChw8c`: n, c / 8, y, x, c % 8); the filter: any
    /// permutation of k c r s (K x C/groups x R x S), or `oihw8i8o` / `oihw16i16o`. An array that
    /// is not blocked while the loops are has block strides of `loopBlock` times its channel stride.
    public init(_ sh: ConvShape, _ variant: ConvVariant) {
        let b = variant.loopBlock, ab = variant.block
        let (cBlocks, kBlocks) = ((sh.c + ab - 1) / ab, (sh.k + ab - 1) / ab)
        if ab > 1 {
            inS = (cBlocks * sh.h * sh.w * ab, 1, sh.w * ab, ab)
            outS = (kBlocks * sh.oh * sh.ow * ab, 1, sh.ow * ab, ab)
            (inputCount, outputCount) = (sh.n * cBlocks * sh.h * sh.w * ab, sh.n * kBlocks * sh.oh * sh.ow * ab)
        } else {
            if variant.layout == .nchw {
                inS = (sh.c * sh.h * sh.w, sh.h * sh.w, sh.w, 1)
                outS = (sh.k * sh.oh * sh.ow, sh.oh * sh.ow, sh.ow, 1)
            } else {
                inS = (sh.h * sh.w * sh.c, 1, sh.w * sh.c, sh.c)
                outS = (sh.oh * sh.ow * sh.k, 1, sh.ow * sh.k, sh.k)
            }
            (inputCount, outputCount) = (sh.n * sh.c * sh.h * sh.w, sh.n * sh.k * sh.oh * sh.ow)
        }
        let f = variant.filter.blockStrides(k: sh.k, c: sh.cg, r: sh.r, s: sh.s, loopBlock: b)
        fS = (f.k, f.c, f.r, f.s)
        filterCount = f.count
        let inC = ab > 1 ? sh.h * sh.w * ab : b * inS.c, outK = ab > 1 ? sh.oh * sh.ow * ab : b * outS.k
        blocks = (b, inC, f.kb, f.cb, outK)
    }

    /// The element index of input (n, c, y, x), output (n, k, y, x) and filter (k, c, r, s).
    public func input(_ n: Int, _ c: Int, _ y: Int, _ x: Int) -> Int {
        let (q, l) = split(c)
        return n * inS.n + q * blocks.inC + l * inS.c + y * inS.y + x * inS.x
    }
    public func output(_ n: Int, _ k: Int, _ y: Int, _ x: Int) -> Int {
        let (q, l) = split(k)
        return n * outS.n + q * blocks.outK + l * outS.k + y * outS.y + x * outS.x
    }
    public func filter(_ k: Int, _ c: Int, _ r: Int, _ s: Int) -> Int {
        let (kq, kl) = split(k), (cq, cl) = split(c)
        return kq * blocks.fK + kl * fS.k + cq * blocks.fC + cl * fS.c + r * fS.r + s * fS.s
    }

    /// A channel's block and lane (its block 0 and itself where there are no blocks).
    func split(_ c: Int) -> (Int, Int) { blocks.size > 1 ? (c / blocks.size, c % blocks.size) : (0, c) }
}
