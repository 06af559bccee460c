import ResultsSchema
import Foundation
import SafeIO

extension ExperimentSpec {
    static let topKeys = [
        "name", "description", "machine", "kernel", "shape", "element", "variants", "sweep",
        "events", "repetitions", "claim",
    ]
    static let gemmShapeKeys = ["m", "n", "k"]
    static let convShapeKeys = ["n", "c", "k", "h", "w", "r", "s", "stride", "padding", "groups", "dilation"]
    static let gemmVariantKeys = [
        "name", "algorithm", "loops", "layout", "layoutA", "layoutB", "layoutC", "block",
        "pad", "padA", "padB", "padC", "tile", "mr", "nr", "kc", "mc", "nc", "kinner", "promote", "vector",
        "levels", "cutoff", "base",
    ]
    static let convVariantKeys = [
        "name", "algorithm", "layout", "loops", "filter", "promote", "vector", "gemm", "mr", "nr", "tile",
        "filterTransform",
    ]
    /// Variant keys a sweep may set to words.
    static let convSweepWordKeys = ["loops", "filter", "layout"]
    /// Numeric variant keys a sweep may set.
    static let gemmSweepVariantKeys = ["pad", "padA", "padB", "padC", "tile", "mr", "nr", "kc", "mc", "nc", "block"]

    /// Reads and checks an experiment file; a relative `machine:` path is taken from its folder.
    public static func load(path: String) throws -> ExperimentSpec {
        try decode(ConfigFile.read(path), file: path)
    }

