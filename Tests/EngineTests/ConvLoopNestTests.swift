import CacheSim
import Engine
import Testing
import AccessSink

/// Direct convolution in any loop order and filter layout, checked against a plain reference
/// written here from the accumulation rule (issue 12):
/// - the output element is loaded before and stored after each execution of the maximal innermost
///   block of reduction loops (c, r, s); with no reduction loop innermost every tap is its own block;
/// - a tap in the padding makes no input or filter access (the output load/store still happens);
/// - inside a tap: the input element, then the filter element;
/// - grouped: output channel k reads input channels (k / (k/groups))·(c/groups) + c for c below
///   c/groups; with more than one output channel per group the groups run one after another
///   (outermost), with one (depthwise) the k loop covers them all; dilation d spaces the taps d
///   input pixels apart (iy = y·stride + r·d - padding).
@Suite struct ConvLoopNestTests {
    struct Event: Equatable, CustomStringConvertible {
        var region: Region, index: Int, store: Bool
        var description: String { "\(store ? "st" : "ld") \(region.name)[\(index)]" }
    }

    /// Element strides of dimensions named by `letters` laid out slowest-first in `layout` (a word
    /// over the same letters), with extent `ext[letter]`.
    static func strides(_ layout: String, _ ext: [Character: Int]) -> [Character: Int] {
        var st: [Character: Int] = [:], run = 1
        for ch in layout.reversed() {
            st[ch] = run
            run *= ext[ch]!
        }
        return st
    }

    /// The accesses the rule prescribes, by recursion over the loop word `order`.
    static func referenceEvents(_ sh: ConvShape, order: String, layout: ConvLayout, filter: String) -> [Event] {
        let inSt = strides(layout == .nchw ? "nchw" : "nhwc", ["n": sh.n, "c": sh.c, "h": sh.h, "w": sh.w])
        let outSt = strides(layout == .nchw ? "nkyx" : "nyxk", ["n": sh.n, "k": sh.k, "y": sh.oh, "x": sh.ow])
        let (cg, kg) = (sh.c / sh.groups, sh.k / sh.groups), outer = sh.groups > 1 && kg > 1
        let fSt = strides(filter, ["k": sh.k, "c": cg, "r": sh.r, "s": sh.s])
        let ext: [Character: Int] = [
            "n": sh.n, "k": outer ? kg : sh.k, "y": sh.oh, "x": sh.ow, "c": cg, "r": sh.r, "s": sh.s,
        ]
        let loops = Array(order)
        var start = loops.count
        while start > 0 && "crs".contains(loops[start - 1]) { start -= 1 }
        var v: [Character: Int] = [:], out: [Event] = [], k0 = 0
        func outIndex() -> Int {
            v["n"]! * outSt["n"]! + (k0 + v["k"]!) * outSt["k"]! + v["y"]! * outSt["y"]! + v["x"]! * outSt["x"]!
        }
        func tap() {
            let d = sh.dilation
            let iy = v["y"]! * sh.stride + v["r"]! * d - sh.padding, ix = v["x"]! * sh.stride + v["s"]! * d - sh.padding
            guard iy >= 0, iy < sh.h, ix >= 0, ix < sh.w else { return }
            let k = k0 + v["k"]!, ic = k / kg * cg + v["c"]!
            out.append(
                Event(
                    region: .input, index: v["n"]! * inSt["n"]! + ic * inSt["c"]! + iy * inSt["h"]! + ix * inSt["w"]!,
                    store: false))
            out.append(
                Event(
                    region: .filter,
                    index: k * fSt["k"]! + v["c"]! * fSt["c"]! + v["r"]! * fSt["r"]! + v["s"]! * fSt["s"]!,
                    store: false))
        }
        func level(_ l: Int) {
            if l == start && start < loops.count { out.append(Event(region: .output, index: outIndex(), store: false)) }
            if l == loops.count {
                if start == loops.count { out.append(Event(region: .output, index: outIndex(), store: false)) }
                tap()
                if start == loops.count { out.append(Event(region: .output, index: outIndex(), store: true)) }
            } else {
                for i in 0..<ext[loops[l]]! {
                    v[loops[l]] = i
                    level(l + 1)
                }
            }
            if l == start && start < loops.count { out.append(Event(region: .output, index: outIndex(), store: true)) }
        }
        for g in 0..<(outer ? sh.groups : 1) {
            k0 = g * kg
            level(0)
        }
        return out
    }

