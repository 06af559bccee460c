/// The experiments bundled with LayoutLab, runnable by name (`layoutlab simulate loop-orders`).
/// Each is also shipped as `Configs/experiments/NAME.yaml`; a test keeps the two identical
/// (`python3 Tests/bundle_configs.py` rewrites this file from them).
public enum BundledExperiments {
    /// Name -> the YAML text of `Configs/experiments/NAME.yaml`.
    public static let all: [String: String] = [
        "blis-model-a53": blis_model_a53,
        "blis-model-zen4": blis_model_zen4,
        "conv-1x1": conv_1x1,
        "conv-3x3": conv_3x3,
        "conv-depthwise": conv_depthwise,
        "conv-resnet": conv_resnet,
        "conv-resnet-1x1": conv_resnet_1x1,
        "gemm-loop-orders": gemm_loop_orders,
        "loop-orders": loop_orders,
        "measure-small": measure_small,
        "measure-small-compiled": measure_small_compiled,
        "packing": packing,
        "qnnpack-vs-packed": qnnpack_vs_packed,
        "register-blocking": register_blocking,
        "strassen": strassen,
    ]

    static let blis_model_a53 = """
    name: blis-model-a53
    description: >
      Claim (Low et al. 2016), on a second machine: for a Cortex-A53, f32, 4x4 the model gives
      kc = 512 and mc = 224; the sweep brackets both.
    machine: cortex-a53
    kernel: gemm
    shape: {m: 448, n: 256, k: 1024}
    element: f32
    variants:
      - {name: blis-4x4, algorithm: blis, mr: 4, nr: 4, kc: 512, mc: 224, nc: 256}
    sweep:
      kc: [64, 128, 256, 512, 1024]
      mc: [56, 112, 224, 448]

    """

    static let blis_model_zen4 = """
    name: blis-model-zen4
    description: >
      Claim (Low et al. 2016): block sizes derived from cache geometry alone are enough. For zen4, f32,
      4x4 the model gives kc = 768 and mc = 256 (see the report); the sweep brackets both by factors
      of two and asks whether the model's choice sits at the simulated optimum.
    machine: zen4
    kernel: gemm
    shape: {m: 512, n: 256, k: 1536}
    element: f32
    variants:
      - {name: blis-4x4, algorithm: blis, mr: 4, nr: 4, kc: 768, mc: 256, nc: 256}
    sweep:
      kc: [96, 192, 384, 768, 1536]
      mc: [64, 128, 256, 512]

    """

