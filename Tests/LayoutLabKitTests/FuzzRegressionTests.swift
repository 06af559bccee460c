import Foundation
import Testing
@testable import LayoutLabKit
import Reporting
import ResultsSchema
import TestSupport
import AccessSink
import LayoutConfig
import Traces

/// Every input the fuzzer ever flagged (Tests/Fuzz/crashes/TARGET-*), replayed: each must end
/// in a result or a one-line error.
@Suite struct FuzzRegressionTests {
    static var inputs: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: repoRoot + "/Tests/Fuzz/crashes"))?.sorted() ?? []
    }

    @Test func crashesFolderIsNotEmpty() { #expect(!Self.inputs.isEmpty) }

    @Test(arguments: inputs)
    func flaggedInputEndsCleanly(_ name: String) throws {
        let path = repoRoot + "/Tests/Fuzz/crashes/" + name
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let target = TraceFormat.allCases.first { name.hasPrefix($0.rawValue + "-") }
        var outcome = "ok"
        do {
            if let target {
                var sink = NullSink()
                _ = try TraceReader.replay(ByteSource(bytes: bytes, name: name), format: target, into: &sink)
            } else if name.hasPrefix("results-document-") {
                try Self.resultsDocument(bytes, name: name)
            } else if name.hasPrefix("machine-") {
                _ = try MachineSpec.decode(String(decoding: bytes, as: UTF8.self), file: name)
            } else {
                _ = try ExperimentSpec.decode(String(decoding: bytes, as: UTF8.self), file: name)
            }
        } catch {
            outcome = "\(error)"
            #expect(!outcome.contains("\n"), "errors are one line")
        }
        if name == "din-timeout-huge-size" {
            #expect(outcome.hasSuffix("size 0x410000000 exceeds the 1 MiB limit for one access"))
        }
    }

    /// What the results-document fuzz target does with an input: `report` in memory (the
    /// report with its charts, and the CSV) and `merge` of the document as its sweep's only shard.
    /// Each step ends in a result or a one-line error.
    static func resultsDocument(_ bytes: [UInt8], name: String) throws {
        let doc = try JSON.parse(Data(bytes))
        func step(_ body: () throws -> Void) {
            do { try body() } catch { #expect(!"\(error)".contains("\n"), "errors are one line") }
        }
        step { _ = try ReportJob.build([(doc, name)], stem: "fuzz", command: "layoutlab report") }
        step { _ = try ReportJob.csv([(doc, name)]) }
        guard doc["shard"] == nil, case .object(let fields) = doc, let runs = doc["runs"]?.array else {
            step { _ = try MergeJob.merge([(doc, name)], command: "layoutlab merge") }
            return
        }
        let shard = JSON.object([
            ("index", .uint(0)), ("count", .uint(1)), ("totalRuns", .uint(UInt64(runs.count))),
            ("fingerprint", .string("f")), ("flags", .array([])),
        ])
        step { _ = try MergeJob.merge([(.object(fields + [("shard", shard)]), name)], command: "layoutlab merge") }
    }
}
