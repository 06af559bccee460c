import LayoutConfig
import Reporting
import ResultsSchema
import SafeIO

/// `layoutlab merge`: the partial documents of one sharded sweep (`simulate --shard`) joined
/// into the document an unsharded `simulate --json` writes: runs in the sweep's order, each
/// carried through as read (so every field a run has survives), the command line aside.
/// Every shard of one sweep must be given exactly once.
public enum MergeJob {
    /// One partial document and what its `shard` entry says.
    struct Part {
        var file: String
        var doc: JSON
        var shard: SweepShard
        var totalRuns: Int
        var fingerprint: String
        var flags: [String]
        var runs: [JSON]

        init(_ doc: JSON, file: String) throws {
            self.file = file
            self.doc = doc
            guard let s = doc["shard"], s.object != nil else {
                throw LayoutLabError(
                    """
                    \(file): not a shard (no `shard` entry); merge takes the partial documents `simulate --shard \
                    INDEX/COUNT --json` writes
                    """
                )
            }
            let d = FieldReader(file: file)
            let t = try d.int(s["totalRuns"], "shard.totalRuns", max: Self.maxRuns)
            let n = try d.int(s["count"], "shard.count", max: Self.maxRuns)
            let i = try d.int(s["index"], "shard.index", max: Self.maxRuns)
            if n < 1 || n > t { throw d.fail("shard.count", "\(n), but COUNT must be from 1 to totalRuns (\(t))") }
            if i >= n { throw d.fail("shard.index", "\(i), but INDEX must be below COUNT (\(n))") }
            fingerprint = try d.string(s["fingerprint"], "shard.fingerprint")
            runs = try d.array(doc["runs"], "runs")
            shard = try SweepShard(index: i, count: n)
            totalRuns = t
            flags = try (s["flags"].map { try d.array($0, "shard.flags") } ?? []).enumerated().map {
                try d.string($1, "shard.flags[\($0)]")
            }
            let expected = shard.runCount(of: totalRuns)
            if runs.count != expected {
                throw LayoutLabError(
                    """
                    \(file): holds \(runs.count) run(s), but shard \(shard.text) of a sweep of \(totalRuns) runs \
                    has \(expected)
                    """
                )
            }
            try checkRuns(try ReportInput.decode(doc, file: file), d)
        }

        /// The most runs a sweep has (experiments allow 100,000; shards of older sweeps 1,000,000).
        static let maxRuns = 1_000_000

        /// Each run is the one the experiment recorded in the shard (its `sweep` and `variants`)
        /// has at that position: run `n` of shard INDEX/COUNT is the sweep's run INDEX + n * COUNT,
        /// points outermost (the first axis slowest), then variants. So a shard carrying another
        /// shard's runs, or a sweep smaller than its experiment, is refused by name.
        func checkRuns(_ input: ReportInput, _ d: FieldReader) throws {
            let names = try input.variants.enumerated().map { i, v in
                guard let n = v.first(where: { $0.0 == "name" })?.1 else {
                    throw d.fail("variants[\(i)].name", "missing")
                }
                return n
            }
            if names.isEmpty { throw d.fail("variants", "missing or empty: a shard records its experiment's variants") }
            let sizes = input.sweep.map(\.values.count)
            let points = sizes.reduce(1.0) { $0 * Double($1) }
            if points * Double(names.count) != Double(totalRuns) {
                throw d.fail(
                    "shard.totalRuns",
                    "\(totalRuns), but the experiment recorded here has "
                        + "\(String(format: "%.0f", points * Double(names.count))) run(s) "
                        + "(\(names.count) variant(s) x \(String(format: "%.0f", points)) point(s))")
            }
            for (n, r) in input.runs.enumerated() {
                let position = shard.position(ofRun: n)
                var q = position / names.count
                var point: SweepPoint = [:]
                for (axis, size) in zip(input.sweep, sizes).reversed() {
                    point[axis.key] = axis.values[q % size]
                    q /= size
                }
                let what =
                    "run \(position) of the sweep (shard \(shard.text) holds runs \(shard.index), "
                    + "\(shard.index + shard.count), ...)"
                if r.variant != names[position % names.count] {
                    throw d.fail(
                        "runs[\(n)].variant",
                        "`\(TerminalText.escape(r.variant))`, but \(what) is variant "
                            + "`\(TerminalText.escape(names[position % names.count]))`")
                }
                if r.point != point {
                    let (got, want) = (ReportInput.pointText(r.point), ReportInput.pointText(point))
                    throw d.fail(
                        "runs[\(n)].point",
                        "\(TerminalText.escape(got)), but \(what) is at \(TerminalText.escape(want))")
                }
            }
        }