    /// nil when equal, else the first difference (the streams are too long to print whole).
    static func firstDifference(_ a: [Event], _ b: [Event]) -> String? {
        if let i = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] })
            ?? (a.count == b.count ? nil : min(a.count, b.count))
        {
            return
                """
                at access \(i) of \(a.count) (reference \(b.count)): \(i < a.count ? a[i].description : "end") vs \
                \(i < b.count ? b[i].description : "end")
                """
        }
        return nil
    }

    /// Records every access as (region, element index, kind), from the arrays' bases.
    struct Recorder: AccessSink {
        var bases: [RegionTag: (UInt64, Int)]
        var events: [Event] = []
        mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
            let (base, es) = bases[region]!
            events.append(
                Event(region: Region(rawValue: region)!, index: Int(address - base) / es, store: kind == .store))
        }
    }

    /// A fully associative LRU cache of `lines` lines, for misses that do not depend on placement.
    static func faMisses(_ events: [Event], lines: Int, line: Int, elementSize: [Region: Int]) -> Int {
        var stamp: [Int: Int] = [:], misses = 0, t = 0
        for e in events {
            t += 1
            let key = Int(e.region.rawValue) << 40 | (e.index * elementSize[e.region]! / line)
            if stamp[key] == nil {
                misses += 1
                if stamp.count == lines { stamp.removeValue(forKey: stamp.min { $0.value < $1.value }!.key) }
            }
            stamp[key] = t
        }
        return misses
    }

    /// Nests by size of the innermost reduction block: 3 (the layouts' defaults), 2, 1, 0.
    static let classes = [
        "nkyxcrs", "nkyxrsc", "nyxkcrs", "nkcyxrs", "knyxcsr", "nkcryxs", "nrsckyx", "nyxrsck", "crsnkyx", "sckrnxy",
    ]
    static let shapes = [
        ConvShape(n: 2, c: 3, k: 4, h: 7, w: 6, r: 3, s: 2, stride: 2, padding: 1),
        ConvShape(n: 1, c: 5, k: 3, h: 6, w: 5, r: 3, s: 3, stride: 1, padding: 0),
        ConvShape(n: 2, c: 2, k: 3, h: 5, w: 5, r: 2, s: 3, stride: 1, padding: 1),
    ]

    @Test(arguments: classes)
    func accessStreamFollowsTheRule(_ order: String) throws {
        let nest = try #require(ConvLoopNest(order))
        for sh in Self.shapes {
            for layout in ConvLayout.allCases {
                for filter in ["kcrs", "rsck", "crsk"] {
                    let v = ConvVariant(algorithm: .direct(nest), layout: layout, filter: FilterLayout(filter)!)
                    let w = try #require(ConvWorkload<Float>(shape: sh, variant: v))
                    var rec = Recorder(
                        bases: Dictionary(uniqueKeysWithValues: w.arrays.map { ($0.region.rawValue, ($0.base, 4)) }))
                    w.run(sink: &rec)
                    let ref = Self.referenceEvents(sh, order: order, layout: layout, filter: filter)
                    let diff = Self.firstDifference(rec.events, ref)
                    #expect(diff == nil, "\(order) \(layout) \(filter) \(sh)")
                    // Misses on a fully associative LRU cache of 16 lines of 32 B equal the reference's.
                    var h = CacheHierarchy([LevelConfig(name: "L1", size: 512, line: 32, ways: 16)])
                    w.run(sink: &h)
                    let expected = Self.faMisses(
                        ref, lines: 16, line: 32, elementSize: [.input: 4, .filter: 4, .output: 4])
                    #expect(Int(h.stats().levels[0].total.misses) == expected, "\(order) \(layout) \(filter)")
                }
            }
        }
    }

    @Test func randomNestsFollowTheRule() throws {
        var rng = Mix(state: 12)
        let sh = ConvShape(n: 2, c: 3, k: 2, h: 5, w: 4, r: 3, s: 2, stride: 2, padding: 1)
        for _ in 0..<24 {
            var letters = Array("nkyxcrs")
            for i in stride(from: letters.count - 1, to: 0, by: -1) {
                letters.swapAt(i, Int(rng.next() % UInt64(i + 1)))
            }
            var filter = Array("kcrs")
            for i in stride(from: 3, to: 0, by: -1) { filter.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            let order = String(letters), f = String(filter)
            for layout in ConvLayout.allCases {
                let v = ConvVariant(algorithm: .direct(ConvLoopNest(order)!), layout: layout, filter: FilterLayout(f)!)
                let w = try #require(ConvWorkload<Double>(shape: sh, variant: v))
                var rec = Recorder(
                    bases: Dictionary(uniqueKeysWithValues: w.arrays.map { ($0.region.rawValue, ($0.base, 8)) }))
                w.run(sink: &rec)
                let diff = Self.firstDifference(
                    rec.events, Self.referenceEvents(sh, order: order, layout: layout, filter: f))
                #expect(diff == nil, "\(order) \(layout) \(f)")
            }
        }
    }

    /// Every order computes the direct definition's values; native (no-op sink) and instrumented
    /// runs give identical outputs.
    @Test(arguments: classes)
    func everyOrderComputesTheConvolution(_ order: String) throws {
        for sh in Self.shapes {
            for layout in ConvLayout.allCases {
                for filter in ["kcrs", "krsc", "srkc"] {
                    let v = ConvVariant(
                        algorithm: .direct(ConvLoopNest(order)!), layout: layout, filter: FilterLayout(filter)!)
                    let native = try #require(ConvWorkload<Float>(shape: sh, variant: v))
                    var null = NullSink()
                    native.run(sink: &null)
                    let instrumented = try #require(ConvWorkload<Float>(shape: sh, variant: v))
                    var counter = CountingSink()
                    instrumented.run(sink: &counter)
                    let fSt = Self.strides(filter, ["k": sh.k, "c": sh.c, "r": sh.r, "s": sh.s])
                    for n in 0..<sh.n {
                        for k in 0..<sh.k {
                            for y in 0..<sh.oh {
                                for x in 0..<sh.ow {
                                    var acc = 0.0
                                    for c in 0..<sh.c {
                                        for r in 0..<sh.r {
                                            for s in 0..<sh.s {
                                                let iy = y * sh.stride + r - sh.padding,
                                                    ix = x * sh.stride + s - sh.padding
                                                if iy < 0 || iy >= sh.h || ix < 0 || ix >= sh.w { continue }
                                                let ii =
                                                    layout == .nchw
                                                    ? ((n * sh.c + c) * sh.h + iy) * sh.w + ix
                                                    : ((n * sh.h + iy) * sh.w + ix) * sh.c + c
                                                let fi = k * fSt["k"]! + c * fSt["c"]! + r * fSt["r"]! + s * fSt["s"]!
                                                acc +=
                                                    Double(Float.sample(ii * 3 + 1)) * Double(Float.sample(fi * 5 + 2))
                                            }
                                        }
                                    }
                                    #expect(
                                        native.result(n, k, y, x) == acc,
                                        "\(order) \(layout) \(filter) (\(n),\(k),\(y),\(x))")
                                    #expect(instrumented.result(n, k, y, x) == native.result(n, k, y, x))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func parsing() {
        #expect(ConvLoopNest("nkyxcrs")?.reductionStart == 4)
        #expect(ConvLoopNest("NYXRSCK")?.reductionStart == 7)
        #expect(ConvLoopNest("nkcryxs")?.reductionStart == 6)
        #expect(ConvLoopNest("nkyxcr") == nil)
        #expect(ConvLoopNest("nkyxcrr") == nil)
        #expect(ConvLoopNest("nkyxcrz") == nil)
        let st = FilterLayout("rsck")!.strides(k: 2, c: 3, r: 5, s: 7)
        #expect(st.k == 1 && st.c == 2 && st.s == 6 && st.r == 42)
        #expect(
            Permutation.problem("nkyxcrr", letters: "nkyxcrs")
                == "`nkyxcrr` is not a permutation of the letters n k y x c r s (repeated `r`; missing `s`)")
    }

    struct Mix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
    }
}
