import CacheSim
import LayoutConfig

extension ReportInput {
    /// Reads one document; `file` names it in errors, with the JSON path of what was wrong.
    public static func decode(_ j: JSON, file: String) throws -> ReportInput {
        let d = FieldReader(file: file)
        guard j.object != nil else { throw d.fail("", "expected a JSON object at the top level (a results document from simulate, measure or replay --json)") }
        if j["experiment"] == nil && j["levels"] != nil { return try decodeReplay(j, d) }
        guard let name = j["experiment"] else { throw d.fail("", "missing `experiment` (not a simulate, measure or replay --json document)") }
        let runs = try d.array(j["runs"], "runs")
        let (machineName, levels) = try d.machine(j["machine"], "machine")
        var out = ReportInput(file: file, kind: .simulate, experiment: try d.string(name, "experiment"), machineName: machineName,
                              machine: levels, description: j["description"]?.string, kernel: j["kernel"]?.string,
                              element: j["element"]?.string,
                              shape: try j["shape"]?.object?.map { ($0.0, Int(try d.count($0.1, "shape.\($0.0)"))) } ?? [],
                              sweep: j["sweep"]?.object?.map { ($0.0, $0.1.array?.compactMap(sweepValue) ?? []) } ?? [],
                              variants: j["variants"]?.array?.map { $0.object?.map { ($0.0, $0.1.string ?? "") } ?? [] } ?? [],
                              claims: try (j["claims"]?.array ?? []).enumerated().map { try d.claim($1, "claims[\($0)]") },
                              version: j["layoutlab"]?.string, command: j["command"]?.string, runs: [], crossCheck: j["crossCheck"])
        if runs.isEmpty { throw d.fail("runs", "the document has no runs") }
        out.threeC = !runs.contains { $0["levels"]?.array?.first?["compulsory"] == JSON.null }
        for (i, r) in runs.enumerated() {
            let at = "runs[\(i)]"
            guard r.object != nil else { throw d.fail(at, "expected an object") }
            let lr = try d.levels(r["levels"], "\(at).levels", machine: levels)
            let measured: [(event: String, median: Double?, reason: String?)] = r["measured"]?.object?.map { e, x in
                (e, x["status"]?.string == "ok" ? x["median"]?.double : nil, x["reason"]?.string)
            } ?? []
            if !measured.isEmpty { out.kind = .measure }
            var model: [String: UInt64]?
            if let m = r["model"], m != .null {
                guard let o = m.object else { throw d.fail("\(at).model", "expected an object of level -> predicted misses") }
                model = try o.reduce(into: [:]) { acc, kv in if kv.1 != .null { acc[kv.0] = try d.count(kv.1, "\(at).model.\(kv.0)") } }
            }
            out.runs.append(Run(variant: try d.string(r["variant"], "\(at).variant"),
                                point: r["point"]?.object?.reduce(into: [:]) { $0[$1.0] = sweepValue($1.1) } ?? [:],
                                accesses: try d.count(r["accesses"], "\(at).accesses"),
                                footprint: try d.optionalCount(r["footprintBytes"], "\(at).footprintBytes") ?? 0, levels: lr,
                                model: model, modelNote: r["modelNote"]?.string,
                                measured: measured, simulatedPages: try d.optionalCount(r["simulatedPages"], "\(at).simulatedPages").map { Int($0) },
                                predictedFaults: try d.optionalCount(r["predictedFaults"], "\(at).predictedFaults").map { Int($0) },
                                wallMedian: r["wallSeconds"]?["median"]?.double))
            if let w = r["warp"], w != .null {
                out.runs[out.runs.count - 1].warp = (try d.count(w["skippedAccesses"], "\(at).warp.skippedAccesses"),
                                                     try d.count(w["explicitAccesses"], "\(at).warp.explicitAccesses"),
                                                     try d.count(w["period"], "\(at).warp.period"))
            }
        }
        return out
    }

    /// A `replay --json` document: one run, named after the trace.
    static func decodeReplay(_ j: JSON, _ d: FieldReader) throws -> ReportInput {
        let named = try j["machine"].map { try d.machine($0, "machine") }
        let names = try d.array(j["levels"], "levels").enumerated().map { try d.levelName($1["name"], "levels[\($0)].name") }
        let (machineName, levels) = named ?? ("?", names.map {
            Level(name: $0, size: 0, line: 0, ways: 0, sets: 0, policy: "?", write: "?", inclusion: "?", prefetch: "?")
        })
        let trace = j["trace"]?.string ?? d.file
        var out = ReportInput(file: d.file, kind: .replay, experiment: trace, machineName: machineName, machine: levels,
                              description: nil, kernel: nil, element: nil, shape: [], sweep: [], variants: [], claims: [],
                              version: j["layoutlab"]?.string, command: j["command"]?.string, runs: [], crossCheck: nil)
        out.threeC = j["levels"]?.array?.first?["compulsory"] != JSON.null
        out.traceFormat = j["format"]?.string
        out.skipped = try d.optionalCount(j["skipped"], "skipped")
        out.instructions = try d.optionalCount(j["instructions"], "instructions")
        out.runs = [Run(variant: trace, point: [:], accesses: try d.count(j["accesses"], "accesses"), footprint: 0,
                        levels: try d.levels(j["levels"], "levels", machine: levels), model: nil, measured: [])]
        return out
    }

    /// A sweep value from JSON: a number or a word.
    static func sweepValue(_ j: JSON) -> SweepValue? {
        if let s = j.string { return .text(s) }
        return j.uint64.map { .int(Int($0)) }
    }
}

/// Typed reads of a results document's fields, each failing with the file and the JSON path.
struct FieldReader {
    let file: String