        /// Why `self` is not a shard of the same sweep as `first`, or nil.
        func foreign(to first: Part) -> String? {
            let what: [(String, (Part) -> String)] = [
                ("experiment", { $0.doc["experiment"]?.string ?? "?" }),
                ("machine", { $0.doc["machine"]?["name"]?.string ?? "?" }),
                ("LayoutLab version", { $0.doc["layoutlab"]?.string ?? "?" }),
                ("flags", { $0.flags.isEmpty ? "none" : $0.flags.joined(separator: " ") }),
            ]
            for (name, value) in what where value(self) != value(first) {
                return
                    """
                    \(file): a shard of a different sweep (\(name) \(TerminalText.escape(value(self)))) than \
                    \(first.file) (\(name) \(TerminalText.escape(value(first)))); merge the shards of one sweep
                    """
            }
            if shard.count != first.shard.count {
                return
                    """
                    \(file): shard \(shard.text), but \(first.file) is shard \(first.shard.text); the shards of \
                    one sweep share COUNT
                    """
            }
            if fingerprint != first.fingerprint || totalRuns != first.totalRuns {
                return
                    """
                    \(file): a shard of a different sweep than \(first.file) (same experiment name, machine name \
                    and version, but a different experiment or machine file)
                    """
            }
            return nil
        }
    }

    /// The whole sweep's document from `parts` (documents with their file names); `command`
    /// replaces the command line recorded in the shards.
    public static func merge(_ parts: [(JSON, String)], command: String) throws -> JSON {
        guard !parts.isEmpty else { throw noParts }
        let all = try parts.map { try Part($0.0, file: $0.1) }
        let first = all[0]
        var byIndex = [Part?](repeating: nil, count: first.shard.count)
        for p in all {
            if let why = p.foreign(to: first) { throw LayoutLabError(why) }
            if let earlier = byIndex[p.shard.index] {
                throw LayoutLabError("shard \(p.shard.text) given twice: \(earlier.file) and \(p.file)")
            }
            byIndex[p.shard.index] = p
        }
        let missing = byIndex.indices.filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let list =
                missing.prefix(10).map { "\($0)/\(first.shard.count)" }.joined(separator: ", ")
                + (missing.count > 10 ? ", ..." : "")
            throw LayoutLabError(
                """
                merge: \(missing.count) of \(first.shard.count) shard(s) missing: \(list) (given \(all.count); \
                each shard of the sweep exactly once)
                """
            )
        }
        var runs = [JSON](repeating: .null, count: first.totalRuns)
        for case let p? in byIndex { for (n, r) in p.runs.enumerated() { runs[p.shard.position(ofRun: n)] = r } }
        let fields = (first.doc.object ?? []).filter { $0.0 != "shard" }.map { kv -> (String, JSON) in
            switch kv.0 {
            case "runs": return (kv.0, .array(runs))
            case "command": return (kv.0, .string(command))
            default: return kv
            }
        }
        let merged = JSON.object(fields)
        // The whole sweep's sums (accesses over all runs) are checked as a report would.
        _ = try ReportInput.decode(merged, file: "the merged document of \(all.map(\.file).joined(separator: ", "))")
        return merged
    }

    /// `merge` given no documents.
    public static var noParts: LayoutLabError {
        LayoutLabError(
            "merge: give the partial documents of a sweep (simulate --shard ... --json PART.json), or --parts-from FILE"
        )
    }

    /// The experiment's name in a merged document, checked as a file name (`--out DIR` writes DIR/NAME.*).
    public static func name(of doc: JSON, file: String) throws -> String {
        let name = doc["experiment"]?.string ?? ""
        if let why = SafeName.problem(name) { throw LayoutLabError("\(file): experiment: \(why)") }
        return name
    }
}
