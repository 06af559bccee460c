import AccessSink
import Engine
import Testing

/// `promote` and `vector` for direct convolution (docs/semantics.md, "Direct convolution:
/// promote and vector"): access counts by formula, access sizes, and results against a plain
/// reference convolution written here.
@Suite struct ConvAccessModelTests {
    /// Counts loads and stores by region and by access size in bytes.
    struct SizeCounter: AccessSink {
        var loads: [Region: [UInt32: Int]] = [:]
        var stores: [Region: [UInt32: Int]] = [:]
        mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
            let r = Region(rawValue: region)!
            if kind == .load {
                loads[r, default: [:]][size, default: 0] += 1
            } else {
                stores[r, default: [:]][size, default: 0] += 1
            }
        }
        func load(_ r: Region, _ size: UInt32) -> Int { loads[r]?[size] ?? 0 }
        func store(_ r: Region, _ size: UInt32) -> Int { stores[r]?[size] ?? 0 }
        var total: Int {
            loads.values.flatMap(\.values).reduce(0, +) + stores.values.flatMap(\.values).reduce(0, +)
        }
    }

    static func count(
        _ sh: ConvShape, _ order: String, _ layout: ConvLayout, _ filter: String, promote: Bool, vector: Int
    ) throws -> SizeCounter {
        let v = ConvVariant(
            algorithm: .direct(try #require(ConvLoopNest(order))), layout: layout,
            filter: try #require(FilterLayout(filter)), accesses: AccessModel(promote: promote, vector: vector))
        let w = try #require(ConvWorkload<Float>(shape: sh, variant: v))
        var c = SizeCounter()
        w.run(sink: &c)
        return c
    }

    // Unpadded, stride 1: every tap is inside the image. N=1, C=7, K=6, H=6, W=7, R=2, S=5:
    // OH = 5, OW = 3, P = N·K·OH·OW = 90 outputs, M = P·C·R·S = 6300 multiply-adds.
    static let plain = ConvShape(n: 1, c: 7, k: 6, h: 6, w: 7, r: 2, s: 5)

    /// NCHW `nkyxcrs`, filter `kcrs`: s innermost, unit-stride in the input (x) and the filter (s);
    /// the output is the block's (loaded before c, stored after s). Per execution of the s loop
    /// (P·C·R = 1260 of them), with q = S div W and m = S mod W: q vector loads of the input and of
    /// the filter, then m scalar taps.
    @Test func nchwNaturalNest() throws {
        let sh = Self.plain
        let p = 90, m = 6300, loops = 1260
        for promote in [false, true] {
            // Source and promote alike: 2 loads per multiply-add, the output once per block.
            let s = try Self.count(sh, "nkyxcrs", .nchw, "kcrs", promote: promote, vector: 1)
            #expect(s.load(.input, 4) == m && s.load(.filter, 4) == m)
            #expect(s.load(.output, 4) == p && s.store(.output, 4) == p && s.total == 2 * m + 2 * p)
            // W = 4: q = 1, m = 1 -> per loop 1 load of 16 bytes and 1 of 4 bytes per operand.
            let v4 = try Self.count(sh, "nkyxcrs", .nchw, "kcrs", promote: promote, vector: 4)
            #expect(v4.load(.input, 16) == loops && v4.load(.input, 4) == loops)
            #expect(v4.load(.filter, 16) == loops && v4.load(.filter, 4) == loops)
            #expect(v4.load(.output, 4) == p && v4.store(.output, 4) == p && v4.total == 4 * loops + 2 * p)
            // W = 8 > S: no chunk, all scalar (the source count).
            let v8 = try Self.count(sh, "nkyxcrs", .nchw, "kcrs", promote: promote, vector: 8)
            #expect(v8.total == 2 * m + 2 * p && v8.load(.input, 32) == 0)
        }
    }

    /// NHWC `nkyxrsc`, filter `krsc`: c innermost, unit-stride in both; P·R·S = 900 executions of
    /// the c loop, C = 7 = 1·4 + 3 with W = 4 and 3·2 + 1 with W = 2.
    @Test func nhwcNaturalNest() throws {
        let sh = Self.plain
        let p = 90, m = 6300, loops = 900
        let v4 = try Self.count(sh, "nkyxrsc", .nhwc, "krsc", promote: true, vector: 4)
        #expect(v4.load(.input, 16) == loops && v4.load(.input, 4) == 3 * loops)
        #expect(v4.load(.filter, 16) == loops && v4.load(.filter, 4) == 3 * loops)
        #expect(v4.load(.output, 4) == p && v4.store(.output, 4) == p)
        let v2 = try Self.count(sh, "nkyxrsc", .nhwc, "krsc", promote: false, vector: 2)
        #expect(v2.load(.input, 8) == 3 * loops && v2.load(.input, 4) == loops)
        #expect(v2.load(.filter, 8) == 3 * loops && v2.load(.filter, 4) == loops)
        #expect(v2.total == 8 * loops + 2 * p)
        // The same nest on NCHW with a KCRS filter walks c with strides H·W and R·S: no operand is
        // unit-stride, so each chunk is W element accesses per operand, the source count.
        let gathered = try Self.count(sh, "nkyxrsc", .nchw, "kcrs", promote: false, vector: 4)
        #expect(gathered.load(.input, 4) == m && gathered.load(.filter, 4) == m && gathered.total == 2 * m + 2 * p)
        #expect(gathered.load(.input, 16) == 0)
    }

    /// NHWC `nyxrsck`, filter `rsck`: k innermost, no reduction loop innermost, so every tap reads
    /// and writes its output element; the output and the filter are unit-stride along k, the input
    /// does not move. N·OH·OW·R·S·C = 1050 executions of the k loop, K = 6.
    @Test func channelsInnermostNest() throws {
        let sh = Self.plain
        let m = 6300, loops = 1050
        // Source: per tap output load, input, filter, output store.
        let src = try Self.count(sh, "nyxrsck", .nhwc, "rsck", promote: false, vector: 1)
        #expect(src.load(.output, 4) == m && src.load(.input, 4) == m && src.load(.filter, 4) == m)
        #expect(src.store(.output, 4) == m && src.total == 4 * m)
        // promote: the input once per k loop.
        let pr = try Self.count(sh, "nyxrsck", .nhwc, "rsck", promote: true, vector: 1)
        #expect(pr.load(.input, 4) == loops && pr.load(.filter, 4) == m && pr.load(.output, 4) == m)
        #expect(pr.store(.output, 4) == m && pr.total == 3 * m + loops)
        // vector 4: K = 1·4 + 2. Per loop: one chunk (output 16-byte load and store, filter 16 bytes,
        // input broadcast 4 bytes), then 2 scalar taps of 4 accesses.
        let v = try Self.count(sh, "nyxrsck", .nhwc, "rsck", promote: false, vector: 4)
        #expect(v.load(.output, 16) == loops && v.store(.output, 16) == loops && v.load(.filter, 16) == loops)
        #expect(v.load(.input, 4) == 3 * loops && v.load(.output, 4) == 2 * loops && v.load(.filter, 4) == 2 * loops)
        #expect(v.store(.output, 4) == 2 * loops && v.total == 12 * loops)
        // vector 4 and promote: the input once per loop instead of once per chunk and tap.
        let vp = try Self.count(sh, "nyxrsck", .nhwc, "rsck", promote: true, vector: 4)
        #expect(vp.load(.input, 4) == loops && vp.total == 10 * loops)
    }

    /// NCHW `nkcrsyx`, filter `kcrs`: x innermost, the output and the input unit-stride along x
    /// (stride 1), the filter does not move. N·K·C·R·S·OH = 2100 executions of the x loop, OW = 3.
    @Test func rowInnermostNest() throws {
        let sh = Self.plain
        let m = 6300, loops = 2100
        let pr = try Self.count(sh, "nkcrsyx", .nchw, "kcrs", promote: true, vector: 1)
        #expect(pr.load(.filter, 4) == loops && pr.load(.input, 4) == m && pr.total == 3 * m + loops)
        // W = 2: one chunk (output 8-byte load and store, input 8 bytes, filter 4 bytes) and one tap.
        let v = try Self.count(sh, "nkcrsyx", .nchw, "kcrs", promote: false, vector: 2)
        #expect(v.load(.output, 8) == loops && v.store(.output, 8) == loops && v.load(.input, 8) == loops)
        #expect(v.load(.filter, 4) == 2 * loops && v.total == 8 * loops)
        // With stride 2 the input moves 2 elements per x: it stays scalar (2 element loads per chunk).
        let st = ConvShape(n: 1, c: 2, k: 2, h: 7, w: 9, r: 2, s: 3, stride: 2)  // OH 3, OW 4
        let loops2 = 2 * 2 * 2 * 3 * 3  // N·K·C·R·S·OH = 72
        let s2 = try Self.count(st, "nkcrsyx", .nchw, "kcrs", promote: true, vector: 2)
        #expect(s2.load(.input, 8) == 0 && s2.load(.input, 4) == 4 * loops2 && s2.load(.output, 8) == 2 * loops2)
        #expect(s2.load(.filter, 4) == loops2)
    }

    /// With padding only the taps inside the image run in vectors: NHWC `nkyxrsc`, H = W = 5,
    /// R = S = 3, padding 1: the rows give 2 + 3 + 3 + 3 + 2 = 13 valid (y, r) pairs, the columns
    /// 13 (x, s) pairs, so 169 c loops per output channel touch the input; K = 2, C = 5 = 4 + 1.
    @Test func paddedTapsOnly() throws {
        let sh = ConvShape(n: 1, c: 5, k: 2, h: 5, w: 5, r: 3, s: 3, stride: 1, padding: 1)
        let loops = 2 * 169, p = 2 * 25
        let v = try Self.count(sh, "nkyxrsc", .nhwc, "krsc", promote: false, vector: 4)
        #expect(v.load(.input, 16) == loops && v.load(.input, 4) == loops)
        #expect(v.load(.filter, 16) == loops && v.load(.filter, 4) == loops && v.total == 4 * loops + 2 * p)
        // x innermost on NCHW: per (n, k, c, y, r, s) the valid x form one run; OW = 5 and the runs
        // have 4 taps (s = 0 or 2) or 5 (s = 1). W = 4: s = 1 gives one chunk and one tap, s = 0, 2
        // one chunk each; padding taps read and write the output only.
        let x = try Self.count(sh, "nkcyrsx", .nchw, "kcrs", promote: true, vector: 4)
        let validRows = 13, runs = 2 * 5 * validRows  // K·C·(valid (y, r)) per s
        #expect(x.load(.input, 16) == 3 * runs && x.load(.input, 4) == runs)
        #expect(x.load(.filter, 4) == 3 * runs)
    }

    /// Promoted and vector runs compute the plain convolution, in every element type.
    @Test(arguments: ["nkyxcrs", "nkyxrsc", "nkcyxrs", "nyxkrsc", "nyxrsck", "nkcrsyx", "crsnkyx", "sckrnxy"])
    func resultsEqualThePlainConvolution(_ order: String) throws {
        let sh = ConvShape(n: 2, c: 5, k: 6, h: 7, w: 9, r: 3, s: 2, stride: 2, padding: 1)
        for layout in ConvLayout.allCases {
            for filter in ["kcrs", "krsc", "rsck"] {
                let models = [(false, 1), (true, 1), (false, 2), (true, 4), (false, 8), (true, 16), (false, 3)]
                for (promote, vector) in models {
                    let v = ConvVariant(
                        algorithm: .direct(ConvLoopNest(order)!), layout: layout, filter: FilterLayout(filter)!,
                        accesses: AccessModel(promote: promote, vector: vector))
                    try check(Float.self, sh, v, filter)
                    try check(Double.self, sh, v, filter)
                    try check(Int8.self, sh, v, filter)
                }
            }
        }
    }

    func check<E: GemmElement>(_: E.Type, _ sh: ConvShape, _ v: ConvVariant, _ filter: String) throws {
        let w = try #require(ConvWorkload<E>(shape: sh, variant: v))
        var c = CountingSink()
        w.run(sink: &c)
        let native = try #require(ConvWorkload<E>(shape: sh, variant: v))
        var null = NullSink()
        native.run(sink: &null)
        let fs = FilterLayout(filter)!.strides(k: sh.k, c: sh.c, r: sh.r, s: sh.s)
        for n in 0..<sh.n {
            for k in 0..<sh.k {
                for y in 0..<sh.oh {
                    for x in 0..<sh.ow {
                        var acc = E.zeroAcc
                        for c in 0..<sh.c {
                            for r in 0..<sh.r {
                                for s in 0..<sh.s {
                                    let iy = y * sh.stride + r - sh.padding, ix = x * sh.stride + s - sh.padding
                                    if iy < 0 || iy >= sh.h || ix < 0 || ix >= sh.w { continue }
                                    let ii =
                                        v.layout == .nchw
                                        ? ((n * sh.c + c) * sh.h + iy) * sh.w + ix
                                        : ((n * sh.h + iy) * sh.w + ix) * sh.c + c
                                    let fi = k * fs.k + c * fs.c + r * fs.r + s * fs.s
                                    acc = E.mac(acc, E.sample(ii * 3 + 1), E.sample(fi * 5 + 2))
                                }
                            }
                        }
                        #expect(w.result(n, k, y, x) == E.toDouble(acc), "\(v) \(E.name) (\(n),\(k),\(y),\(x))")
                        #expect(native.result(n, k, y, x) == E.toDouble(acc), "\(v) \(E.name) native")
                    }
                }
            }
        }
    }
}

/// Loops of one iteration (a 1x1 filter's r and s, one channel, one image) are moved out of the
/// way by the nest (`ConvNestPlan.collapsed`); the source-level stream stays the rule's, checked
/// against ConvLoopNestTests' reference written from the rule.
@Suite struct ConvTrivialLoopTests {
    static let shapes = [
        ConvShape(n: 1, c: 3, k: 2, h: 4, w: 5, r: 1, s: 1),
        ConvShape(n: 2, c: 1, k: 3, h: 5, w: 4, r: 1, s: 3, stride: 1, padding: 1),
        ConvShape(n: 1, c: 2, k: 1, h: 3, w: 4, r: 2, s: 1, stride: 2, padding: 1),
        ConvShape(n: 1, c: 1, k: 2, h: 3, w: 3, r: 1, s: 1, stride: 1, padding: 1),
    ]

    @Test(arguments: ConvLoopNestTests.classes + ["nkxcysr", "nkyxsrc", "knyxcrs"])
    func sourceStreamFollowsTheRule(_ order: String) throws {
        for sh in Self.shapes {
            for layout in ConvLayout.allCases {
                for filter in ["kcrs", "rsck"] {
                    let v = ConvVariant(
                        algorithm: .direct(ConvLoopNest(order)!), layout: layout, filter: FilterLayout(filter)!)
                    let w = try #require(ConvWorkload<Float>(shape: sh, variant: v))
                    var rec = ConvLoopNestTests.Recorder(
                        bases: Dictionary(uniqueKeysWithValues: w.arrays.map { ($0.region.rawValue, ($0.base, 4)) }))
                    w.run(sink: &rec)
                    let ref = ConvLoopNestTests.referenceEvents(sh, order: order, layout: layout, filter: filter)
                    #expect(
                        ConvLoopNestTests.firstDifference(rec.events, ref) == nil, "\(order) \(layout) \(filter) \(sh)")
                }
            }
        }
    }

    /// With vectors the innermost loop is the nest's own even when it has one iteration: a 1x1
    /// NCHW `nkyxcrs` with W = 4 makes no vector access (its innermost loop, s, has one tap).
    @Test func vectorsKeepTheInnermostLoop() throws {
        let sh = ConvShape(n: 1, c: 8, k: 2, h: 3, w: 3, r: 1, s: 1)
        let c = try ConvAccessModelTests.count(sh, "nkyxcrs", .nchw, "kcrs", promote: false, vector: 4)
        #expect(c.load(.input, 16) == 0 && c.load(.input, 4) == 2 * 9 * 8)
        // NHWC `nkyxrsc` walks c innermost: C = 8 is two vectors per output element.
        let h = try ConvAccessModelTests.count(sh, "nkyxrsc", .nhwc, "krsc", promote: false, vector: 4)
        #expect(h.load(.input, 16) == 2 * 2 * 9 && h.load(.input, 4) == 0)
    }
}
