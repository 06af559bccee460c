import ResultsSchema
import Foundation
import LayoutConfig
import Reporting
import Testing
import Traces
@testable import LayoutLabKit
import TestSupport

/// Instruction fetches end to end: machine files with `side: instruction`, every reader's
/// instruction records (din `i` and label 2, dinero-binary type 2, Lackey `I`) reaching the
/// instruction level, or counted as skipped without one, and `replay` reporting them.
@Suite struct InstructionTraceTests {
    let dir = TestDirectory("layoutlab-instr")

    /// L1D 64 B direct-mapped, 16 B lines; L1I the same with 32 B lines; a unified L2.
    static let split =
        "name: split\nlevels:\n  - {name: L1D, size: 64, line: 16, ways: 1}\n"
            + """
              - {name: L1I, size: 64, line: 32, ways: 1, side: instruction}\n  - {name: L2, size: 1KiB, line: 64, \
            ways: 2}\n
            """

    func machineError(_ text: String) -> String {
        do {
            _ = try MachineSpec.decode(text, file: "m.yaml")
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func machineFilesDeclareAnInstructionLevel() throws {
        let m = try MachineSpec.decode(Self.split, file: "m.yaml")
        #expect(m.levels.map(\.instruction) == [false, true, false])
        // Default names follow the data path: the level below a split L1 is L2.
        let unnamed = try MachineSpec.decode(
            "name: x\nlevels:\n  - {size: 64, line: 16, ways: 1}\n"
                + "  - {size: 64, line: 16, ways: 1, side: instruction}\n  - {size: 1KiB, line: 64, ways: 2}\n",
            file: "m")
        #expect(unnamed.levels.map(\.name) == ["L1", "L1I", "L2"])
        let l1 = "name: x\nlevels:\n  - {name: L1, size: 64, line: 16, ways: 1}\n"
        #expect(
            machineError("name: x\nlevels:\n  - {size: 64, line: 16, ways: 1, side: instruction}\n")
                == """
                m.yaml:3: levels[0].side: an instruction level is L1's twin: list it second, right after the first \
                (data) level
                """
        )
        #expect(
            machineError(
                l1
                    + """
                      - {name: L2, size: 1KiB, line: 64, ways: 2}\n  - {name: I, size: 64, line: 16, ways: 1, \
                    side: instruction}\n
                    """
            )
            .hasPrefix("m.yaml:5: levels[2].side: an instruction level is L1's twin"))
        #expect(
            machineError(l1 + "  - {name: I, size: 64, line: 16, ways: 1, side: code}\n")
                == "m.yaml:4: levels[1].side: `code` is not one of data | instruction")
        #expect(
            machineError(l1 + "  - {name: I, size: 64, line: 16, ways: 1, side: instruction, prefetch: next-line}\n")
                == "m.yaml:4: levels[1].prefetch: an instruction level takes no prefetcher (not supported)")
        #expect(
            machineError(l1 + "  - {name: I, size: 64, line: 16, ways: 1, side: instruction, inclusion: inclusive}\n")
                .hasPrefix("m.yaml:4: levels[1].inclusion:"))
        // The unified level below serves both L1s: its line may not be smaller than either.
        #expect(
            machineError(
                l1
                    + """
                      - {name: I, size: 128, line: 64, ways: 1, side: instruction}\n  - {name: L2, size: 1KiB, \
                    line: 32, ways: 2}\n
                    """
            )
                == "m.yaml:5: levels[2].line: line 32 is smaller than the line 64 of instruction level I above it")
    }

    /// The hand-checked trace of `InstructionSideTests.splitL1OverUnifiedL2` in every format
    /// that carries instruction fetches: L1I 4 fetches and 4 misses, L2 6 loads and 3 misses.
    @Test(arguments: ["din", "lackey", "dinero-binary"])
    func everyFormatDeliversInstructionFetches(format: String) throws {
        let machine = try MachineSpec.decode(Self.split, file: "m.yaml")
        let path = dir.file("t.\(format)")
        switch format {
        case "din":
            try "i 0 4\nr 0 4\n2 40\ni 0 4\nw 100 4\ni 100 8\n".write(toFile: path, atomically: true, encoding: .utf8)
        case "lackey":
            try "==1== x\nI  0000,4\n L 0000,4\nI  0040,4\nI  0000,4\n S 0100,4\nI  0100,8\n".write(
                toFile: path, atomically: true, encoding: .utf8)
        default:
            var b: [UInt8] = []
            for (a, s, t) in [(0x0, 4, 2), (0x0, 4, 0), (0x40, 4, 2), (0x0, 4, 2), (0x100, 4, 1), (0x100, 8, 2)]
                as [(UInt32, UInt16, UInt8)]
            {
                b +=
                    withUnsafeBytes(of: a.littleEndian, Array.init) + withUnsafeBytes(of: s.littleEndian, Array.init)
                    + [t, 0]
            }
            _ = FileManager.default.createFile(atPath: path, contents: Data(b))
        }
        let r = try ReplayJob.run(path: path, format: TraceFormat(rawValue: format), machine: machine)
        #expect(r.summary.accesses == 2 && r.summary.instructions == 4 && r.summary.skipped == 0)
        let l = r.stats.end.levels
        #expect(l.map(\.config.name) == ["L1D", "L1I", "L2"])
        #expect(l[1].total.loads == 4 && l[1].total.misses == 4 && l[1].total.conflict == 1)
        #expect(l[2].total.loads == 6 && l[2].total.misses == 3)
        // Without an instruction level the same records are skipped, as before.
        let plain = try MachineSpec.decode("name: d\nlevels:\n  - {size: 64, line: 16, ways: 1}\n", file: "d")
        let s = try ReplayJob.run(path: path, format: TraceFormat(rawValue: format), machine: plain).summary
        #expect(s.accesses == 2 && s.instructions == 0 && s.skipped == 4)
    }

    /// A traditional din instruction fetch is a word, like every traditional record: `2 3e` is 4
    /// bytes at 3c, within L1I's line 1 (16 B lines), not 4 bytes crossing into line 4.
    @Test func traditionalInstructionFetchIsAnAlignedWord() throws {
        let machine = try MachineSpec.decode(
            "name: x\nlevels:\n  - {size: 64, line: 16, ways: 1}\n"
                + "  - {size: 64, line: 16, ways: 4, side: instruction}\n", file: "m")
        let path = dir.file("w.din")
        try "2 3e\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try ReplayJob.run(path: path, format: .din, machine: machine)
        #expect(r.stats.end.levels[1].total.loads == 1)
    }

    /// `replay --json` counts the fetches and marks the instruction level; `report` says so.
    @Test func replayJSONAndReport() throws {
        try #require(CLIProcess.built)
        try Self.split.write(toFile: dir.file("m.yaml"), atomically: true, encoding: .utf8)
        try "i 0 4\nr 0 4\ni 40 4\n".write(toFile: dir.file("t.din"), atomically: true, encoding: .utf8)
        let j = try CLIProcess.run(["replay", dir.file("t.din"), "--machine", dir.file("m.yaml"), "--json"])
        #expect(j.status == 0, "\(j.err)")
        try j.out.write(toFile: dir.file("r.json"), atomically: true, encoding: .utf8)
        #expect(
            j.out.contains("\"instructions\": 2") && j.out.contains("\"skipped\": 0")
                && j.out.contains("\"side\": \"instruction\""))
        let t = try CLIProcess.run(["replay", dir.file("t.din"), "--machine", dir.file("m.yaml")])
        #expect(t.out.contains("1 accesses, 2 instruction fetches, 0 skipped"))
        let md = try CLIProcess.run(["report", dir.file("r.json"), "-o", dir.file("r.md")])
        #expect(md.status == 0, "\(md.err)")
        let text = try String(contentsOfFile: dir.file("r.md"), encoding: .utf8)
        #expect(
            text.contains("1 accesses replayed, 2 instruction fetches, 0 records skipped.")
                && text.contains("instruction side"))
    }
}