    static let conv_1x1 = """
    name: conv-1x1
    description: >
      A 1x1 convolution (256 -> 64 channels, 28x28, f32). Claims: a 1x1 convolution needs no im2col
      (the input already is the GEMM operand), and as a GEMM without reordering NHWC walks the
      reduction (channels) with unit stride where NCHW walks it with stride H*W. Direct kernels run in
      each layout's own loop orders (channels innermost for NHWC; output-stationary and
      plane-streaming for NCHW), against im2col and the 1x1-as-GEMM formulation in both layouts, the
      latter with the naive loop and with QNNPACK's 8x8 micro-kernel (B's rows in vectors of 4, as its
      128-bit NEON kernel loads them). The background notes claim that, for a 1x1 convolution as a GEMM
      without reordering, NHWC's access pattern is significantly better than NCHW's; judged here under
      the QNNPACK-style GEMM, with "significantly better" as at least 1.1x fewer misses or accesses
      (a ratio NCHW / NHWC of at least 1.1; a tie does not count).
    machine: zen4
    kernel: conv
    shape: {n: 1, c: 256, k: 64, h: 28, w: 28, r: 1, s: 1}
    element: f32
    variants:
      - {name: direct-nchw, algorithm: direct, layout: nchw, loops: nkyxcrs, filter: kcrs}
      - {name: direct-nchw-planes, algorithm: direct, layout: nchw, loops: nkcyxrs, filter: kcrs}
      - {name: direct-nhwc, algorithm: direct, layout: nhwc, loops: nkyxrsc, filter: krsc}
      - {name: direct-nhwc-pixel, algorithm: direct, layout: nhwc, loops: nyxkrsc, filter: krsc}
      - {name: im2col-nchw, algorithm: im2col, layout: nchw}
      - {name: im2col-nhwc, algorithm: im2col, layout: nhwc}
      - {name: gemm1x1-nchw, algorithm: gemm1x1, layout: nchw}
      - {name: gemm1x1-nhwc, algorithm: gemm1x1, layout: nhwc}
      - {name: gemm1x1-nchw-qnnpack, algorithm: gemm1x1, layout: nchw, gemm: {algorithm: qnnpack, mr: 8, nr: 8, vector: 4}}
      - {name: gemm1x1-nhwc-qnnpack, algorithm: gemm1x1, layout: nhwc, gemm: {algorithm: qnnpack, mr: 8, nr: 8, vector: 4}}
    claim:
      - {text: "for a 1x1 convolution as a GEMM, NHWC's access pattern is significantly better than NCHW's: at least 1.1x fewer L1 misses", metric: missRatio, level: L1, variant: gemm1x1-nhwc-qnnpack, baseline: gemm1x1-nchw-qnnpack, value: 1.1, compare: at-least}
      - {text: "for a 1x1 convolution as a GEMM, NHWC's access pattern is significantly better than NCHW's: at least 1.1x fewer L2 misses", metric: missRatio, level: L2, variant: gemm1x1-nhwc-qnnpack, baseline: gemm1x1-nchw-qnnpack, value: 1.1, compare: at-least}
      - {text: "for a 1x1 convolution as a GEMM, NHWC's access pattern is significantly better than NCHW's: at least 1.1x fewer memory accesses", metric: accessRatio, variant: gemm1x1-nhwc-qnnpack, baseline: gemm1x1-nchw-qnnpack, value: 1.1, compare: at-least}

    """

    static let conv_3x3 = """
    name: conv-3x3
    description: >
      A 3x3 convolution (64 -> 64 channels, 28x28, padding 1, f32). Claims: im2col (Chellapilla et
      al. 2006; Caffe, Jia et al. 2014) stores R*S = 9 copies of the input and pays the traffic to
      write and read that buffer, while direct convolution reads the input in place; and NCHW against
      NHWC is decided by the loop nest, not by the layout alone. Each layout runs its direct kernel in
      the loop orders written for it (channels innermost and unit-stride for NHWC; output-stationary
      and plane-streaming for NCHW), plus one NHWC nest with the channel loop walking an RSCK filter
      with stride K, the order a naive port of NCHW code gets. The im2col buffer is its own region.
      im2col runs the naive GEMM and, as a framework would, BLIS (4x8 micro-kernel); QNNPACK's indirect
      convolution (NHWC, 4x8) replaces the im2col copy by a buffer of pointers to input rows (one per
      output pixel and tap) and a zero row for the padding, both their own regions. Winograd (Lavin and
      Gray 2016) runs F(2x2, 3x3) on NCHW and F(4x4, 3x3) on NHWC, each with its 16 or 36 GEMMs by
      BLIS, the filter transform counted: its transformed filter, input tiles and products (winogradU,
      winogradV, winogradM) are regions of their own.
    machine: zen4
    kernel: conv
    shape: {n: 1, c: 64, k: 64, h: 28, w: 28, r: 3, s: 3, stride: 1, padding: 1}
    element: f32
    variants:
      - {name: direct-nchw, algorithm: direct, layout: nchw, loops: nkyxcrs, filter: kcrs}
      - {name: direct-nchw-planes, algorithm: direct, layout: nchw, loops: nkcyxrs, filter: kcrs}
      - {name: direct-nhwc, algorithm: direct, layout: nhwc, loops: nkyxrsc, filter: krsc}
      - {name: direct-nhwc-pixel, algorithm: direct, layout: nhwc, loops: nyxkrsc, filter: krsc}
      - {name: direct-nhwc-kinner, algorithm: direct, layout: nhwc, loops: nyxrsck, filter: rsck}
      - {name: direct-nhwc-strided-filter, algorithm: direct, layout: nhwc, loops: nyxkrsc, filter: rsck}
      - {name: im2col-nchw, algorithm: im2col, layout: nchw, loops: ikj}
      - {name: im2col-nhwc, algorithm: im2col, layout: nhwc, loops: ikj}
      - {name: im2col-nchw-blis, algorithm: im2col, layout: nchw, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 64, nc: 784}}
      - {name: im2col-nhwc-blis, algorithm: im2col, layout: nhwc, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 784, nc: 64}}
      - {name: indirect-nhwc, algorithm: indirect, layout: nhwc, mr: 4, nr: 8}
      - {name: winograd-nchw-f2-blis, algorithm: winograd, layout: nchw, tile: 2, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 64, nc: 256}}
      - {name: winograd-nhwc-f4-blis, algorithm: winograd, layout: nhwc, tile: 4, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 64, nc: 256}}

    """

