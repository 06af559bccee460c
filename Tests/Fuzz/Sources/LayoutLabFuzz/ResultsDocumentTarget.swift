import Foundation
import LayoutLabKit
import Reporting
import ResultsSchema

/// The `results-document` target: the input as a results document through what `report` does
/// (decode, the markdown report with its charts, the CSV, all in memory) and through `merge`'s
/// checks (the document as shard 0/1 of its sweep, and split into shards 0/2 and 1/2, which must
/// merge exactly when 0/1 does, into the same runs). Every input ends in a result or an error.
enum ResultsDocumentTarget {
    static func run(_ bytes: [UInt8]) {
        guard let doc = try? JSON.parse(Data(bytes)) else { return }
        let docs = [(doc, "fuzz.json")]
        _ = try? ReportJob.build(docs, stem: "fuzz", command: "layoutlab report fuzz.json")
        _ = try? ReportJob.csv(docs)
        // Side by side with itself: the multi-document paths (labels, cross-document findings).
        _ = try? ReportJob.build(docs + [(doc, "fuzz2.json")], stem: "fuzz", command: "layoutlab report")
        if doc["shard"] != nil {
            if let merged = try? MergeJob.merge(docs, command: "layoutlab merge") {
                _ = try? SimulateJob.table(document: merged)
            }
            return
        }
        guard case .object(let fields) = doc, let runs = doc["runs"]?.array, !runs.isEmpty else { return }
        func shard(_ i: Int, _ n: Int) -> JSON {
            let mine = runs.enumerated().filter { $0.offset % n == i }.map(\.element)
            let entry = JSON.object([
                ("index", .uint(UInt64(i))), ("count", .uint(UInt64(n))),
                ("totalRuns", .uint(UInt64(runs.count))), ("fingerprint", .string("f")),
                ("flags", .array([])),
            ])
            return .object(fields.map { $0.0 == "runs" ? ($0.0, JSON.array(mine)) : $0 } + [("shard", entry)])
        }
        let whole = try? MergeJob.merge([(shard(0, 1), "part.json")], command: "m")
        if let whole { _ = try? SimulateJob.table(document: whole) }
        guard runs.count >= 2 else { return }
        let halves = try? MergeJob.merge([(shard(1, 2), "p1.json"), (shard(0, 2), "p0.json")], command: "m")
        precondition((whole == nil) == (halves == nil), "shards 0/2 and 1/2 merge differently from 0/1")
        precondition(whole?["runs"] == halves?["runs"], "two halves of a sweep merge into other runs than the whole")
    }
}