    public static func decode(_ text: String, file: String) throws -> ExperimentSpec {
        let root = try YAMLNode.parse(text, file: file)
        let top = try root.mapping(allowed: topKeys)
        func req(_ k: String) throws -> YAMLNode {
            guard let v = top[k] else { throw root.fail("missing key `\(k)`") }
            return v
        }
        let kernelNode = try req("kernel")
        let kernel = try kernelNode.choice(Kernel.self)
        let mNode = try req("machine")
        let machine = try MachineSpec.resolve(
            try mNode.string(), relativeTo: PathText.directory(file),
            file: file, line: mNode.line)
        let shapeKeys = kernel == .gemm ? gemmShapeKeys : convShapeKeys
        let shapeNode = try req("shape")
        var shape: [String: Int] = [:]
        for (k, v) in try shapeNode.mapping(allowed: shapeKeys) {
            shape[k] = try v.int(min: k == "padding" ? 0 : 1, max: 1 << 24)
        }
        let defaults: [String: Int] = kernel == .gemm ? [:] : ["n": 1, "stride": 1, "padding": 0, "r": 1, "s": 1]
        shape.merge(defaults) { a, _ in a }
        var elem = ElementType.f32
        if let e = top["element"] { elem = try e.choice(ElementType.self) }
        let vNodes = try req("variants").sequence()
        if vNodes.isEmpty { throw try req("variants").fail("needs at least one variant") }
        var variants: [VariantSpec] = []
        for v in vNodes {
            if kernel == .gemm, case .mapping = v.node,
                let f = try v.mapping(allowed: gemmVariantKeys + ["filter"])["filter"]
            {
                throw f.fail("`filter` (a permutation of k c r s) applies to convolution variants only")
            }
            let m = try v.mapping(allowed: kernel == .gemm ? gemmVariantKeys : convVariantKeys)
            guard let name = try m["name"]?.string() else { throw v.fail("a variant needs a `name`") }
            if variants.contains(where: { $0.name == name }) { throw v.fail("variant name `\(name)` is used twice") }
            // A key of another algorithm is a mistake, not a no-op: refused where it is written.
            // An algorithm this does not know is `run`'s error, naming the ones it knows.
            if let a = try m["algorithm"].map({ try $0.string() })
                ?? Optional(VariantAlgorithm.standard(for: kernel).rawValue),
                let algorithm = VariantAlgorithm.named(a, kernel: kernel)
            {
                for (k, n) in m where !algorithm.takes(k) { throw n.fail(algorithm.refusal(of: k)) }
            }
            var values: [String: String] = [:]
            for (k, n) in m {
                if case .mapping = n.node, k == "tile" {
                    let t = try n.mapping(allowed: ["m", "n", "k"])
                    for (tk, tv) in t { values["tile.\(tk)"] = String(try tv.int(min: 1)) }
                } else if k == "base" || k == "gemm" {
                    let what = k == "base" ? "Strassen's base" : "a convolution's GEMM"
                    for (bk, bv) in try gemmValues(n, k, what) { values["\(k).\(bk)"] = bv }
                } else {
                    values[k] = try n.string()
                }
            }
            variants.append(VariantSpec(name: name, line: v.line, path: v.path, values: values))
        }
        var sweep: [(key: String, values: [SweepValue])] = []
        if let s = top["sweep"] {
            let words = kernel == .gemm ? [] : convSweepWordKeys
            let allowed =
                kernel == .gemm ? gemmShapeKeys + ["size"] + gemmSweepVariantKeys : convShapeKeys + ["size"] + words
            for (k, n) in try s.orderedPairs() {
                guard allowed.contains(k) else {
                    throw n.fail("cannot sweep `\(k)`; sweepable keys: \(allowed.joined(separator: ", "))")
                }
                let vals: [SweepValue] = try n.sequence().map {
                    guard words.contains(k) else { return .int(try $0.int(min: 0, max: 1 << 24)) }
                    // A nine-letter nest keeps its case: `K` and `C` are the block loops.
                    let word = try $0.string()
                    return .text(k == "loops" && word.count == 9 ? word : word.lowercased())
                }
                if vals.isEmpty { throw n.fail("needs at least one value") }
                if Set(vals).count != vals.count { throw n.fail("lists a value twice") }
                sweep.append((k, vals))
            }
        }
        let runCount = sweep.reduce(Double(variants.count)) { $0 * Double($1.values.count) }
        if runCount > 100_000 {
            throw (top["sweep"] ?? root).fail(
                "the sweep makes \(String(format: "%.3g", runCount)) runs (variants x points); at most 100,000")
        }
        let events = try top["events"]?.sequence().map { try $0.string() } ?? []
        let reps = try top["repetitions"]?.int(min: 1, max: 1000) ?? 5
        let nameNode = try req("name")
        let name = try nameNode.string()
        if let p = SafeName.problem(name) { throw nameNode.fail(p) }
        var spec = ExperimentSpec(
            name: name, description: try top["description"]?.string(), file: file, machine: machine, kernel: kernel,
            shape: shape,
            element: elem, variants: variants, sweep: sweep, events: events, repetitions: reps)
        if let c = top["claim"] { spec.claims = try decodeClaims(c, spec: spec) }
        // `groups` and `dilation` default to 1 without entering the shape, so documents of
        // experiments that do not write them keep their shape as it was.
        for k in shapeKeys where spec.shape[k] == nil && !["groups", "dilation"].contains(k) {
            let swept = spec.sweep.contains {
                $0.key == k || ($0.key == "size" && ["m", "n", "k", "h", "w"].contains(k))
            }
            if !swept { throw shapeNode.fail("missing shape key `\(k)`") }
        }
        // Check every run up front: bad blocking or shapes fail before any work starts.
        spec.runs = try spec.resolveRuns()
        let total = spec.totalAccesses()
        if total > ExperimentSpec.totalAccessLimit {
            throw root.fail(
                """
                the sweep would make about \(String(format: "%.2g", total)) accesses (limit 1e15, even with \
                warping); shrink the shapes or the sweep
                """
            )
        }
        return spec
    }