    static let conv_depthwise = """
    name: conv-depthwise
    description: >
      A depthwise 3x3 convolution as MobileNet v1 has it (Howard et al. 2017, table 1: "Conv dw / s1",
      3x3x128 on 56x56x128; groups = c = k = 128, stride 1, padding 1, f32): each output channel reads
      one input channel, so there is no reduction over channels and the layout question is the sharpest
      of any convolution. NCHW runs plane by plane, output-stationary (`nkyxcrs`) or accumulating whole
      rows with vectors of 8 along x (`nkcyrsx`, the filter tap held in a register); NHWC runs the
      channel-innermost kernel mobile frameworks use (TensorFlow Lite, XNNPACK: `nyxrsck`, vectors of 8
      along the channels, filter `rsck`), the same without vectors, and the NCHW order ported unchanged
      (`nkyxrsc`: the channel loop outermost, every pixel a stride of 128 elements away); oneDNN's
      blocked nChw16c runs its depthwise order (`nKyxCcrsk`: channel blocks outermost, vectors of 16
      channels innermost, the filter `rsck`). im2col runs
      one GEMM per channel (1 x 3,136 x 9), and QNNPACK's indirect GEMM one 8x1 block per channel and 8
      pixels. Claims: channels innermost is what makes NHWC work here (at least 2x fewer L1 misses than
      the ported order); with it, NHWC needs no more L1 misses than NCHW's plane-by-plane kernel and
      as many L2 misses (within 5%); and
      im2col, whose buffer holds R*S = 9 copies of the input, makes at least 2x the memory accesses of
      direct convolution.
    machine: zen4
    kernel: conv
    shape: {n: 1, c: 128, k: 128, h: 56, w: 56, r: 3, s: 3, stride: 1, padding: 1, groups: 128}
    element: f32
    variants:
      - {name: direct-nchw, algorithm: direct, layout: nchw, loops: nkyxcrs, filter: kcrs}
      - {name: direct-nchw-rows, algorithm: direct, layout: nchw, loops: nkcyrsx, filter: kcrs, vector: 8, promote: true}
      - {name: direct-nhwc, algorithm: direct, layout: nhwc, loops: nyxrsck, filter: rsck, vector: 8}
      - {name: direct-nhwc-scalar, algorithm: direct, layout: nhwc, loops: nyxrsck, filter: rsck}
      - {name: direct-nhwc-ported, algorithm: direct, layout: nhwc, loops: nkyxrsc, filter: krsc}
      - {name: direct-nchw16c, algorithm: direct, layout: nchw16c, loops: nKyxCcrsk, filter: rsck, vector: 16}
      - {name: im2col-nchw, algorithm: im2col, layout: nchw}
      - {name: im2col-nhwc, algorithm: im2col, layout: nhwc}
      - {name: indirect-nhwc, algorithm: indirect, layout: nhwc, mr: 8, nr: 1}
    claim:
      - {text: "depthwise NHWC must loop channels innermost: at least 2x fewer L1 misses than the NCHW order ported to NHWC", metric: missRatio, level: L1, variant: direct-nhwc, baseline: direct-nhwc-ported, value: 2, compare: at-least}
      - {text: "with channels innermost, NHWC needs no more L1 misses than NCHW's plane-by-plane kernel", metric: missRatio, level: L1, variant: direct-nhwc, baseline: direct-nchw, value: 1, compare: at-least}
      - {text: "with channels innermost, NHWC makes as many L2 misses as NCHW's plane-by-plane kernel (within 5%)", metric: missRatio, level: L2, variant: direct-nhwc, baseline: direct-nchw, value: 1, tolerance: 0.05}
      - {text: "im2col makes at least 2x the memory accesses of direct convolution (NCHW)", metric: accessRatio, variant: direct-nchw, baseline: im2col-nchw, value: 2, compare: at-least}

    """

