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
        func int(_ key: String, _ def: Int?, min lo: Int = 1, max hi: Int = 1 << 24) throws -> Int {
            guard let s = values[key] else {
                guard let def else { throw fail(key, "is required for this algorithm") }
                return def
            }
            guard let x = Int(s) else { throw fail(key, "expected an integer, got `\(s)`") }
            guard x >= lo && x <= hi else { throw fail(key, "must be between \(lo) and \(hi), got \(x)") }
            return x
        }
        func order(_ def: LoopOrder) throws -> LoopOrder {
            guard let s = values["loops"] else { return def }
            guard let o = LoopOrder(rawValue: s.lowercased()) else {
                throw fail(
                    "loops", "`\(s)` is not one of " + LoopOrder.allCases.map(\.rawValue).joined(separator: " | "))
            }
            return o
        }
        if kernel == .conv {
            let cs = ConvShape(
                n: sh["n"]!, c: sh["c"]!, k: sh["k"]!, h: sh["h"]!, w: sh["w"]!, r: sh["r"]!, s: sh["s"]!,
                stride: sh["stride"]!, padding: sh["padding"]!)
            if cs.r > cs.h + 2 * cs.padding || cs.s > cs.w + 2 * cs.padding {
                throw fail("algorithm", "the filter (\(cs.r)x\(cs.s)) is larger than the padded input")
            }
            let layoutName = values["layout"] ?? "nchw"
            guard let layout = ConvLayout(rawValue: layoutName.lowercased()) else {
                throw fail("layout", "`\(layoutName)` is not one of nchw | nhwc")
            }
            let alg: ConvAlgorithm
            var filter: FilterLayout? = nil
            let algName = (values["algorithm"] ?? "direct").lowercased()
            if algName != "direct", let f = values["filter"] {
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
                var nest = ConvLoopNest.natural(for: layout)
                if let l = values["loops"] {
                    guard let n = ConvLoopNest(l) else {
                        throw fail("loops", Permutation.problem(l, letters: "nkyxcrs"))
                    }
                    nest = n
                }
                if let f = values["filter"] {
                    guard let fl = FilterLayout(f) else {
                        throw fail("filter", Permutation.problem(f, letters: "kcrs"))
                    }
                    filter = fl
                }
                alg = .direct(nest)
            case "im2col": alg = .im2col(try order(.ikj))
            case "gemm1x1", "1x1":
                guard cs.r == 1 && cs.s == 1 && cs.stride == 1 && cs.padding == 0 else {
                    throw fail("algorithm", "gemm1x1 needs r = s = 1, stride 1 and padding 0")
                }
                alg = .gemm1x1(try order(.ikj))
            case let s: throw fail("algorithm", "`\(s)` is not one of direct | im2col | gemm1x1")
            }
            // Doubles throughout: shapes up to 2^24 per dimension must not overflow before the limits refuse them.
            let outPts = Double(cs.n) * Double(cs.oh) * Double(cs.ow), taps = Double(cs.c) * Double(cs.r) * Double(cs.s)
            let es = Double(element.size), acc = Double(element.accumulatorSize)
            var bytes =
                Double(cs.n) * Double(cs.c) * Double(cs.h) * Double(cs.w) * es + Double(cs.k) * taps * es
                + outPts * Double(cs.k) * acc
            if case .im2col = alg { bytes += Double(cs.oh) * Double(cs.ow) * taps * es }
            try checkSize(bytes: bytes, fail: fail)
            return RunSpec(
                variant: v.name, point: point,
                kernel: .conv(
                    cs,
                    ConvVariant(
                        algorithm: alg, layout: layout, filter: filter,
                        accesses: try Self.accessModel(values, fail: fail))),
                estimatedAccesses: 4 * outPts * Double(cs.k) * taps + outPts * taps * 2, arrayBytes: bytes)
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
        let mnk = Double(gs.m) * Double(gs.n) * Double(gs.k)
        var est = 4 * mnk
        func fits(_ key: String, _ x: Int, _ dim: String, _ d: Int) throws {
            if x > d { throw fail(key, "\(key) = \(x) exceeds \(dim) = \(d); allowed 1...\(d)") }
        }
        switch (values["algorithm"] ?? "naive").lowercased() {
        case "naive": gv.algorithm = .naive(try order(.ijk))
        case "tiled":
            let t = try int("tile", 32)
            gv.algorithm = .tiled(
                try order(.ikj), tm: min(try int("tile.m", t), gs.m), tn: min(try int("tile.n", t), gs.n),
                tk: min(try int("tile.k", t), gs.k))
        case "regblock", "register-blocked", "blocked":
            let mr = try int("mr", 4, max: 64), nr = try int("nr", 4, max: 64)
            try fits("mr", mr, "m", gs.m)
            try fits("nr", nr, "n", gs.n)
            let kinner = (values["kinner"] ?? "true").lowercased() == "true"
            gv.algorithm = .registerBlocked(mr: mr, nr: nr, kc: min(try int("kc", gs.k), gs.k), kInner: kinner)
            est = mnk / Double(nr) + mnk / Double(mr) + 2 * mnk
        case "qnnpack":
            let mr = try int("mr", 4, max: 64), nr = try int("nr", 8, max: 64)
            try fits("mr", mr, "m", gs.m)
            try fits("nr", nr, "n", gs.n)
            gv.algorithm = .qnnpack(mr: mr, nr: nr)
        case "blis":
            let mr = try int("mr", 4, max: 64), nr = try int("nr", 4, max: 64)
            try fits("mr", mr, "m", gs.m)
            try fits("nr", nr, "n", gs.n)
            let kc = min(try int("kc", 256), gs.k), mc = try int("mc", 128), nc = try int("nc", 4096)
            if mc % mr != 0 { throw fail("mc", "mc = \(mc) must be a multiple of mr = \(mr)") }
            if nc % nr != 0 { throw fail("nc", "nc = \(nc) must be a multiple of nr = \(nr)") }
            gv.algorithm = .blis(mr: mr, nr: nr, kc: kc, mc: mc, nc: nc)
            est =
                mnk / Double(nr) + mnk / Double(mr) + 2 * mnk + 4
                * (Double(gs.m) * Double(gs.k) + Double(gs.k) * Double(gs.n))
        case let s: throw fail("algorithm", "`\(s)` is not one of naive | tiled | regblock | qnnpack | blis")
        }
        let es = Double(element.size), acc = Double(element.accumulatorSize)
        let ld = Double(max(gv.padA, gv.padB, gv.padC))
        let bytes =
            (Double(gs.m) + ld) * (Double(gs.k) + ld) * es + (Double(gs.k) + ld) * (Double(gs.n) + ld) * es
            + (Double(gs.m) + ld) * (Double(gs.n) + ld) * acc
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