    /// A Strassen variant's `base:` (the GEMM that computes its products) or an im2col or gemm1x1
    /// variant's `gemm:` (the GEMM it calls), named `key`, `what` in messages: a mapping with the keys
    /// of one GEMM algorithm other than Strassen (`algorithm`, naive by default, and that algorithm's
    /// own keys, `tile` as a number or a mapping), as their values. Layouts are not among them.
    static func gemmValues(_ node: YAMLNode, _ key: String, _ what: String) throws -> [String: String] {
        let keys = ["algorithm"] + VariantAlgorithm.allCases.filter { $0.kernel == .gemm }.flatMap(\.ownKeys)
        let m = try node.mapping(allowed: Array(Set(keys)).sorted())
        let a = try m["algorithm"]?.string() ?? "naive"
        guard let algorithm = VariantAlgorithm.named(a, kernel: .gemm), algorithm != .strassen else {
            let names = VariantAlgorithm.allCases.filter { $0.kernel == .gemm && $0 != .strassen }.map(\.rawValue)
            throw (m["algorithm"] ?? node).fail(
                "`\(a)` cannot be \(what); one of " + names.joined(separator: " | "))
        }
        var values: [String: String] = [:]
        for (k, n) in m {
            guard k == "algorithm" || algorithm.ownKeys.contains(k) else {
                throw n.fail("\(key): " + algorithm.refusal(of: k))
            }
            if case .mapping = n.node, k == "tile" {
                for (tk, tv) in try n.mapping(allowed: ["m", "n", "k"]) {
                    values["tile.\(tk)"] = String(try tv.int(min: 1))
                }
            } else {
                values[k] = try n.string()
            }
        }
        return values
    }

    /// `claim:` as one mapping or a list of them; each names a variant of this experiment, and a
    /// level of its machine where the metric needs one.
    static func decodeClaims(_ node: YAMLNode, spec: ExperimentSpec) throws -> [Claim] {
        let nodes: [YAMLNode]
        if case .mapping = node.node { nodes = [node] } else { nodes = try node.sequence() }
        return try nodes.map { n in
            let m = try n.mapping(
                allowed: ["text", "metric", "variant", "value", "level", "baseline", "tolerance", "compare"])
            func req(_ k: String) throws -> YAMLNode {
                guard let v = m[k] else { throw n.fail("a claim needs `\(k)`") }
                return v
            }
            func variant(_ v: YAMLNode) throws -> String {
                let name = try v.string()
                guard spec.variants.contains(where: { $0.name == name }) else {
                    throw v.fail("no variant `\(name)`; variants: \(spec.variants.map(\.name).joined(separator: ", "))")
                }
                return name
            }
            let metric = try req("metric").choice(Claim.Metric.self)
            if spec.kernel != .gemm && (metric == .accessesPerMNK || metric == .missesPerMNK) {
                throw try req("metric").fail("\(metric.rawValue) needs a GEMM experiment")
            }
            let valueNode = try req("value")
            let value = try valueNode.number(min: 0)
            if let p = Claim.valueProblem(value) { throw valueNode.fail(p) }
            var claim = Claim(
                text: try req("text").string(), metric: metric, variant: try variant(try req("variant")),
                value: value)
            if let l = m["level"] {
                let name = try l.string()
                guard spec.machine.levels.contains(where: { $0.name == name }) else {
                    throw l.fail(
                        """
                        no level `\(name)` in machine \(spec.machine.name); levels: \
                        \(spec.machine.levels.map(\.name).joined(separator: ", "))
                        """
                    )
                }
                claim.level = name
            } else if metric.needsLevel {
                throw n.fail("a \(metric.rawValue) claim needs `level`")
            }
            if let b = m["baseline"] {
                claim.baseline = try variant(b)
            } else if metric.needsBaseline {
                throw n.fail("a \(metric.rawValue) claim needs `baseline`")
            }
            if let t = m["tolerance"] {
                claim.tolerance = try t.number(min: 0)
                if let p = Claim.toleranceProblem(claim.tolerance) { throw t.fail(p) }
            }
            if let x = m["compare"] {
                claim.compare = try x.choice(Claim.Compare.self)
                if claim.compare != .within, let t = m["tolerance"] {
                    throw t.fail("`tolerance` applies to `compare: within`; at-least and at-most compare exactly")
                }
            }
            return claim
        }
    }
}