    static let conv_resnet = """
    name: conv-resnet
    description: >
      A 3x3 layer of ResNet-50 (He et al. 2016, table 1: conv3_x, 3x3 128 -> 128 channels on 28x28,
      stride 1, padding 1, f32; its 1x1 layer is conv-resnet-1x1) in the layouts and algorithms CPU
      frameworks use: direct convolution in NCHW, NHWC (channels innermost, vectors of 8 along the
      output channels) and oneDNN's blocked nChw16c with OIhw16i16o (its direct order `nKyxCrsck`,
      vectors of 16 output channels); im2col with BLIS in NCHW and NHWC; QNNPACK's indirect convolution
      (NHWC, 4x8); and Winograd F(2x2, 3x3) on NCHW and F(4x4, 3x3) on NHWC (Lavin and Gray 2016), their
      GEMMs by BLIS and the filter transform precomputed, as an inference framework does it. Claims:
      oneDNN's blocked layout needs no more L2 misses than plain NCHW; the indirection buffer (Dukhan
      2019) makes fewer memory accesses than the im2col copy it replaces, with the same BLIS-sized
      blocks of output; and Winograd F(4x4, 3x3), which needs 4x fewer multiplications, makes fewer
      memory accesses than im2col with BLIS, its transforms included.
    machine: zen4
    kernel: conv
    shape: {n: 1, c: 128, k: 128, h: 28, w: 28, r: 3, s: 3, stride: 1, padding: 1}
    element: f32
    variants:
      - {name: direct-nchw, algorithm: direct, layout: nchw, loops: nkyxcrs, filter: kcrs}
      - {name: direct-nhwc, algorithm: direct, layout: nhwc, loops: nyxrsck, filter: rsck, vector: 8}
      - {name: direct-nchw16c, algorithm: direct, layout: nchw16c, loops: nKyxCrsck, filter: oihw16i16o, vector: 16, promote: true}
      - {name: im2col-nchw-blis, algorithm: im2col, layout: nchw, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 128, nc: 784}}
      - {name: im2col-nhwc-blis, algorithm: im2col, layout: nhwc, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 784, nc: 128}}
      - {name: indirect-nhwc, algorithm: indirect, layout: nhwc, mr: 4, nr: 8}
      - {name: winograd-nchw-f2, algorithm: winograd, layout: nchw, tile: 2, filterTransform: precomputed, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 128, nc: 256}}
      - {name: winograd-nhwc-f4, algorithm: winograd, layout: nhwc, tile: 4, filterTransform: precomputed, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 64, nc: 128}}
    claim:
      - {text: "oneDNN's blocked nChw16c needs no more L2 misses than plain NCHW direct convolution", metric: missRatio, level: L2, variant: direct-nchw16c, baseline: direct-nchw, value: 1, compare: at-least}
      - {text: "the indirection buffer makes fewer memory accesses than the im2col copy it replaces", metric: accessRatio, variant: indirect-nhwc, baseline: im2col-nhwc-blis, value: 1, compare: at-least}
      - {text: "Winograd F(4x4, 3x3) makes fewer memory accesses than im2col with BLIS, its transforms included", metric: accessRatio, variant: winograd-nhwc-f4, baseline: im2col-nhwc-blis, value: 1, compare: at-least}
      - {text: "Winograd F(4x4, 3x3) makes no more L2 misses than im2col with BLIS, its transforms included", metric: missRatio, level: L2, variant: winograd-nhwc-f4, baseline: im2col-nhwc-blis, value: 1, compare: at-least}

    """

