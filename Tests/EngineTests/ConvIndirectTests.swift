import AccessSink
import Engine
import Testing

/// QNNPACK's indirect convolution (issue 29): the product against the direct definition and the
/// accesses by formula.
@Suite struct ConvIndirectTests {
    @Test(arguments: [(4, 8), (3, 2), (1, 1), (8, 16)])
    func givesTheConvolution(_ mr: Int, _ nr: Int) {
        for sh in [
            ConvShape(n: 2, c: 3, k: 5, h: 7, w: 6, r: 3, s: 2, stride: 2, padding: 1),
            ConvShape(n: 1, c: 4, k: 16, h: 5, w: 5, r: 3, s: 3, stride: 1, padding: 1),
            ConvShape(n: 2, c: 6, k: 5, h: 4, w: 3, r: 1, s: 1),
        ] {
            ConvGemmTests.expectDirect(.indirect(mr: mr, nr: nr), sh, .nhwc)
        }
    }

    /// 4 x 4 blocks dividing P = N·OH·OW and K. Written: the zero row (C stores) and the buffer
    /// (one pointer per pixel and tap: P·R·S). Per block (P·K / 16 of them): the output block
    /// loaded and stored (16 each), per tap 4 pointer loads, per tap and channel 4 A loads (input
    /// or zero row) and 4 filter loads. With 3 x 3 taps and padding 1 on 4 x 4, a pixel's inside
    /// taps are (valid r) x (valid s); the valid (y, r) pairs are 2 + 3 + 3 + 2 = 10 over the four
    /// rows, likewise 10 (x, s) pairs: 100 inside taps of the image's 16 x 9 = 144, 44 in the padding.
    @Test func accessesByFormula() {
        let sh = ConvShape(n: 2, c: 3, k: 8, h: 4, w: 4, r: 3, s: 3, stride: 1, padding: 1)
        let w = ConvWorkload<Float>(shape: sh, variant: ConvVariant(algorithm: .indirect(mr: 4, nr: 4), layout: .nhwc))!
        var sink = CountingSink()
        w.run(sink: &sink)
        func loads(_ r: Region) -> UInt64 { sink.loads[Int(r.rawValue)] }
        func stores(_ r: Region) -> UInt64 { sink.stores[Int(r.rawValue)] }
        let p: UInt64 = 2 * 16, taps: UInt64 = 9, c: UInt64 = 3, k: UInt64 = 8
        let blocks = p * k / 16
        #expect(stores(.zero) == c && stores(.indirection) == p * taps)
        #expect(loads(.indirection) == blocks * taps * 4)
        #expect(loads(.output) == p * k && stores(.output) == p * k)
        #expect(loads(.filter) == blocks * taps * c * 4)
        // A loads: per block of 4 pixels, every tap's c elements: the inside taps from the input,
        // the padding taps from the zero row; 100 inside and 44 padding taps per image (above),
        // each read once per channel block (k / 4 = 2 of them).
        #expect(loads(.input) == 2 * 100 * c * (k / 4))
        #expect(loads(.zero) == 2 * 44 * c * (k / 4))
        #expect(
            sink.total == stores(.zero) + stores(.indirection) + loads(.indirection) + 2 * p * k + loads(.filter)
                + loads(.input) + loads(.zero))
    }
}
