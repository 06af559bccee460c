import CacheSim
import LayoutConfig

extension ReportInput {
    /// Reads one document; `file` names it in errors, with the JSON path of what was wrong.
    /// Every number is range-checked here (`ReportInput+Limits.swift`) and every sum of counters
    /// the report makes (accesses and warped accesses over the runs) is checked to fit 64 bits.
    public static func decode(_ j: JSON, file: String) throws -> ReportInput {
        let d = FieldReader(file: file)
        let what = "(a results document from simulate, measure or replay --json)"
        guard j.object != nil else { throw d.fail("", "expected a JSON object at the top level \(what)") }
        if j["experiment"] == nil && j["levels"] != nil { return try decodeReplay(j, d) }
        guard let name = j["experiment"] else { throw d.fail("", "missing `experiment` \(what)") }
        let runs = try d.array(j["runs"], "runs")
        let (machineName, levels) = try d.machine(j["machine"], "machine")
        let performance = try d.performance(j["machine"], "machine", levels: levels)
        let variants = try d.variants(j["variants"], "variants")
        let variantNames = variants.compactMap { v in v.first { $0.0 == "name" }?.1 }
        var out = ReportInput(
            file: file, kind: .simulate, experiment: try d.string(name, "experiment"),
            machineName: machineName, machine: levels,
            description: try d.optionalString(j["description"], "description"),
            kernel: try d.optionalString(j["kernel"], "kernel"),
            element: try d.optionalString(j["element"], "element"),
            shape: try shape(j["shape"], d), sweep: try sweep(j["sweep"], d), variants: variants,
            claims: [], version: j["layoutlab"]?.string, command: j["command"]?.string, runs: [],
            crossCheck: try crossCheck(j["crossCheck"], d))
        if runs.isEmpty { throw d.fail("runs", "the document has no runs") }
        out.performance = performance
        out.threeC = !runs.contains { $0["levels"]?.array?.first?["compulsory"] == JSON.null }
        for (i, r) in runs.enumerated() {
            out.runs.append(try run(r, "runs[\(i)]", d, machine: levels))
            if !out.runs[i].measured.isEmpty { out.kind = .measure }
        }
        // A claim names a variant the document lists (or, in one without `variants`, one it ran).
        let known = variantNames.isEmpty ? out.runs.map(\.variant) : variantNames
        let claims = try j["claims"].flatMap { $0 == .null ? nil : try d.array($0, "claims") } ?? []
        out.claims = try claims.enumerated().map {
            try d.claim($1, "claims[\($0)]", variants: known, levels: levels.map(\.name))
        }
        _ = try d.sum(out.runs.enumerated().map { ($1.accesses, "runs[\($0)].accesses") }, what: "runs' accesses")
        let skipped = out.runs.enumerated().compactMap { i, r in
            r.warp.map { ($0.skipped, "runs[\(i)].warp.skippedAccesses") }
        }
        _ = try d.sum(skipped, what: "runs' skipped accesses")
        return out
    }

    /// One entry of `runs`.
    static func run(_ r: JSON, _ at: String, _ d: FieldReader, machine levels: [Level]) throws -> Run {
        guard r.object != nil else { throw d.fail(at, "expected an object, got \(d.describe(r))") }
        let lr = try d.levels(r["levels"], "\(at).levels", machine: levels)
        var measured: [(event: String, median: Double?, reason: String?)] = []
        if let m = r["measured"], m != .null {
            for (e, x) in try d.object(m, "\(at).measured") {
                let ok = x["status"]?.string == "ok"
                let path = "\(at).measured.\(e).median"
                let median = ok ? try d.number(x["median"], path, in: -maxMedian...maxMedian) : nil
                measured.append((e, median, x["reason"]?.string))
            }
        }
        var model: [String: UInt64]?
        if let m = r["model"], m != .null {
            guard let o = m.object else {
                throw d.fail("\(at).model", "expected an object of level -> predicted misses")
            }
            model = try o.reduce(into: [:]) { acc, kv in
                if kv.1 != .null { acc[kv.0] = try d.count(kv.1, "\(at).model.\(kv.0)") }
            }
        }
        let wall = r["wallSeconds"]?["median"].flatMap { $0 == .null ? nil : $0 }
        let pages = UInt64(maxPages)
        var run = Run(
            variant: try d.string(r["variant"], "\(at).variant"),
            point: try d.point(r["point"], "\(at).point"),
            accesses: try d.count(r["accesses"], "\(at).accesses"),
            footprint: try d.optionalCount(r["footprintBytes"], "\(at).footprintBytes") ?? 0, levels: lr,
            model: model, modelNote: r["modelNote"]?.string, measured: measured,
            simulatedPages: try d.optionalCount(r["simulatedPages"], "\(at).simulatedPages", max: pages)
                .map { Int($0) },
            predictedFaults: try d.optionalCount(r["predictedFaults"], "\(at).predictedFaults", max: pages)
                .map { Int($0) },
            wallMedian: try wall.map { try d.number($0, "\(at).wallSeconds.median", in: 0...maxSeconds) })
        if let w = r["warp"], w != .null {
            run.warp = (
                try d.count(w["skippedAccesses"], "\(at).warp.skippedAccesses"),
                try d.count(w["explicitAccesses"], "\(at).warp.explicitAccesses"),
                try d.count(w["period"], "\(at).warp.period")
            )
        }
        if let c = r["cost"], c != .null { run.cost = try cost(c, "\(at).cost", d) }
        run.costNote = try d.optionalString(r["costNote"], "\(at).costNote")
        return run
    }

