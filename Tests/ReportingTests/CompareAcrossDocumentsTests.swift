import ResultsSchema
import Foundation
import Testing
import Reporting
import TestSupport

/// `report A.json B.json` of one tile sweep on two machines: each document is compared at its
/// own best point (not the last point), each machine's best side by side, by the traffic that
/// reaches memory and the modelled time; a level one machine lacks is "-".
struct CompareAcrossDocumentsTests {
    typealias H = HandMadeDocument

    /// One document of the sweep tile in {16, 32, 64}: `levels(i)` gives run i's level entries,
    /// `ecm[i]` its ECM cycles per MNK (roofline the same).
    static func doc(_ machine: String, _ names: [String], ecm: [Double], levels: (Int) -> [JSON]) -> JSON {
        let tiles: [UInt64] = [16, 32, 64]
        let runs = tiles.enumerated().map { i, t in
            H.run("tiled", [("tile", .uint(t))], accesses: 1_000_000, levels(i))
        }
        let d = H.doc(
            "tiles", machine: H.machine(machine, names), runs: runs, sweep: [("tile", .array(tiles.map { .uint($0) }))])
        return VerdictTests.withCosts(d, ecm.map { VerdictTests.cost(ecm: $0, roofline: $0) })
    }

    /// big (L1, L2, L3): best at tile = 32 (ECM 0.5), 6,400 bytes from L3. small (L1, L2, no L3):
    /// best at tile = 16 (ECM 0.6), 320,000 + 12,800 = 332,800 bytes between L2 and memory. Both
    /// best points have 5,000 L2 misses: the same name, a different place in the hierarchy.
    static func documents() throws -> String {
        let big = doc("big", ["L1", "L2", "L3"], ecm: [0.8, 0.5, 0.9]) { i in
            [
                H.level("L1", accesses: 1_000_000, misses: 20_000),
                H.level("L2", accesses: 20_000, misses: 5_000),
                H.level(
                    "L3", accesses: 5_000, misses: [300, 100, 400][i], bytesIn: [19_200, 6_400, 25_600][i],
                    bytesOut: 0),
            ]
        }
        let small = doc("small", ["L1", "L2"], ecm: [0.6, 0.7, 1.2]) { i in
            [
                H.level("L1", accesses: 1_000_000, misses: 20_000),
                H.level(
                    "L2", accesses: 20_000, misses: 5_000, bytesIn: [320_000, 330_000, 400_000][i], bytesOut: 12_800),
            ]
        }
        return try Report.build(
            [try ReportInput.decode(big, file: "big.json"), try ReportInput.decode(small, file: "small.json")],
            stem: "c", command: "layoutlab report big.json small.json"
        ).markdown
    }

    @Test func eachDocumentIsComparedAtItsOwnBestByMemoryTrafficAndModelledTime() throws {
        let md = try Self.documents()
        // 332,800 / 6,400 = 52.0; 0.6 / 0.5 = 1.2. Not the last point (tile = 64) of either.
        let expected =
            "- **tiled**, each document at its best: at tile = 32 on big and at tile = 16 on small; "
            + "memory traffic 6,400 bytes on big and 332,800 bytes on small (52.0x as much on small as on big); "
            + "ECM 0.5 cycles per MNK on big and 0.6 cycles per MNK on small (1.2x as long on small as on big).\n"
        #expect(md.contains(expected))
        #expect(
            md.contains(
                "- Each document's best run: **tiled** at tile = 32 on big and **tiled** at tile = 16 on small; "))
        #expect(!md.contains("only the point"))
    }

    @Test func aLevelOneMachineLacksIsADashAndMemoryTrafficIsCompared() throws {
        let md = try Self.documents()
        let table =
            md.components(separatedBy: "### tiled\n\n").dropFirst().first?.components(separatedBy: "\n\n")
            .first ?? ""
        #expect(
            table == """
                | | big: **tiled** at tile = 32 | small: **tiled** at tile = 16 | compared |
                |---|---:|---:|---|
                | L1 misses | 20,000 | 20,000 | - |
                | L2 misses | 5,000 | 5,000 | - |
                | L3 misses | 100 | - | - |
                | memory traffic, bytes | 6,400 (L3) | 332,800 (L2) | 52.0x as much on small as on big |
                | ECM cycles per MNK | 0.5 | 0.6 | 1.2x as long on small as on big |
                | roofline cycles per MNK | 0.5 | 0.6 | 1.2x as long on small as on big |
                """)
    }
}
