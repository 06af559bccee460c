import Foundation
import Testing
import Reporting
import ResultsSchema
import TestSupport

/// `simulate --csv`, `simulate --out` (NAME.csv) and `report --csv`, through the built binary.
@Suite struct CSVTests {
    let experiment = """
        name: small
        machine: tiny
        kernel: gemm
        shape: {m: 8, n: 8, k: 8}
        variants:
          - {name: ijk, loops: ijk}
          - name: 'tiled, "fast"'
            algorithm: tiled
            tile: 4
        sweep:
          n: [8, 12]

        """
    let scratch = TestDirectory("layoutlab-csv")

    func run(_ args: [String]) throws -> Int32 {
        let bin = URL(fileURLWithPath: repoRoot).appendingPathComponent(".build/debug/layoutlab").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func simulateAndReportWriteOneRowPerRunAndLevel() throws {
        let exp = scratch.file("e.yaml"), out = scratch.file("out"), csv = scratch.file("fast.csv")
        try experiment.write(toFile: exp, atomically: true, encoding: .utf8)
        #expect(try run(["simulate", exp, "--out", out]) == 0)
        let text = try read(out + "/small.csv")
        // 2 variants x 2 sweep points = 4 runs, 2 levels (tiny): 8 rows + the header, CRLF ends.
        let rows = text.components(separatedBy: "\r\n")
        #expect(rows.count == 10 && rows.last == "")
        #expect(
            rows[0] == "experiment,machine,variant,n,level,accesses,hits,misses,missRate,loadMisses,storeMisses,"
                + "writebacks,flushedWritebacks,compulsory,capacity,conflict,prefetches,bytesIn,bytesOut,"
                + "costUnit,flops,registersBytes,registersCycles,boundary,boundaryBytes,boundaryCycles,rooflineCycles,"
                + "rooflineGflops,rooflineBound,ecmCycles,ecmGflops,ecmOverlap,ecmNonOverlap")
        // RFC 4180: the name with a comma and quotes is quoted, its quotes doubled.
        #expect(rows.contains { $0.hasPrefix("small,tiny,\"tiled, \"\"fast\"\"\",8,L1,") })
        // The ijk row at n = 8, L1, against the JSON document beside it.
        let json = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: out + "/small.json")))
        let l1 = try #require(
            json["runs"]?.array?.first { $0["variant"]?.string == "ijk" && $0["point"]?["n"]?.uint64 == 8 }?["levels"]?
                .array?.first)
        let cells = try #require(rows.first { $0.hasPrefix("small,tiny,ijk,8,L1,") }).split(
            separator: ",", omittingEmptySubsequences: false)
        // 19 counter cells, then 14 cost cells, empty on tiny (no figures).
        #expect(cells.count == 33)
        let costEmpty = cells[19...].allSatisfy { $0.isEmpty }
        #expect(costEmpty)
        #expect(cells[7] == "\(l1["misses"]?.uint64 ?? 0)" && cells[5] == "\(l1["accesses"]?.uint64 ?? 0)")
        #expect(cells[13] == "\(l1["compulsory"]?.uint64 ?? 0)")
        // report --csv over the JSON gives the same table.
        let again = scratch.file("again.csv")
        #expect(try run(["report", out + "/small.json", "--csv", again]) == 0)
        #expect(try read(again) == text)
        // --no3c: the 3C cells are empty, not 0.
        #expect(try run(["simulate", exp, "--no3c", "--csv", csv]) == 0)
        let lean = try #require(
            try read(csv).components(separatedBy: "\r\n").first { $0.hasPrefix("small,tiny,ijk,8,L1,") })
        let leanCells = lean.split(separator: ",", omittingEmptySubsequences: false)
        #expect(leanCells[13...15] == ["", "", ""] && leanCells[7] == cells[7])
    }
}
