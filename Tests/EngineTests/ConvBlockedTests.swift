import AccessSink
import CacheSim
import Engine
import Testing

/// Channel-blocked layouts (issue 29): oneDNN's nChw8c / nChw16c activations and OIhw8i8o /
/// OIhw16i16o filters, with nests over the block loops `K`, `C` and the lanes `k`, `c`. The
/// reference here computes every index from the layouts' definitions:
/// - nChw{b}c: (((n·⌈C/b⌉ + c/b)·H + y)·W + x)·b + c % b;
/// - OIhw{b}i{b}o: ((((k/b)·⌈C/b⌉ + c/b)·R + r)·S + s)·b² + (c % b)·b + k % b;
/// - a plain layout as `ConvLoopNestTests.strides` gives it;
/// and walks the nine loops by the accumulation rule (the innermost run of reduction loops
/// `C c r s` is the output's block; a tap in the spatial padding touches no input or filter).
/// Lanes past C or K (padding to whole blocks) are real elements and are touched. Depthwise
/// (groups = c = k), output channel k reads input channel k, and C and c run once.
@Suite struct ConvBlockedTests {
    struct Setup {
        let sh: ConvShape, act: Int, filter: String, nest: String
        var depthwise: Bool { sh.groups > 1 }
        /// Input channels per output channel.
        var cg: Int { sh.c / sh.groups }
        /// Channels per block the loops run with.
        var b: Int { act > 1 ? act : filter == "oihw8i8o" ? 8 : filter == "oihw16i16o" ? 16 : 1 }
        func cb(_ x: Int) -> Int { (x + b - 1) / b }

        func input(_ n: Int, _ c: Int, _ y: Int, _ x: Int) -> Int {
            act > 1
                ? (((n * cb(sh.c) + c / act) * sh.h + y) * sh.w + x) * act + c % act
                : ((n * sh.c + c) * sh.h + y) * sh.w + x
        }
        func output(_ n: Int, _ k: Int, _ y: Int, _ x: Int) -> Int {
            act > 1
                ? (((n * cb(sh.k) + k / act) * sh.oh + y) * sh.ow + x) * act + k % act
                : ((n * sh.k + k) * sh.oh + y) * sh.ow + x
        }
        func filterIndex(_ k: Int, _ c: Int, _ r: Int, _ s: Int) -> Int {
            if filter.hasPrefix("oihw") {
                return ((((k / b) * cb(sh.c) + c / b) * sh.r + r) * sh.s + s) * b * b + (c % b) * b + k % b
            }
            let st = ConvLoopNestTests.strides(filter, ["k": sh.k, "c": cg, "r": sh.r, "s": sh.s])
            return k * st["k"]! + c * st["c"]! + r * st["r"]! + s * st["s"]!
        }

        /// The nine loops: as written, or `K` before `k` and `C` before `c`.
        var loops: [Character] {
            nest.count == 9
                ? Array(nest) : Array(nest).flatMap { $0 == "k" ? ["K", "k"] : $0 == "c" ? ["C", "c"] : [$0] }
        }

        func events() -> [ConvLoopNestTests.Event] {
            let l = loops
            let ext: [Character: Int] = [
                "n": sh.n, "K": cb(sh.k), "k": b, "y": sh.oh, "x": sh.ow, "C": depthwise ? 1 : cb(sh.c),
                "c": depthwise ? 1 : b, "r": sh.r, "s": sh.s,
            ]
            var start = l.count
            while start > 0 && "Ccrs".contains(l[start - 1]) { start -= 1 }
            var v: [Character: Int] = [:], out: [ConvLoopNestTests.Event] = []
            func o() -> Int { output(v["n"]!, v["K"]! * b + v["k"]!, v["y"]!, v["x"]!) }
            func tap() {
                let iy = v["y"]! * sh.stride + v["r"]! - sh.padding, ix = v["x"]! * sh.stride + v["s"]! - sh.padding
                guard iy >= 0, iy < sh.h, ix >= 0, ix < sh.w else { return }
                let (k, c) = (v["K"]! * b + v["k"]!, v["C"]! * b + v["c"]!)
                out.append(.init(region: .input, index: input(v["n"]!, depthwise ? k : c, iy, ix), store: false))
                out.append(.init(region: .filter, index: filterIndex(k, c, v["r"]!, v["s"]!), store: false))
            }
            func level(_ i: Int) {
                if i == start && start < l.count { out.append(.init(region: .output, index: o(), store: false)) }
                if i == l.count {
                    if start == l.count { out.append(.init(region: .output, index: o(), store: false)) }
                    tap()
                    if start == l.count { out.append(.init(region: .output, index: o(), store: true)) }
                } else {
                    for t in 0..<ext[l[i]]! {
                        v[l[i]] = t
                        level(i + 1)
                    }
                }
                if i == start && start < l.count { out.append(.init(region: .output, index: o(), store: true)) }
            }
            level(0)
            return out
        }