    static let conv_resnet_1x1 = """
    name: conv-resnet-1x1
    description: >
      A 1x1 layer of ResNet-50 (He et al. 2016, table 1: conv3_x's reduction, 1x1 512 -> 128 channels on
      28x28, f32; its 3x3 layer is conv-resnet) in the layouts and algorithms CPU frameworks use: direct
      convolution in NCHW, NHWC (vectors of 8 along the output channels) and oneDNN's blocked nChw16c
      with OIhw16i16o (vectors of 16 output channels); the 1x1 convolution as one GEMM on the input
      (no im2col) by BLIS in NCHW and NHWC and by QNNPACK's 8x8 micro-kernel (vectors of 4) in both;
      and QNNPACK's indirect convolution (NHWC). Claims: oneDNN's blocked layout needs no more L2
      misses than plain NCHW; and the background notes' claim that for a 1x1 convolution as a GEMM
      NHWC's access pattern is significantly better than NCHW's, judged as in conv-1x1 (at least 1.1x
      fewer L1 misses under the QNNPACK-style GEMM).
    machine: zen4
    kernel: conv
    shape: {n: 1, c: 512, k: 128, h: 28, w: 28, r: 1, s: 1}
    element: f32
    variants:
      - {name: direct-nchw, algorithm: direct, layout: nchw, loops: nkyxcrs, filter: kcrs}
      - {name: direct-nhwc, algorithm: direct, layout: nhwc, loops: nyxcrsk, filter: rsck, vector: 8}
      - {name: direct-nchw16c, algorithm: direct, layout: nchw16c, loops: nKyxCrsck, filter: oihw16i16o, vector: 16, promote: true}
      - {name: gemm1x1-nchw-blis, algorithm: gemm1x1, layout: nchw, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 128, nc: 784}}
      - {name: gemm1x1-nhwc-blis, algorithm: gemm1x1, layout: nhwc, gemm: {algorithm: blis, mr: 4, nr: 8, kc: 256, mc: 784, nc: 128}}
      - {name: gemm1x1-nchw-qnnpack, algorithm: gemm1x1, layout: nchw, gemm: {algorithm: qnnpack, mr: 8, nr: 8, vector: 4}}
      - {name: gemm1x1-nhwc-qnnpack, algorithm: gemm1x1, layout: nhwc, gemm: {algorithm: qnnpack, mr: 8, nr: 8, vector: 4}}
      - {name: indirect-nhwc, algorithm: indirect, layout: nhwc, mr: 4, nr: 8}
    claim:
      - {text: "oneDNN's blocked nChw16c needs no more L2 misses than plain NCHW direct convolution", metric: missRatio, level: L2, variant: direct-nchw16c, baseline: direct-nchw, value: 1, compare: at-least}
      - {text: "for a 1x1 convolution as a GEMM, NHWC's access pattern is significantly better than NCHW's: at least 1.1x fewer L1 misses", metric: missRatio, level: L1, variant: gemm1x1-nhwc-qnnpack, baseline: gemm1x1-nchw-qnnpack, value: 1.1, compare: at-least}

    """

    static let gemm_loop_orders = """
    name: gemm-loop-orders
    description: >
      Claims (the standard loop-order analysis of textbooks on memory hierarchies): for row-major
      data ikj/kij are the best naive orders and ijk/jik suffer
      from B's column walk (one line per element once a column no longer fits); jki/kji are best for
      column-major and worst for row-major; power-of-two leading dimensions add conflict misses that
      padding (ld = n + 16 floats) removes. Sizes 32 to 512: from fitting L1 to past L2.
    machine: zen4
    kernel: gemm
    shape: {m: 256, n: 256, k: 256}
    element: f32
    variants:
      - {name: ijk-row, loops: ijk}
      - {name: ikj-row, loops: ikj}
      - {name: jki-row, loops: jki}
      - {name: jki-col, loops: jki, layout: col}
      - {name: ijk-row-pad16, loops: ijk, pad: 16}
      - {name: jki-row-pad16, loops: jki, pad: 16}
    sweep:
      size: [32, 64, 128, 256, 512]

    """

