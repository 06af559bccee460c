import Foundation
import Testing
import TestSupport
import LayoutConfig
import LayoutLabKit
import Reporting
import SafeIO

/// `SimulateSession` is what `layoutlab simulate` runs: its document, and its journal kept until
/// the outputs are written.
@Suite struct SimulateSessionTests {
    let experiment = """
        name: session
        machine: tiny
        kernel: gemm
        shape: {m: 12, n: 10, k: 8}
        variants:
          - {name: ijk, loops: ijk}
          - {name: rb, algorithm: regblock, mr: 2, nr: 2}

        """

    let scratch = TestDirectory("layoutlab-session")

    /// Each run of the session's document has the accesses of the same run simulated alone
    /// (12 x 10 x 8 multiply-adds, each loading A and B and loading and storing C: 4 per step
    /// for the naive nest), in experiment order.
    @Test func theSessionsDocumentHoldsEveryRunInOrder() throws {
        let spec = try ExperimentSpec.decode(experiment, file: "session.yaml")
        var session = try SimulateSession(spec: spec, machine: spec.machine, classify: false)
        let doc = try session.run(command: "layoutlab simulate session.yaml")
        let runs = try #require(doc["runs"]?.array)
        #expect(runs.map { $0["variant"]?.string } == ["ijk", "rb"])
        #expect(runs[0]["accesses"]?.uint64 == 12 * 10 * 8 * 4)
        let alone = try spec.runs.map { r in
            try SimulateJob.simulate(r, element: spec.element, levels: spec.machine.levels, classify: false)
        }
        #expect(runs.map { $0["accesses"]?.uint64 } == alone.map(\.accesses))
        // The session returns the same runs typed: the document's records, and each run's full result.
        #expect(session.document?.runs.map(\.accesses) == alone.map(\.accesses))
        let results = session.results.compactMap { $0 }
        #expect(results.count == 2)
        #expect(results.map(\.stats) == alone.map(\.stats))
        #expect(results.map(\.variant) == ["ijk", "rb"])
    }

    /// The journal stays while the outputs are written (an interrupted write can resume) and is
    /// removed once they are.
    @Test func theJournalOutlivesTheWriteAndNotTheSession() throws {
        let spec = try ExperimentSpec.decode(experiment, file: "session.yaml")
        let json = scratch.file("session.json")
        let outputs = SimulateSession.Outputs(json: json)
        var session = try SimulateSession(spec: spec, machine: spec.machine, outputs: outputs, classify: false)
        let journal = try #require(session.journalPath)
        #expect(journal == json + ".partial.jsonl")
        var seenDuringWrite = false
        _ = try session.run(
            command: "layoutlab simulate session.yaml",
            write: { doc in
                seenDuringWrite = FileManager.default.fileExists(atPath: journal)
                try AtomicFile.write(doc.serialized(pretty: true) + "\n", to: json)
            })
        #expect(seenDuringWrite)
        #expect(!FileManager.default.fileExists(atPath: journal))
        #expect(FileManager.default.fileExists(atPath: json))
    }
}
