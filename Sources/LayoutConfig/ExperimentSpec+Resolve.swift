import ResultsSchema
import Foundation
import Engine

/// A fully resolved run: one variant at one sweep point, ready for the engine.
public struct RunSpec: Sendable {
    public enum Kernel: Sendable, Equatable {
        case gemm(GemmShape, GemmVariant)
        case conv(ConvShape, ConvVariant)
    }
    public var variant: String
    public var point: SweepPoint
    public var kernel: Kernel
    /// Loads + stores the run will emit (exact for naive kernels, an upper bound otherwise).
    public var estimatedAccesses: Double
    /// Bytes of the arrays the engine allocates for it (what runs side by side add up to).
    public var arrayBytes: Double = 0
    /// The position (in `ExperimentSpec.runs`) of the first run of the same variant whose resolved
    /// kernel is this one's (a point of an axis the variant ignores, as a naive loop at each
    /// `tile`); nil for a run that must be simulated itself. Element and machine are the
    /// experiment's, so the same variant and kernel make the same counts: it is simulated once.
    public var sameAs: Int? = nil
}

extension ExperimentSpec {
    /// Resolves `v` at sweep point `point`, checking that its parameters fit the shape.
    public func run(_ v: VariantSpec, _ point: SweepPoint) throws -> RunSpec {
        func fail(_ key: String, _ msg: String) -> ConfigError {
            ConfigError(
                file: file, line: v.line, key: "\(v.path).\(key)",
                message: msg + (point.isEmpty ? "" : " (at sweep point \(describe(point)))"))
        }
        var values = v.values
        var sh = shape
        for (k, pv) in point {
            guard case .int(let x) = pv else {
                values[k] = pv.description
                continue
            }
            if k == "size" {
                for d in (kernel == .gemm ? ["m", "n", "k"] : ["h", "w"]) { sh[d] = x }
            } else if sh[k] != nil || (kernel == .gemm ? Self.gemmShapeKeys : Self.convShapeKeys).contains(k) {
                sh[k] = x
            } else {
                values[k] = String(x)
            }
        }
        for (k, x) in sh where x < (k == "padding" ? 0 : 1) { throw fail(k, "shape value must be positive, got \(x)") }
        let vv = VariantValues(values: values, fail: fail)
        func int(_ key: String, _ def: Int?, min lo: Int = 1, max hi: Int = 1 << 24) throws -> Int {
            try vv.int(key, def, min: lo, max: hi)
        }
        if kernel == .conv {
            let cs = ConvShape(
                n: sh["n"]!, c: sh["c"]!, k: sh["k"]!, h: sh["h"]!, w: sh["w"]!, r: sh["r"]!, s: sh["s"]!,
                stride: sh["stride"]!, padding: sh["padding"]!, groups: sh["groups"] ?? 1, dilation: sh["dilation"] ?? 1
            )
            if cs.c % cs.groups != 0 || cs.k % cs.groups != 0 {
                throw fail("groups", "groups = \(cs.groups) must divide c = \(cs.c) and k = \(cs.k)")
            }
            if cs.spanR > cs.h + 2 * cs.padding || cs.spanS > cs.w + 2 * cs.padding {
                let dilated = cs.dilation > 1 ? " (\(cs.spanR)x\(cs.spanS) dilated)" : ""
                throw fail("algorithm", "the filter (\(cs.r)x\(cs.s)\(dilated)) is larger than the padded input")
            }
            let es = Double(element.size), acc = Double(element.accumulatorSize)
            // Before any product of the shape in Ints: the plain arrays must fit (below 2^63 bytes),
            // which bounds the products below (pixels, tiles, GEMM dimensions) by the element counts.
            try checkSize(
                bytes: Double(cs.n) * Double(cs.c) * Double(cs.h) * Double(cs.w) * es
                    + Double(cs.k) * Double(cs.cg) * Double(cs.r) * Double(cs.s) * es
                    + Double(cs.n) * Double(cs.k) * Double(cs.oh) * Double(cs.ow) * acc, fail: fail)
            let (layout, block) = try Self.convLayout(values, fail)
            let alg: ConvAlgorithm
            var model = try Self.accessModel(values, fail: fail)
            var gemmAccesses = 0.0
            var filter: FilterLayout? = nil
            let algName = (values["algorithm"] ?? "direct").lowercased()
            if algName != "direct" && algName != "winograd", let f = values["filter"] {
                let fixed = ConvVariant.gemmFilter(for: layout)
                guard f.lowercased() == fixed.description else {
                    throw fail(
                        "filter",
                        """
                        \(algName) reads the filter as its GEMM operand, so its layout is \(fixed) with \
                        \(layout.rawValue); `filter` applies to direct convolution
                        """
                    )
                }
            }
            switch algName {
            case "direct":
                if let f = values["filter"] {
                    guard let fl = FilterLayout(f) else {
                        let blocked =
                            f.lowercased().hasPrefix("oihw") ? "; the blocked layouts are oihw8i8o and oihw16i16o" : ""
                        throw fail("filter", Permutation.problem(f, letters: "kcrs") + blocked)
                    }
                    filter = fl
                }
                var nest = ConvLoopNest.natural(for: layout, block: max(block, filter?.block ?? 1))
                if let l = values["loops"] {
                    guard let n = ConvLoopNest(l) else {
                        let blocked = l.count == 9
                        throw fail(
                            "loops",
                            Permutation.problem(
                                l, letters: blocked ? ConvLoopNest.blockedLetters : "nkyxcrs", caseSensitive: blocked))
                    }
                    nest = n
                }
                alg = .direct(nest)
            case "winograd":
                let (t, model2) = try winograd(cs, layout, vv, fail)
                (alg, gemmAccesses, model) = (t.0, t.1, model2)
                if let f = values["filter"] {
                    guard let fl = FilterLayout(f) else {
                        throw fail("filter", Permutation.problem(f, letters: "kcrs"))
                    }
                    filter = fl
                }
            case "im2col", "gemm1x1", "1x1":
                let im2col = algName == "im2col"
                if !im2col && !(cs.r == 1 && cs.s == 1 && cs.stride == 1 && cs.padding == 0) {
                    throw fail("algorithm", "gemm1x1 needs r = s = 1, stride 1 and padding 0")
                }
                // The GEMM: `gemm:` (any GEMM but Strassen, with its keys), or `loops:` (the naive
                // loop in that order), by default the naive ikj loop.
                let written = values.keys.contains { $0.hasPrefix("gemm.") }
                if written && values["loops"] != nil { throw fail("loops", "give `loops` or `gemm`, not both") }
                let key: (String) -> String = written ? { "gemm." + $0 } : { $0 }
                let gv = VariantValues(values: written ? values : ["loops": values["loops"] ?? "ikj"], fail: fail)
                let (g, est) = try gv.gemm(key, ConvWorkload<Float>.gemmShape(cs, oneByOne: !im2col, layout))
                alg = im2col ? .im2col(g) : .gemm1x1(g)
                // One GEMM per image, except 1x1 on NHWC (one over all images).
                gemmAccesses = est * Double(!im2col && layout == .nhwc ? 1 : cs.n)
                model = try Self.accessModel(values, fail: fail, key: { "gemm." + $0 })
            case "indirect":
                guard layout == .nhwc else {
                    throw fail("layout", "indirect convolution reads NHWC input rows (QNNPACK's layout); use nhwc")
                }
                if values["loops"] != nil {
                    throw fail(
                        "loops", "indirect convolution has its own loops (pixel blocks, channel blocks, taps, c)")
                }
                let mr = try int("mr", 4, max: 64), nr = try int("nr", 8, max: 64)
                let pixels = cs.n * cs.oh * cs.ow
                try vv.fits("mr", mr, "the output pixels (n·oh·ow)", pixels)
                try vv.fits("nr", nr, cs.groups > 1 ? "k/groups" : "k", cs.kg)
                alg = .indirect(mr: mr, nr: nr)
            case let s: throw fail("algorithm", "`\(s)` is not one of direct | im2col | gemm1x1 | indirect | winograd")
            }
            // Doubles throughout: shapes up to 2^24 per dimension must not overflow before the limits refuse them.
            let outPts = Double(cs.n) * Double(cs.oh) * Double(cs.ow),
                taps = Double(cs.cg) * Double(cs.r) * Double(cs.s)
            let variant = ConvVariant(algorithm: alg, layout: layout, block: block, filter: filter, accesses: model)
            try Self.checkBlocks(cs, variant, fail)
            // The arrays as laid out: channels padded to whole blocks where an array has them.
            func padded(_ x: Int, _ b: Int) -> Double { Double((x + b - 1) / b) * Double(b) }
            let (ab, fb) = (variant.block, variant.filter.block)
            var bytes =
                Double(cs.n) * padded(cs.c, ab) * Double(cs.h) * Double(cs.w) * es
                + padded(cs.k, fb) * padded(cs.cg, fb) * Double(cs.r) * Double(cs.s) * es
                + Double(cs.n) * padded(cs.k, ab) * Double(cs.oh) * Double(cs.ow) * acc
            if case .im2col = alg { bytes += Double(cs.oh) * Double(cs.ow) * Double(cs.c) * Double(cs.r * cs.s) * es }
            if case .winograd(let t, _, _) = alg {
                let a2 = Double(t.alpha * t.alpha), p = ConvWorkload<Float>.winogradGemmShape(cs, t, .nchw).n
                bytes +=
                    a2
                    * ((Double(cs.k) + Double(p)) * Double(cs.c) * es + Double(cs.k) * Double(p) * acc)
            }
            if case .indirect = alg { bytes += outPts * Double(cs.r) * Double(cs.s) * 8 + Double(cs.c) * es }
            try checkSize(bytes: bytes, fail: fail)
            return RunSpec(
                variant: v.name, point: point,
                kernel: .conv(cs, variant),
                estimatedAccesses: max(4 * outPts * Double(cs.k) * taps, gemmAccesses) + outPts * taps * 2,
                arrayBytes: bytes)
        }
        let gs = GemmShape(m: sh["m"]!, n: sh["n"]!, k: sh["k"]!)
        let block = try int("block", 8, max: 1024)
        func layout(_ key: String) throws -> StorageLayout {
            let s = (values[key] ?? values["layout"] ?? "row").lowercased()
            switch s {
            case "row", "row-major": return .rowMajor
            case "col", "column", "col-major", "column-major": return .colMajor
            case "blocked", "packed", "tiled": return .blocked(rows: block, cols: block)
            default: throw fail(values[key] != nil ? key : "layout", "`\(s)` is not one of row | col | blocked")
            }
        }
        let pad = try int("pad", 0, min: 0)
        var gv = GemmVariant(
            algorithm: .naive(.ijk), layoutA: try layout("layoutA"), layoutB: try layout("layoutB"),
            layoutC: try layout("layoutC"), padA: try int("padA", pad, min: 0),
            padB: try int("padB", pad, min: 0), padC: try int("padC", pad, min: 0),
            accesses: try Self.accessModel(values, fail: fail))
        /// Strassen: `levels` (or the levels that bring the smallest dimension to `cutoff` or
        /// below), its base resolved on the last level's quadrants.
        func strassen(_ gs: GemmShape) throws -> (GemmAlgorithm, Double) {
            if element == .i8 {
                throw fail("algorithm", "strassen sums int8 operands, which overflow int8; use f32 or f64")
            }
            if [gv.layoutA, gv.layoutB, gv.layoutC].contains(where: { if case .blocked = $0 { true } else { false } }) {
                throw fail("layout", "strassen splits row- or column-major operands into quadrants, not blocked ones")
            }
            if values["levels"] != nil && values["cutoff"] != nil {
                throw fail("cutoff", "give `levels` or `cutoff`, not both")
            }
            var levels = try int("levels", 1, max: 16)
            if values["cutoff"] != nil {
                let cutoff = try int("cutoff", 64)
                levels = 0
                var d = min(gs.m, gs.n, gs.k)
                while d > cutoff && d >= 2 {
                    d /= 2
                    levels += 1
                }
            }
            var (m, n, k) = (gs.m, gs.n, gs.k)
            var extra = 0.0
            for l in 0..<levels where m >= 2 && n >= 2 && k >= 2 {
                (m, n, k) = (m / 2, n / 2, k / 2)
                // 7^l calls at this level: ten sums of 3 accesses an element, twelve updates of 3,
                // seven zeroings of 1.
                extra += pow(7, Double(l)) * (15 * Double(m * k + k * n) + 43 * Double(m * n))
            }
            let (base, baseEst) = try vv.gemm({ "base." + $0 }, GemmShape(m: m, n: n, k: k))
            // The base's bound at the whole shape covers the products and the peeled rows and columns.
            let full = baseEst / (Double(m) * Double(n) * Double(k)) * Double(gs.m) * Double(gs.n) * Double(gs.k)
            return (.strassen(levels: levels, base: base), full + extra)
        }
        let (alg, est) =
            (values["algorithm"] ?? "").lowercased() == "strassen"
            ? try strassen(gs) : try vv.gemm({ $0 }, gs, strassen: true)
        gv.algorithm = alg
        let es = Double(element.size), acc = Double(element.accumulatorSize)
        let ld = Double(max(gv.padA, gv.padB, gv.padC))
        var bytes =
            (Double(gs.m) + ld) * (Double(gs.k) + ld) * es + (Double(gs.k) + ld) * (Double(gs.n) + ld) * es
            + (Double(gs.m) + ld) * (Double(gs.n) + ld) * acc
        if case .strassen(let levels, _) = alg {
            let t = StrassenBuffers<Float>.plan(gs, levels: levels)
            bytes += Double(t.s + t.t) * es + Double(t.m) * acc
        }
        try checkSize(bytes: bytes, fail: fail)
        return RunSpec(variant: v.name, point: point, kernel: .gemm(gs, gv), estimatedAccesses: est, arrayBytes: bytes)
    }

