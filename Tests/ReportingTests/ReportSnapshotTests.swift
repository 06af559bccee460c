import Foundation
import Testing
@testable import LayoutLabKit
import Reporting
import TestSupport
import LayoutConfig

/// Pins the report's format on a tiny experiment. After an intended format change, regenerate
/// the snapshot with `LAYOUTLAB_UPDATE_SNAPSHOTS=1 swift test --filter ReportSnapshotTests` (that run
/// writes the file and then fails on purpose), review the diff and run the test again without it.
@Suite struct ReportSnapshotTests {
    static let experiment = """
        name: snapshot
        machine: tiny
        kernel: gemm
        shape: {m: 8, n: 8, k: 8}
        variants:
          - {name: ijk, loops: ijk}
          - {name: tiled, algorithm: tiled, tile: 4}
          - {name: blis, algorithm: blis, mr: 2, nr: 2, kc: 4, mc: 4, nc: 8}
        sweep:
          size: [4, 8]

        """

    @Test func reportMatchesSnapshot() throws {
        let spec = try ExperimentSpec.decode(Self.experiment, file: "snapshot.yaml")
        let doc = try SimulateSession.simulate(spec, command: "layoutlab simulate snapshot.yaml").json
        let input = try ReportInput.decode(doc, file: "snapshot.json")
        let report = try Report.build(
            [input], stem: "snapshot", command: "layoutlab report snapshot.json -o snapshot.md")
        let path = repoRoot + "/Tests/ReportingTests/Snapshots/snapshot.md"
        if ProcessInfo.processInfo.environment["LAYOUTLAB_UPDATE_SNAPSHOTS"] == "1" {
            try report.markdown.write(toFile: path, atomically: true, encoding: .utf8)
            // An update run is never green: the snapshot was written from the code under test, so
            // comparing with it proves nothing. Review the diff, then run again without the variable.
            Issue.record("snapshot rewritten (LAYOUTLAB_UPDATE_SNAPSHOTS=1): review its diff, rerun without it")
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(report.markdown == expected)
        #expect(
            report.charts.map(\.file).sorted() == [
                "snapshot-3c-L1.svg", "snapshot-misses-L1.svg", "snapshot-misses-L2.svg",
                "snapshot-model-L1.svg", "snapshot-regions-L1.svg", "snapshot-regions-L2.svg",
            ])
        for c in report.charts { #expect(c.svg.hasPrefix("<svg ") && c.svg.hasSuffix("</svg>\n")) }
    }
}