    static let loop_orders = """
    name: loop-orders
    description: naive GEMM in all six loop orders, row- and column-major, with and without padding
    machine: zen4
    kernel: gemm
    shape: {m: 256, n: 256, k: 256}
    element: f32
    variants:
      - {name: ijk-row, loops: ijk}
      - {name: ikj-row, loops: ikj}
      - {name: jik-row, loops: jik}
      - {name: jki-row, loops: jki}
      - {name: kij-row, loops: kij}
      - {name: kji-row, loops: kji}
      - {name: ijk-col, loops: ijk, layout: col}
      - {name: jki-col, loops: jki, layout: col}
      - {name: ijk-row-pad16, loops: ijk, pad: 16}

    """

    static let measure_small = """
    name: measure-small
    description: a quick measure run - naive GEMM orders at n=192 plus a padded and a tiled variant
    machine: zen4
    kernel: gemm
    shape: {m: 192, n: 192, k: 192}
    element: f32
    repetitions: 5
    variants:
      - {name: ijk, loops: ijk}
      - {name: ikj, loops: ikj}
      - {name: jki, loops: jki}
      - {name: ijk-pad16, loops: ijk, pad: 16}
      - {name: tiled-32, algorithm: tiled, tile: 32}

    """

    static let measure_small_compiled = """
    name: measure-small-compiled
    description: >
      measure-small with the access model of the compiled native kernels (x86-64, SSE: 4 floats a vector):
      each innermost loop's invariant operand in a register (promote), and the unit-stride innermost loops
      (ikj and the tiles, whose B and C rows are unit stride) in vectors of 4. The engine's accesses per
      multiply-add then match Callgrind's Dr + Dw of the native twins within 5%.
    machine: zen4
    kernel: gemm
    shape: {m: 192, n: 192, k: 192}
    element: f32
    repetitions: 5
    variants:
      - {name: ijk, loops: ijk, promote: true}
      - {name: ikj, loops: ikj, promote: true, vector: 4}
      - {name: jki, loops: jki, promote: true}
      - {name: ijk-pad16, loops: ijk, pad: 16, promote: true}
      - {name: tiled-32, algorithm: tiled, tile: 32, promote: true, vector: 4}

    """

    static let packing = """
    name: packing
    description: >
      Claim (Goto and van de Geijn, "Anatomy of High-Performance Matrix Multiplication", 2008): packing costs extra traffic (it reads and writes the
      packed copies) but turns every later access into unit stride within few sets. BLIS-style packing
      with its own traffic counted, against cache-blocked unpacked tiles (row-major and tile-contiguous
      storage) and the best naive order.
    machine: zen4
    kernel: gemm
    shape: {m: 256, n: 256, k: 256}
    element: f32
    variants:
      - {name: naive-ikj, loops: ikj}
      - {name: tiled-64, algorithm: tiled, tile: 64, loops: ikj}
      - {name: tiled-64-blocked-layout, algorithm: tiled, tile: 64, loops: ikj, layout: blocked, block: 16}
      - {name: blis-4x4, algorithm: blis, mr: 4, nr: 4, kc: 256, mc: 128, nc: 512}
    sweep:
      size: [128, 256, 512]

    """

    static let qnnpack_vs_packed = """
    name: qnnpack-vs-packed
    description: >
      Claim (QNNPACK, Dukhan, Wu and Lu, 2018): an MR x NR block touches MR*NR + MR*K + NR*K bytes of int8 data,
      under ~16 KB for K < 1024, so for small K the unpacked whole-K micro-kernel beats packing; past
      L1 it stops doing so. int8 GEMM on a Cortex-A53, 4x8 micro-kernel, K from 64 to 16384.
    machine: cortex-a53
    kernel: gemm
    shape: {m: 64, n: 64, k: 256}
    element: i8
    variants:
      - {name: qnnpack-4x8, algorithm: qnnpack, mr: 4, nr: 8}
      - {name: blis-4x8, algorithm: blis, mr: 4, nr: 8, kc: 512, mc: 64, nc: 64}
    sweep:
      k: [64, 256, 1024, 4096, 16384]

    """