        /// Σ over c, r, s of input · filter at the sample values of their flat indices.
        func value(_ n: Int, _ k: Int, _ y: Int, _ x: Int) -> Double {
            var acc = 0.0
            for c in 0..<cg {
                for r in 0..<sh.r {
                    for s in 0..<sh.s {
                        let iy = y * sh.stride + r - sh.padding, ix = x * sh.stride + s - sh.padding
                        if iy < 0 || iy >= sh.h || ix < 0 || ix >= sh.w { continue }
                        let ic = depthwise ? k : c
                        acc +=
                            Double.sample(input(n, ic, iy, ix) * 3 + 1) * Double.sample(filterIndex(k, c, r, s) * 5 + 2)
                    }
                }
            }
            return acc
        }

        var variant: ConvVariant {
            ConvVariant(
                algorithm: .direct(ConvLoopNest(nest)!), layout: .nchw, block: act, filter: FilterLayout(filter)!)
        }
    }

    /// C = 10 and K = 12 leave padded lanes in blocks of 8 (6 and 4 of them); the second shape
    /// has stride 2 and no padding.
    static let shapes = [
        ConvShape(n: 1, c: 10, k: 12, h: 5, w: 6, r: 3, s: 3, stride: 1, padding: 1),
        ConvShape(n: 2, c: 8, k: 16, h: 7, w: 6, r: 3, s: 2, stride: 2, padding: 0),
    ]
    /// oneDNN's order (output lanes innermost), the input lanes innermost under an output lane
    /// (a block of four reduction loops), the block loops innermost, a seven-letter nest, and
    /// the spatial loops innermost.
    static let nests = ["nKyxCrsck", "nKyxkCrsc", "nKkyxCcrs", "nyxKkCcrs", "nkyxcrs", "nKkCcrsyx"]

