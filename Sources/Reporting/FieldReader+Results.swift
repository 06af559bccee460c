import CacheSim
import LayoutConfig
import SafeIO

/// The parts of a results document: machine, run levels and counters, variants and claims,
/// each read with its JSON path and checked against the limits in `ReportInput+Limits.swift`.
extension FieldReader {
    /// A level's name: it becomes part of chart file names, so it follows the rule for names
    /// from machine files (`SafeName`: no `/`, not `.` or `..`, no control characters).
    func levelName(_ j: JSON?, _ path: String) throws -> String {
        let s = try string(j, path)
        if let why = SafeName.problem(s) { throw fail(path, "level name \(why)") }
        return s
    }

    /// `{"name", "levels": [geometry...]}`.
    func machine(_ j: JSON?, _ path: String) throws -> (String, [ReportInput.Level]) {
        guard let j, j.object != nil else {
            throw fail(path, "missing or not an object (expected {\"name\", \"levels\"})")
        }
        let ls = try array(j["levels"], "\(path).levels")
        if ls.isEmpty { throw fail("\(path).levels", "the machine has no levels") }
        if ls.count > ReportInput.maxLevels {
            throw fail("\(path).levels", "\(ls.count) levels; at most \(ReportInput.maxLevels)")
        }
        var names: Set<String> = []
        let levels = try ls.enumerated().map { i, l in
            let at = "\(path).levels[\(i)]"
            guard l.object != nil else { throw fail(at, "expected an object, got \(describe(l))") }
            func n(_ k: String, _ max: Int) throws -> Int { try int(l[k], "\(at).\(k)", max: max) }
            let name = try levelName(l["name"], "\(at).name")
            if !names.insert(name).inserted { throw fail("\(at).name", "level name used twice") }
            let g = ReportInput.Geometry.self
            let allocate = l["allocate"] == .bool(true) ? "+allocate" : ""
            return ReportInput.Level(
                name: name, size: try n("size", g.size), line: try n("line", g.line),
                ways: try n("ways", g.ways), sets: try n("sets", g.sets),
                policy: l["policy"]?.string ?? "?",
                write: (l["write"]?.string ?? "?") + allocate,
                inclusion: l["side"]?.string == "instruction"
                    ? "instruction side"
                    : l["inclusion"]?.string ?? "nine",
                prefetch: l["prefetch"]?.string ?? "none")
        }
        return (try j["name"].map { try string($0, "\(path).name") } ?? "?", levels)
    }

    /// A run's `levels`, one per level of its machine, in order.
    func levels(_ j: JSON?, _ path: String, machine: [ReportInput.Level]) throws -> [ReportInput.LevelResult] {
        let ls = try array(j, path)
        guard ls.count == machine.count else {
            let names = machine.map(\.name).joined(separator: ", ")
            throw fail(
                path,
                "\(ls.count) level(s), but the machine has \(machine.count) "
                    + "(\(TerminalText.escape(names)))")
        }
        return try ls.enumerated().map { i, l in
            let at = "\(path)[\(i)]"
            let name = try string(l["name"], "\(at).name")
            guard name == machine[i].name else {
                throw fail(
                    "\(at).name",
                    "`\(TerminalText.escape(name))`, but the machine's level \(i + 1) is "
                        + "`\(TerminalText.escape(machine[i].name))`")
            }
            var regions: [(name: String, c: LevelCounters)] = []
            if let rj = l["regions"], rj != .null {
                for (k, v) in try object(rj, "\(at).regions") {
                    if regions.contains(where: { $0.name == k }) {
                        throw fail("\(at).regions.\(k)", "region named twice")
                    }
                    regions.append((k, try counters(v, "\(at).regions.\(k)")))
                }
            }
            let classified = !LevelCounters.fields.contains { $0.threeC && l[$0.name] == .null }
            return ReportInput.LevelResult(
                name: name, c: try counters(l, at), regions: regions,
                flushedWritebacks: try optionalCount(
                    l["flushed"]?["writebacks"],
                    "\(at).flushed.writebacks") ?? 0,
                flushedMisses: try optionalCount(
                    l["flushed"]?["misses"],
                    "\(at).flushed.misses") ?? 0,
                classified: classified)
        }
    }