    /// A run's `cost`: every figure finite and from 0 to `maxCycles` (GFLOP/s to `maxGflops`).
    static func cost(_ c: JSON, _ at: String, _ d: FieldReader) throws -> RunCost {
        func cycles(_ j: JSON?, _ path: String) throws -> Double { try d.number(j, path, in: 0...maxCycles) }
        let boundaries = try d.array(c["boundaries"], "\(at).boundaries").enumerated().map { i, b in
            (
                name: try d.string(b["name"], "\(at).boundaries[\(i)].name"),
                cycles: try cycles(b["cycles"], "\(at).boundaries[\(i)].cycles")
            )
        }
        var cost = RunCost(
            unit: try d.string(c["unit"], "\(at).unit"),
            roofline: try cycles(c["roofline"]?["cycles"], "\(at).roofline.cycles"),
            rooflineBound: try d.string(c["roofline"]?["bound"], "\(at).roofline.bound"),
            ecm: try cycles(c["ecm"]?["cycles"], "\(at).ecm.cycles"),
            overlap: try cycles(c["ecm"]?["overlap"], "\(at).ecm.overlap"),
            nonOverlap: try cycles(c["ecm"]?["nonOverlap"], "\(at).ecm.nonOverlap"),
            boundaries: boundaries,
            ecmGflops: try d.number(c["ecm"]?["gflops"], "\(at).ecm.gflops", in: 0...maxGflops))
        try costFigures(c, at, d, into: &cost)
        return cost
    }

    /// `shape`: dimension -> a whole number up to `maxShapeValue`.
    static func shape(_ j: JSON?, _ d: FieldReader) throws -> [(String, Int)] {
        guard let j, j != .null else { return [] }
        var seen: Set<String> = []
        return try d.object(j, "shape").map { k, v in
            if !seen.insert(k).inserted { throw d.fail("shape.\(k)", "named twice") }
            return (k, try d.int(v, "shape.\(k)", max: maxShapeValue))
        }
    }

    /// `sweep`: axis -> its values (words, or whole numbers up to `maxShapeValue`), each once.
    static func sweep(_ j: JSON?, _ d: FieldReader) throws -> [(key: String, values: [SweepValue])] {
        guard let j, j != .null else { return [] }
        var out: [(key: String, values: [SweepValue])] = []
        for (k, v) in try d.object(j, "sweep") {
            if out.contains(where: { $0.key == k }) { throw d.fail("sweep.\(k)", "axis named twice") }
            let values = try d.array(v, "sweep.\(k)").enumerated().map { try d.sweepValue($1, "sweep.\(k)[\($0)]") }
            if Set(values).count != values.count { throw d.fail("sweep.\(k)", "lists a value twice") }
            out.append((k, values))
        }
        return out
    }

    /// `crossCheck` as written, its Kendall tau values checked (a number from -1 to 1, or null).
    static func crossCheck(_ j: JSON?, _ d: FieldReader) throws -> JSON? {
        guard let j, j != .null else { return nil }
        for (i, t) in (j["kendallTau"]?.array ?? []).enumerated() {
            if let tau = t["tau"], tau != .null { _ = try d.number(tau, "crossCheck.kendallTau[\(i)].tau", in: -1...1) }
        }
        return j
    }

    /// A `replay --json` document: one run, named after the trace.
    static func decodeReplay(_ j: JSON, _ d: FieldReader) throws -> ReportInput {
        let named = try j["machine"].map { try d.machine($0, "machine") }
        let names = try d.array(j["levels"], "levels").enumerated().map {
            try d.levelName($1["name"], "levels[\($0)].name")
        }
        let (machineName, levels) =
            named ?? (
                "?",
                names.map {
                    Level(
                        name: $0, size: 0, line: 0, ways: 0, sets: 0, policy: "?", write: "?", inclusion: "?",
                        prefetch: "?")
                }
            )
        let trace = try d.optionalString(j["trace"], "trace") ?? d.file
        var out = ReportInput(
            file: d.file, kind: .replay, experiment: trace, machineName: machineName, machine: levels,
            description: nil, kernel: nil, element: nil, shape: [], sweep: [], variants: [], claims: [],
            version: j["layoutlab"]?.string, command: j["command"]?.string, runs: [], crossCheck: nil)
        out.threeC = j["levels"]?.array?.first?["compulsory"] != JSON.null
        out.traceFormat = j["format"]?.string
        out.skipped = try d.optionalCount(j["skipped"], "skipped")
        out.instructions = try d.optionalCount(j["instructions"], "instructions")
        out.runs = [
            Run(
                variant: trace, point: [:], accesses: try d.count(j["accesses"], "accesses"), footprint: 0,
                levels: try d.levels(j["levels"], "levels", machine: levels), model: nil, measured: [])
        ]
        return out
    }
}
