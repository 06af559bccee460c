import CacheSim
import LayoutConfig

/// A results document (`simulate --json` or `measure --json`) read back for reporting.
public struct ReportInput {
    public struct Level {
        public var name: String
        public var size: Int, line: Int, ways: Int, sets: Int
        public var policy: String, write: String, inclusion: String, prefetch: String
    }
    public struct LevelResult {
        public var name: String
        public var c: LevelCounters
        public var regions: [(name: String, c: LevelCounters)]
        public var flushedWritebacks: UInt64
    }
    public struct Run {
        public var variant: String
        public var point: SweepPoint
        public var accesses: UInt64
        public var footprint: UInt64
        public var levels: [LevelResult]
        /// Predicted misses per level; a level the model does not predict (`null`) is absent.
        public var model: [String: UInt64]?
        /// event -> (median) or unavailable reason
        public var measured: [(event: String, median: Double?, reason: String?)]
        public var simulatedPages: Int?
        public var predictedFaults: Int?
        public var wallMedian: Double?
    }

    public var experiment: String
    public var machineName: String
    public var machine: [Level]
    public var description: String?
    public var kernel: String?
    public var element: String?
    public var shape: [(String, Int)]
    public var sweep: [(key: String, values: [SweepValue])]
    public var variants: [[(String, String)]]
    public var version: String?
    public var command: String?
    public var runs: [Run]
    public var crossCheck: JSON?
    /// Whether the runs kept the 3C split (`simulate --no3c` writes its counters as null).
    public var threeC = true

    /// Reads one document; `file` names it in errors.
    public static func decode(_ j: JSON, file: String) throws -> ReportInput {
        func fail(_ what: String) -> ReportError { ReportError("\(file): not a LayoutLab results document: \(what)") }
        guard let name = j["experiment"]?.string else { throw fail("missing `experiment`") }
        guard let runs = j["runs"]?.array else { throw fail("missing `runs`") }
        guard let m = j["machine"], let ml = m["levels"]?.array else { throw fail("missing `machine.levels`") }
        func int(_ x: JSON?) -> Int { Int(x?.uint64 ?? 0) }
        let levels = ml.map { l in
            Level(name: l["name"]?.string ?? "?", size: int(l["size"]), line: int(l["line"]), ways: int(l["ways"]), sets: int(l["sets"]),
                  policy: l["policy"]?.string ?? "?", write: (l["write"]?.string ?? "?") + ((l["allocate"] == .bool(true)) ? "+allocate" : ""),
                  inclusion: l["inclusion"]?.string ?? "nine", prefetch: l["prefetch"]?.string ?? "none")
        }
        var out = ReportInput(experiment: name, machineName: m["name"]?.string ?? "?", machine: levels,
                              description: j["description"]?.string, kernel: j["kernel"]?.string, element: j["element"]?.string,
                              shape: j["shape"]?.object?.map { ($0.0, int($0.1)) } ?? [],
                              sweep: j["sweep"]?.object?.map { ($0.0, $0.1.array?.compactMap(sweepValue) ?? []) } ?? [],
                              variants: j["variants"]?.array?.map { $0.object?.map { ($0.0, $0.1.string ?? "") } ?? [] } ?? [],
                              version: j["layoutlab"]?.string, command: j["command"]?.string, runs: [], crossCheck: j["crossCheck"])
        out.threeC = !runs.contains { $0["levels"]?.array?.first?["compulsory"] == JSON.null }
        for (i, r) in runs.enumerated() {
            guard let v = r["variant"]?.string, let ls = r["levels"]?.array else { throw fail("run \(i) lacks `variant` or `levels`") }
            let lr: [LevelResult] = ls.map { l in
                LevelResult(name: l["name"]?.string ?? "?", c: StatsJSON.decodeCounters(l),
                            regions: l["regions"]?.object?.map { ($0.0, StatsJSON.decodeCounters($0.1)) } ?? [],
                            flushedWritebacks: l["flushed"]?["writebacks"]?.uint64 ?? 0)
            }
            let measured: [(event: String, median: Double?, reason: String?)] = r["measured"]?.object?.map { e, x in
                (e, x["status"]?.string == "ok" ? x["median"]?.double : nil, x["reason"]?.string)
            } ?? []
            out.runs.append(Run(variant: v, point: r["point"]?.object?.reduce(into: [:]) { $0[$1.0] = sweepValue($1.1) } ?? [:],
                                accesses: r["accesses"]?.uint64 ?? 0, footprint: r["footprintBytes"]?.uint64 ?? 0, levels: lr,
                                model: r["model"]?.object?.reduce(into: [:]) { m, l in if let x = l.1.uint64 { m[l.0] = x } },
                                measured: measured, simulatedPages: r["simulatedPages"].map { int($0) },
                                predictedFaults: r["predictedFaults"].map { int($0) }, wallMedian: r["wallSeconds"]?["median"]?.double))
        }
        return out
    }

    /// A sweep value from JSON: a number or a word.
    static func sweepValue(_ j: JSON) -> SweepValue? {
        if let s = j.string { return .text(s) }
        return j.uint64.map { .int(Int($0)) } ?? j.double.map { .int(Int($0)) }
    }

    /// "n=256 m=64" for a sweep point; "-" when there is none.
    public static func pointText(_ p: SweepPoint) -> String {
        p.isEmpty ? "-" : p.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