    /// A counter block; 3C counters may be null (not computed). Sums are checked: loads + stores
    /// and loadMisses + storeMisses must fit 64 bits and agree with `accesses` and `misses`.
    func counters(_ j: JSON, _ path: String) throws -> LevelCounters {
        guard j.object != nil else { throw fail(path, "expected an object of counters, got \(describe(j))") }
        var v: [String: UInt64] = [:]
        for k in ["accesses", "hits", "misses"] + LevelCounters.fields.map(\.name) {
            v[k] = try optionalCount(j[k], "\(path).\(k)")
        }
        let c = StatsJSON.decodeCounters(j)
        _ = try sum([(c.loads, "\(path).loads"), (c.stores, "\(path).stores")], what: "loads and stores")
        _ = try sum(
            [(c.loadMisses, "\(path).loadMisses"), (c.storeMisses, "\(path).storeMisses")],
            what: "load and store misses")
        if let a = v["accesses"], (v["loads"] ?? 0) > 0 || (v["stores"] ?? 0) > 0, a != c.accesses {
            throw fail("\(path).accesses", "\(a) is not loads + stores (\(c.accesses))")
        }
        if let m = v["misses"], m != c.misses {
            throw fail("\(path).misses", "\(m) is not loadMisses + storeMisses (\(c.misses))")
        }
        if c.misses > c.accesses { throw fail("\(path).misses", "\(c.misses) misses exceed \(c.accesses) accesses") }
        if let h = v["hits"], h != c.hits { throw fail("\(path).hits", "\(h) is not accesses - misses (\(c.hits))") }
        return c
    }

    /// The experiment's variants as written (`name` and its keys, all strings). The keys the
    /// report resolves again (BLIS's `mr` and `nr`) are checked as an experiment file's are.
    func variants(_ j: JSON?, _ path: String) throws -> [[(String, String)]] {
        guard let j, j != .null else { return [] }
        var names: Set<String> = []
        return try array(j, path).enumerated().map { i, v in
            let at = "\(path)[\(i)]"
            let keys = try object(v, at).map { (k: String, x: JSON) in (k, try string(x, "\(at).\(k)")) }
            if let n = keys.first(where: { $0.0 == "name" })?.1, !names.insert(n).inserted {
                throw fail("\(at).name", "variant name `\(TerminalText.escape(n))` used twice")
            }
            for (k, x) in keys where ["mr", "nr"].contains(k) {
                guard let t = Int(x), (1...ReportInput.maxMicroTile).contains(t) else {
                    throw fail(
                        "\(at).\(k)",
                        "must be a whole number from 1 to \(ReportInput.maxMicroTile), "
                            + "got `\(TerminalText.escape(x))`")
                }
            }
            return keys
        }
    }

    /// A claim of the document: a known metric, a finite value and tolerance in range, and a
    /// variant, baseline and level that the document has.
    func claim(_ j: JSON, _ path: String, variants: [String], levels: [String]) throws -> Claim {
        guard j.object != nil else { throw fail(path, "expected an object, got \(describe(j))") }
        let metricName = try string(j["metric"], "\(path).metric")
        guard let m = Claim.Metric(rawValue: metricName) else {
            throw fail(
                "\(path).metric",
                "unknown metric `\(TerminalText.escape(metricName))`; one of "
                    + Claim.Metric.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let value = try number(j["value"], "\(path).value", in: 0...Claim.maxValue)
        let tolerance =
            try j["tolerance"].map {
                try number($0, "\(path).tolerance", in: 0...Claim.maxTolerance)
            } ?? 0.05
        func named(_ key: String, in known: [String], what: String) throws -> String? {
            guard let n = try optionalString(j[key], "\(path).\(key)") else { return nil }
            guard known.contains(n) else {
                throw fail("\(path).\(key)", "no \(what) `\(TerminalText.escape(n))` in this document")
            }
            return n
        }
        guard let variant = try named("variant", in: variants, what: "variant") else {
            throw fail("\(path).variant", "missing")
        }
        let level = try named("level", in: levels, what: "level")
        let baseline = try named("baseline", in: variants, what: "variant")
        if m.needsLevel && level == nil { throw fail("\(path).level", "a \(m.rawValue) claim needs a level") }
        if m.needsBaseline && baseline == nil {
            throw fail("\(path).baseline", "a \(m.rawValue) claim needs a baseline")
        }
        return Claim(
            text: try string(j["text"], "\(path).text"), metric: m, variant: variant, value: value,
            level: level, baseline: baseline, tolerance: tolerance)
    }
}