    /// `runs` with `sameAs` set on every run whose variant and resolved kernel an earlier run
    /// has, to that earlier run's position. Runs are bucketed by variant and the kernel's
    /// description, and compared with `==` within a bucket, so unequal kernels never match.
    static func markingSameRuns(_ runs: [RunSpec]) -> [RunSpec] {
        var firsts: [String: [Int]] = [:]
        var out = runs
        for (i, r) in runs.enumerated() {
            let bucket = r.variant + "\u{0}" + String(describing: r.kernel)
            if let j = firsts[bucket]?.first(where: { runs[$0].kernel == r.kernel }) {
                out[i].sameAs = j
            } else {
                firsts[bucket, default: []].append(i)
            }
        }
        return out
    }

    /// The engine computes real results, so its arrays must exist: refuse a run whose arrays would
    /// not fit the simulated 64-bit address space or half of this machine's memory.
    func checkSize(bytes: Double, fail: (String, String) -> ConfigError) throws {
        if bytes >= 0x1p63 {
            throw fail("shape", String(format: "the arrays need %.3g bytes, more than the 64-bit address space", bytes))
        }
        let budget = MemoryBudget.current
        if bytes > budget.bytes / 2 {
            throw fail(
                "shape",
                String(format: "the arrays need %.3g GB to compute real results; ", bytes / 1e9) + budget.what
                    + " (limit: half)")
        }
    }

    func describe(_ p: SweepPoint) -> String {
        p.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