    func fail(_ path: String, _ what: String) -> ReportError {
        ReportError(path.isEmpty ? "\(file): \(what)" : "\(file): \(path): \(what)")
    }

    func describe(_ j: JSON) -> String {
        switch j {
        case .string(let s): return "the string \"\(s.prefix(40))\""
        case .int(let v): return "\(v)"
        case .double(let v): return "\(v)"
        case .uint(let v): return "\(v)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    func string(_ j: JSON?, _ path: String) throws -> String {
        guard let j else { throw fail(path, "missing") }
        guard let s = j.string else { throw fail(path, "expected a string, got \(describe(j))") }
        return s
    }

    /// A level's name: it becomes part of chart file names, so it follows the rule for names
    /// from machine files (`SafeName`: no `/`, not `.` or `..`, no control characters).
    func levelName(_ j: JSON?, _ path: String) throws -> String {
        let s = try string(j, path)
        if let why = SafeName.problem(s) { throw fail(path, "level name \(why)") }
        return s
    }

    func array(_ j: JSON?, _ path: String) throws -> [JSON] {
        guard let j else { throw fail(path, "missing") }
        guard let a = j.array else { throw fail(path, "expected a list, got \(describe(j))") }
        return a
    }

    /// A count: a non-negative integer that fits 64 bits.
    func count(_ j: JSON?, _ path: String) throws -> UInt64 {
        guard let j else { throw fail(path, "missing") }
        switch j {
        case .uint(let v): return v
        case .int(let v) where v >= 0: return UInt64(v)
        case .double(let v) where v >= 0 && v == v.rounded() && v < 0x1p64: return UInt64(v)
        default: throw fail(path, "expected a non-negative integer count, got \(describe(j))")
        }
    }

    func optionalCount(_ j: JSON?, _ path: String) throws -> UInt64? {
        guard let j, j != .null else { return nil }
        return try count(j, path)
    }

    /// `{"name", "levels": [geometry...]}`.
    func machine(_ j: JSON?, _ path: String) throws -> (String, [ReportInput.Level]) {
        guard let j, j.object != nil else { throw fail(path, "missing or not an object (expected {\"name\", \"levels\"})") }
        let ls = try array(j["levels"], "\(path).levels")
        if ls.isEmpty { throw fail("\(path).levels", "the machine has no levels") }
        let levels = try ls.enumerated().map { i, l in
            let at = "\(path).levels[\(i)]"
            func n(_ k: String) throws -> Int { Int(clamping: try count(l[k], "\(at).\(k)")) }
            return ReportInput.Level(name: try levelName(l["name"], "\(at).name"), size: try n("size"), line: try n("line"), ways: try n("ways"),
                                     sets: try n("sets"), policy: l["policy"]?.string ?? "?",
                                     write: (l["write"]?.string ?? "?") + ((l["allocate"] == .bool(true)) ? "+allocate" : ""),
                                     inclusion: l["side"]?.string == "instruction" ? "instruction side" : l["inclusion"]?.string ?? "nine", prefetch: l["prefetch"]?.string ?? "none")
        }
        return (try j["name"].map { try string($0, "\(path).name") } ?? "?", levels)
    }

    /// A run's `levels`, one per level of its machine, in order.
    func levels(_ j: JSON?, _ path: String, machine: [ReportInput.Level]) throws -> [ReportInput.LevelResult] {
        let ls = try array(j, path)
        guard ls.count == machine.count else {
            throw fail(path, "\(ls.count) level(s), but the machine has \(machine.count) (\(machine.map(\.name).joined(separator: ", ")))")
        }
        return try ls.enumerated().map { i, l in
            let at = "\(path)[\(i)]"
            let name = try string(l["name"], "\(at).name")
            guard name == machine[i].name else { throw fail("\(at).name", "`\(name)`, but the machine's level \(i + 1) is `\(machine[i].name)`") }
            let regions = try (l["regions"]?.object ?? []).map { (name: $0.0, c: try counters($0.1, "\(at).regions.\($0.0)")) }
            return ReportInput.LevelResult(name: name, c: try counters(l, at), regions: regions,
                                           flushedWritebacks: try optionalCount(l["flushed"]?["writebacks"], "\(at).flushed.writebacks") ?? 0)
        }
    }

    /// A counter block; 3C counters may be null (not computed).
    func counters(_ j: JSON, _ path: String) throws -> LevelCounters {
        guard j.object != nil else { throw fail(path, "expected an object of counters, got \(describe(j))") }
        for k in ["accesses", "hits", "misses", "loadMisses", "storeMisses", "writebacks", "compulsory", "capacity", "conflict",
                  "prefetches", "loads", "stores", "usefulPrefetches", "bytesRead", "bytesWritten", "backInvalidations"] {
            _ = try optionalCount(j[k], "\(path).\(k)")
        }
        let c = StatsJSON.decodeCounters(j)
        if let m = j["misses"]?.uint64, m != c.misses { throw fail("\(path).misses", "\(m) is not loadMisses + storeMisses (\(c.misses))") }
        if c.misses > c.accesses { throw fail("\(path).misses", "\(c.misses) misses exceed \(c.accesses) accesses") }
        return c
    }

    func claim(_ j: JSON, _ path: String) throws -> Claim {
        guard let m = Claim.Metric(rawValue: try string(j["metric"], "\(path).metric")) else { throw fail("\(path).metric", "unknown metric") }
        guard let v = j["value"]?.double else { throw fail("\(path).value", "expected a number") }
        return Claim(text: try string(j["text"], "\(path).text"), metric: m, variant: try string(j["variant"], "\(path).variant"),
                     value: v, level: j["level"]?.string, baseline: j["baseline"]?.string, tolerance: j["tolerance"]?.double ?? 0.05)
    }
}
