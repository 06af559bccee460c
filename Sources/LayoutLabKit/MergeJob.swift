import LayoutConfig
import Reporting

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
            self.file = file; self.doc = doc
            guard let s = doc["shard"], s.object != nil else {
                throw ReportError("\(file): not a shard (no `shard` entry); merge takes the partial documents `simulate --shard INDEX/COUNT --json` writes")
            }
            guard let i = s["index"]?.uint64, let n = s["count"]?.uint64, let t = s["totalRuns"]?.uint64,
                  let fp = s["fingerprint"]?.string, n >= 1, i < n, n <= t, t <= 1_000_000 else {
                throw ReportError("\(file): shard: expected index < count <= totalRuns and a fingerprint")
            }
            guard let runs = doc["runs"]?.array else { throw ReportError("\(file): runs: expected an array") }
            shard = try SweepShard(index: Int(i), count: Int(n))
            totalRuns = Int(t); fingerprint = fp; self.runs = runs
            flags = s["flags"]?.array?.compactMap(\.string) ?? []
            let expected = shard.runCount(of: totalRuns)
            if runs.count != expected {
                throw ReportError("\(file): holds \(runs.count) run(s), but shard \(shard.text) of a sweep of \(totalRuns) runs has \(expected)")
            }
        }

        /// Why `self` is not a shard of the same sweep as `first`, or nil.
        func foreign(to first: Part) -> String? {
            let what: [(String, (Part) -> String)] = [
                ("experiment", { $0.doc["experiment"]?.string ?? "?" }), ("machine", { $0.doc["machine"]?["name"]?.string ?? "?" }),
                ("LayoutLab version", { $0.doc["layoutlab"]?.string ?? "?" }),
                ("flags", { $0.flags.isEmpty ? "none" : $0.flags.joined(separator: " ") }),
            ]
            for (name, value) in what where value(self) != value(first) {
                return "\(file): a shard of a different sweep (\(name) \(TerminalText.escape(value(self)))) than \(first.file) (\(name) \(TerminalText.escape(value(first)))); merge the shards of one sweep"
            }
            if shard.count != first.shard.count {
                return "\(file): shard \(shard.text), but \(first.file) is shard \(first.shard.text); the shards of one sweep share COUNT"
            }
            if fingerprint != first.fingerprint || totalRuns != first.totalRuns {
                return "\(file): a shard of a different sweep than \(first.file) (same experiment name, machine name and version, but a different experiment or machine file)"
            }
            return nil
        }
    }

    /// The whole sweep's document from `parts` (documents with their file names); `command`
    /// replaces the command line recorded in the shards.
    public static func merge(_ parts: [(JSON, String)], command: String) throws -> JSON {
        guard !parts.isEmpty else { throw ReportError("merge: give the partial documents of a sweep (simulate --shard ... --json PART.json)") }
        let all = try parts.map { try Part($0.0, file: $0.1) }
        let first = all[0]
        var byIndex = [Part?](repeating: nil, count: first.shard.count)
        for p in all {
            if let why = p.foreign(to: first) { throw ReportError(why) }
            if let earlier = byIndex[p.shard.index] {
                throw ReportError("shard \(p.shard.text) given twice: \(earlier.file) and \(p.file)")
            }
            byIndex[p.shard.index] = p
        }
        let missing = byIndex.indices.filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let list = missing.prefix(10).map { "\($0)/\(first.shard.count)" }.joined(separator: ", ") + (missing.count > 10 ? ", ..." : "")
            throw ReportError("merge: \(missing.count) of \(first.shard.count) shard(s) missing: \(list) (given \(all.count); each shard of the sweep exactly once)")
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
        return .object(fields)
    }

    /// The experiment's name in a merged document, checked as a file name (`--out DIR` writes DIR/NAME.*).
    public static func name(of doc: JSON, file: String) throws -> String {
        let name = doc["experiment"]?.string ?? ""
        if let why = SafeName.problem(name) { throw ReportError("\(file): experiment: \(why)") }
        return name
    }
}
