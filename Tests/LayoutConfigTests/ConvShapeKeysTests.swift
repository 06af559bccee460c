import Engine
import Testing

@testable import LayoutConfig

/// Issue 29: the shape keys `groups` and `dilation`, `algorithm: winograd` with `tile`,
/// `filterTransform` and `gemm:`, and the channel-blocked layouts; each refusal names the field.
struct ConvShapeKeysTests {
    func spec(_ variant: String, shape: String, element: String = "f32") throws -> ExperimentSpec {
        try ExperimentSpec.decode(
            "name: e\nmachine: tiny\nkernel: conv\nelement: \(element)\nshape: \(shape)\nvariants:\n  - \(variant)\n",
            file: "e.yaml")
    }

    func refusal(_ variant: String, shape: String, element: String = "f32") -> String? {
        do {
            _ = try spec(variant, shape: shape, element: element)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func groupsAndDilationResolve() throws {
        let s = try spec("{name: a}", shape: "{c: 8, k: 8, h: 9, w: 9, r: 3, s: 3, groups: 8, dilation: 2}")
        guard case .conv(let sh, _) = s.runs[0].kernel else { return #expect(Bool(false)) }
        #expect(sh.groups == 8 && sh.dilation == 2)
        // 9 - 5 + 1 = 5 output rows and columns; filter 8 x 1 x 3 x 3.
        #expect(sh.oh == 5 && sh.ow == 5)
        // Written or not, they stay out of the shape documents record unless the file gives them.
        let plain = try spec("{name: a}", shape: "{c: 4, k: 4, h: 6, w: 6}")
        #expect(plain.shape["groups"] == nil && plain.shape["dilation"] == nil)
        // The arrays: input 8·81, filter 8·9, output 8·25, 4 bytes each.
        #expect(s.runs[0].arrayBytes == Double((8 * 81 + 8 * 9 + 8 * 25) * 4))
    }

    @Test func groupsAndDilationAreRefusedWhereTheyDoNotFit() {
        #expect(
            refusal("{name: a}", shape: "{c: 6, k: 8, h: 6, w: 6, groups: 4}")
                == "e.yaml:7: variants[0].groups: groups = 4 must divide c = 6 and k = 8")
        #expect(
            refusal("{name: a}", shape: "{c: 4, k: 4, h: 4, w: 4, r: 3, s: 3, dilation: 2}")
                == "e.yaml:7: variants[0].algorithm: the filter (3x3 (5x5 dilated)) is larger than the padded input")
    }

    @Test func winogradResolves() throws {
        let shape = "{c: 4, k: 8, h: 8, w: 8, r: 3, s: 3, padding: 1}"
        let s = try spec("{name: a, algorithm: winograd}", shape: shape)
        guard case .conv(_, let v) = s.runs[0].kernel else { return #expect(Bool(false)) }
        #expect(v.algorithm == .winograd(.f2, .naive(.ikj), precomputedFilter: false))
        let b = try spec(
            "{name: a, algorithm: winograd, tile: 4, filterTransform: precomputed, layout: nhwc, "
                + "gemm: {algorithm: blis, mr: 4, nr: 4, mc: 4}}", shape: shape)
        guard case .conv(_, let bv) = b.runs[0].kernel else { return #expect(Bool(false)) }
        // NHWC's GEMM is P x K x C = (2·2 tiles) x 8 x 4: kc 256 clamps to 4.
        #expect(bv.algorithm == .winograd(.f4, .blis(mr: 4, nr: 4, kc: 4, mc: 4, nc: 4096), precomputedFilter: true))
        // U 36·8·4, V 36·4·4, M 36·8·4 elements beyond input, filter and output.
        let plain = Double((4 * 64 + 8 * 4 * 9 + 8 * 64) * 4)
        #expect(b.runs[0].arrayBytes == plain + Double(36 * (32 + 16 + 32) * 4))
    }

    @Test func winogradIsRefusedWhereItDoesNotApply() {
        let three = "{c: 4, k: 4, h: 8, w: 8, r: 3, s: 3}"
        #expect(
            refusal("{name: a, algorithm: winograd}", shape: "{c: 4, k: 4, h: 8, w: 8, r: 5, s: 5}")
                == "e.yaml:7: variants[0].algorithm: winograd computes F(m x m, 3 x 3): the filter must be 3x3, got 5x5"
        )
        #expect(
            refusal("{name: a, algorithm: winograd}", shape: "{c: 4, k: 4, h: 8, w: 8, r: 3, s: 3, stride: 2}")
                == "e.yaml:7: variants[0].algorithm: winograd's tiles overlap by the filter at stride 1 only, got "
                + "stride 2"
        )
        #expect(
            refusal("{name: a, algorithm: winograd}", shape: "{c: 4, k: 4, h: 8, w: 8, r: 3, s: 3, groups: 2}")
                == "e.yaml:7: variants[0].algorithm: winograd takes groups 1, got 2")
        #expect(
            refusal("{name: a, algorithm: winograd}", shape: three, element: "i8")
                == "e.yaml:7: variants[0].algorithm: winograd's transforms have fractions (1/2, 1/6, 1/24); use "
                + "f32 or f64"
        )
        #expect(
            refusal("{name: a, algorithm: winograd, tile: 3}", shape: three)
                == "e.yaml:7: variants[0].tile: must be 2 (F(2x2, 3x3)) or 4 (F(4x4, 3x3)), got 3")
        #expect(
            refusal("{name: a, algorithm: winograd, filterTransform: cached}", shape: three)
                == "e.yaml:7: variants[0].filterTransform: `cached` is not one of counted | precomputed")
        #expect(
            refusal("{name: a, algorithm: winograd, loops: nkyxcrs}", shape: three)
                == "e.yaml:7: variants[0].loops: winograd has its own loops (tiles, channels); its GEMMs take `gemm:`")
        #expect(
            refusal("{name: a, algorithm: direct, tile: 2}", shape: three)
                == "e.yaml:7: variants[0].tile: `tile` does not apply to algorithm direct; algorithms that take it: "
                + "winograd")
    }

    @Test func blockedLayoutsResolve() throws {
        let shape = "{c: 20, k: 24, h: 6, w: 6, r: 3, s: 3, padding: 1}"
        let s = try spec("{name: a, layout: nChw16c}", shape: shape)
        guard case .conv(_, let v) = s.runs[0].kernel else { return #expect(Bool(false)) }
        // The defaults with blocks: oneDNN's direct order and the matching blocked filter.
        #expect(v.block == 16 && v.layoutName == "nchw16c" && v.filter.description == "oihw16i16o")
        #expect(v.algorithm == .direct(ConvLoopNest("nKyxCrsck")!))
        // Channels padded to 32: input 32·36, filter 32·32·9, output 32·36, 4 bytes each.
        #expect(s.runs[0].arrayBytes == Double((32 * 36 + 32 * 32 * 9 + 32 * 36) * 4))
        let e = try spec("{name: a, layout: nchw8c, loops: nKkyxCcrs, filter: OIhw8i8o}", shape: shape)
        guard case .conv(_, let ev) = e.runs[0].kernel else { return #expect(Bool(false)) }
        #expect(ev.algorithm == .direct(ConvLoopNest("nKkyxCcrs")!) && ev.filter.block == 8)
    }

    @Test func blockedLayoutsAreRefusedWhereTheyDoNotApply() {
        let shape = "{c: 20, k: 24, h: 6, w: 6, r: 3, s: 3, padding: 1}"
        #expect(
            refusal("{name: a, algorithm: im2col, layout: nchw16c}", shape: shape)
                == "e.yaml:7: variants[0].layout: nchw16c (channel blocks) is read by direct convolution only")
        #expect(
            refusal("{name: a, algorithm: winograd, filter: oihw8i8o}", shape: shape)
                == "e.yaml:7: variants[0].filter: oihw8i8o (channel blocks) is read by direct convolution only")
        #expect(
            refusal("{name: a, loops: nKyxCrsck}", shape: shape)
                == "e.yaml:7: variants[0].loops: the block loops `K` and `C` need channel blocks: layout nchw8c or "
                + "nchw16c, or filter oihw8i8o or oihw16i16o")
        #expect(
            refusal("{name: a, layout: nchw16c, filter: oihw8i8o}", shape: shape)
                == "e.yaml:7: variants[0].filter: oihw8i8o blocks 8 channels, the layout nchw16c 16")
        #expect(
            refusal("{name: a, layout: nchw8c, filter: kcrs}", shape: shape)
                == "e.yaml:7: variants[0].filter: with blocks of 8 channels and a filter without them, c = 20 and "
                + "k = 24 must be multiples of 8")
        #expect(
            refusal("{name: a, layout: nchw8c}", shape: "{c: 8, k: 8, h: 6, w: 6, groups: 2}")
                == "e.yaml:7: variants[0].groups: channel blocks take groups 1, or depthwise (groups = c = k) with a "
                + "filter without blocks; got groups 2")
        // Depthwise on channel blocks, with a plain filter, resolves.
        #expect(
            refusal("{name: a, layout: nchw8c, filter: rsck}", shape: "{c: 16, k: 16, h: 6, w: 6, groups: 16}") == nil)
        #expect(
            refusal("{name: a, layout: nchw8c, loops: nKkyxCcrS}", shape: shape)
                == "e.yaml:7: variants[0].loops: `nKkyxCcrS` is not a permutation of the letters n k y x c r s K C "
                + "(unknown letter(s) `S`; missing `s`)")
        #expect(
            refusal("{name: a, layout: nchw4c}", shape: shape)
                == "e.yaml:7: variants[0].layout: `nchw4c` is not one of nchw | nhwc | nchw8c | nchw16c")
    }

    /// Shapes whose arrays could not exist are refused before any product of the shape is formed
    /// (indirect's pixel count and Winograd's tiles overflowed 64 bits, a trap, before this check).
    @Test func hugeShapesAreRefusedForEveryAlgorithm() {
        let huge = "{n: 16777216, c: 1, k: 1, h: 16777216, w: 16777216, r: 3, s: 3, padding: 1}"
        for alg in ["direct", "im2col", "indirect", "winograd"] {
            let why = refusal("{name: a, algorithm: \(alg), layout: nhwc}", shape: huge)
            #expect(why?.hasPrefix("e.yaml:7: variants[0].shape: the arrays need") == true, "\(alg): \(why ?? "")")
        }
    }
}