    @Test(arguments: nests)
    func streamFollowsTheRule(_ nest: String) throws {
        for sh in Self.shapes {
            for (act, filter) in [(8, "oihw8i8o"), (16, "oihw16i16o"), (8, "kcrs")] {
                if filter == "kcrs" && (sh.c % 8 != 0 || sh.k % 8 != 0) { continue }
                let setup = Setup(sh: sh, act: act, filter: filter, nest: nest)
                let w = try #require(ConvWorkload<Double>(shape: sh, variant: setup.variant))
                var rec = ConvLoopNestTests.Recorder(
                    bases: Dictionary(uniqueKeysWithValues: w.arrays.map { ($0.region.rawValue, ($0.base, 8)) }))
                w.run(sink: &rec)
                let diff = ConvLoopNestTests.firstDifference(rec.events, setup.events())
                #expect(diff == nil, "\(nest) nChw\(act)c \(filter) \(sh)")
                for n in 0..<sh.n {
                    for k in 0..<sh.k {
                        for y in 0..<sh.oh {
                            for x in 0..<sh.ow {
                                #expect(w.result(n, k, y, x) == setup.value(n, k, y, x), "\(nest) \(act) \(filter)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// Depthwise on nChw8c and nChw16c with a plain filter (`rsck`: the k lanes unit-stride):
    /// oneDNN's order with the channel lanes innermost, and the lanes outside the taps; every
    /// access model natively gives the definition's values.
    @Test func depthwiseOnChannelBlocks() throws {
        let sh = ConvShape(n: 1, c: 32, k: 32, h: 6, w: 5, r: 3, s: 3, stride: 1, padding: 1, groups: 32)
        for act in [8, 16] {
            for nest in ["nKyxCcrsk", "nKkyxCcrs"] {
                let setup = Setup(sh: sh, act: act, filter: "rsck", nest: nest)
                let w = try #require(ConvWorkload<Double>(shape: sh, variant: setup.variant))
                var rec = ConvLoopNestTests.Recorder(
                    bases: Dictionary(uniqueKeysWithValues: w.arrays.map { ($0.region.rawValue, ($0.base, 8)) }))
                w.run(sink: &rec)
                #expect(ConvLoopNestTests.firstDifference(rec.events, setup.events()) == nil, "\(nest) \(act)")
                for model in [AccessModel(vector: act), AccessModel(promote: true)] {
                    var v = setup.variant
                    v.accesses = model
                    let native = try #require(ConvWorkload<Double>(shape: sh, variant: v))
                    var null = NullSink()
                    native.run(sink: &null)
                    for k in 0..<sh.k {
                        for y in 0..<sh.oh {
                            for x in 0..<sh.ow {
                                #expect(native.result(0, k, y, x) == setup.value(0, k, y, x), "\(nest) \(model)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// A plain NCHW input with a blocked filter: the loops split by the filter's blocks.
    @Test func plainActivationsWithABlockedFilter() throws {
        let sh = Self.shapes[1]
        let setup = Setup(sh: sh, act: 1, filter: "oihw8i8o", nest: "nKyxCrsck")
        let w = try #require(ConvWorkload<Double>(shape: sh, variant: setup.variant))
        var rec = ConvLoopNestTests.Recorder(
            bases: Dictionary(uniqueKeysWithValues: w.arrays.map { ($0.region.rawValue, ($0.base, 8)) }))
        w.run(sink: &rec)
        #expect(ConvLoopNestTests.firstDifference(rec.events, setup.events()) == nil)
    }

    /// Every access model, natively and instrumented, gives the definition's values; with
    /// vectors of 8 along the output lanes (`nKyxCrsck`, nChw8c with OIhw8i8o) each in-image tap is
    /// one vector load of the 8 outputs, one input load (a broadcast), one vector load of the 8
    /// filter lanes and one vector store: 4 accesses per (pixel, k block, c, tap), and the padding
    /// taps load and store the 8 outputs one by one.
    @Test func accessModelsAndVectorCounts() throws {
        let sh = Self.shapes[0]
        for nest in Self.nests {
            for model in [AccessModel(promote: true), AccessModel(vector: 8), AccessModel(promote: true, vector: 4)] {
                let setup = Setup(sh: sh, act: 8, filter: "oihw8i8o", nest: nest)
                var v = setup.variant
                v.accesses = model
                for native in [true, false] {
                    let w = try #require(ConvWorkload<Double>(shape: sh, variant: v))
                    if native {
                        var null = NullSink()
                        w.run(sink: &null)
                    } else {
                        var counter = CountingSink()
                        w.run(sink: &counter)
                    }
                    for k in 0..<sh.k {
                        for y in 0..<sh.oh {
                            for x in 0..<sh.ow {
                                #expect(w.result(0, k, y, x) == setup.value(0, k, y, x), "\(nest) \(model) \(native)")
                            }
                        }
                    }
                }
            }
        }
        var v = Setup(sh: sh, act: 8, filter: "oihw8i8o", nest: "nKyxCrsck").variant
        v.accesses = AccessModel(vector: 8)
        let w = try #require(ConvWorkload<Float>(shape: sh, variant: v))
        var counter = CountingSink()
        w.run(sink: &counter)
        var inside = 0, outside = 0
        for y in 0..<sh.oh {
            for x in 0..<sh.ow {
                for r in 0..<3 {
                    for s in 0..<3 {
                        let (iy, ix) = (y + r - 1, x + s - 1)
                        if iy >= 0 && iy < sh.h && ix >= 0 && ix < sh.w { inside += 1 } else { outside += 1 }
                    }
                }
            }
        }
        // 2 k blocks x 2 c blocks x 8 c lanes per tap; padding taps: 8 loads and 8 stores.
        let perTap = 2 * 2 * 8
        #expect(counter.total == UInt64(inside * perTap * 4 + outside * perTap * 16))
    }
}