    static let register_blocking = """
    name: register-blocking
    description: >
      Claims of a widely read article on register blocking: 1x4 register blocking cuts memory accesses
      from 4 MNK to (2 + 1/4) MNK, 4x4 to (2 + 1/2) MNK, "a 1.6x improvement", and keeping the K partial
      sums in registers gives "a 4x improvement". Here: the naive loop, 1x4 and 4x4 blocks with the K
      loop outside the block (C loaded and stored every k), and 4x4 with K innermost (C once per K pass).
    machine: zen4
    kernel: gemm
    shape: {m: 256, n: 256, k: 256}
    element: f32
    variants:
      - {name: naive-ikj, loops: ikj}
      - {name: block-1x4, algorithm: regblock, mr: 1, nr: 4, kinner: false}
      - {name: block-4x4, algorithm: regblock, mr: 4, nr: 4, kinner: false}
      - {name: block-4x4-kinner, algorithm: regblock, mr: 4, nr: 4, kinner: true}
      - {name: block-4x4-kinner-kc64, algorithm: regblock, mr: 4, nr: 4, kinner: true, kc: 64}
    claim:
      - {text: "1x4 register blocking cuts memory accesses from 4 MNK to (2 + 1/4) MNK", metric: accessesPerMNK, variant: block-1x4, value: 2.25}
      - {text: "4x4 register blocking cuts memory accesses to (2 + 1/2) MNK", metric: accessesPerMNK, variant: block-4x4, value: 2.5}
      - {text: "4x4 blocking is a 1.6x improvement over 4 MNK", metric: accessRatio, variant: block-4x4, baseline: naive-ikj, value: 1.6}
      - {text: "keeping the K partial sums in registers gives a 4x improvement", metric: accessRatio, variant: block-4x4-kinner, baseline: naive-ikj, value: 4}

    """

    static let strassen = """
    name: strassen
    description: >
      Strassen's algorithm against the kernels it competes with. Background claim (the GEMM-in-deep-learning
      article): Strassen needs O(n^2.81) multiplications instead of O(n^3) but "introduces additional overhead,
      so it is only beneficial for very large matrices". Here one and two levels of Strassen with the BLIS
      kernel as base, one level over the naive ikj loop, BLIS alone and the naive loop, at sizes 64 to 512:
      each level trades one eighth of the multiplications for ten operand sums, twelve updates of C and the
      zeroing of seven products, in temporaries S, T and M. The claims read "beneficial" as no more
      accesses or misses than the kernel it replaces (a ratio of at least 1), so the report names the
      sizes where Strassen is. Reports/regenerate.sh also runs it on skylake and cortex-a53
      (`--machine`), for the crossover on each bundled machine.
    machine: zen4
    kernel: gemm
    shape: {m: 256, n: 256, k: 256}
    element: f32
    sweep:
      size: [64, 128, 256, 512]
    variants:
      - {name: naive-ikj, loops: ikj}
      - {name: blis, algorithm: blis, mr: 4, nr: 4, kc: 256, mc: 128, nc: 4096}
      - {name: strassen-1-blis, algorithm: strassen, levels: 1, base: {algorithm: blis, mr: 4, nr: 4, kc: 256, mc: 128, nc: 4096}}
      - {name: strassen-2-blis, algorithm: strassen, levels: 2, base: {algorithm: blis, mr: 4, nr: 4, kc: 256, mc: 128, nc: 4096}}
      - {name: strassen-1-naive, algorithm: strassen, levels: 1, base: {loops: ikj}}
    claim:
      - {text: "Strassen is beneficial over the BLIS kernel: no more memory accesses", metric: accessRatio, variant: strassen-1-blis, baseline: blis, value: 1, compare: at-least}
      - {text: "Strassen is beneficial over the BLIS kernel: no more L1 misses", metric: missRatio, level: L1, variant: strassen-1-blis, baseline: blis, value: 1, compare: at-least}
      - {text: "Strassen is beneficial over the BLIS kernel: no more L2 misses", metric: missRatio, level: L2, variant: strassen-1-blis, baseline: blis, value: 1, compare: at-least}
      - {text: "Strassen is beneficial over the naive loop: no more memory accesses", metric: accessRatio, variant: strassen-1-naive, baseline: naive-ikj, value: 1, compare: at-least}

    """
}
