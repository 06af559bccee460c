import ResultsSchema
import Foundation
import Testing
import Reporting
import SafeIO
import TestSupport

/// `replay --name`, `--region` and `--regions` as a user runs them: the name in the document
/// (given, from the file name, `stdin`), one-line errors naming the option or FILE:LINE, and two
/// replays compared by name in one report.
@Suite struct ReplayNameCLITests {
    let dir = TestDirectory("replay-name-cli")

    /// 64 word loads over 0x1000..<0x1100 (16 lines of 16 bytes): on `tiny` (L1 16 lines of
    /// 2 ways x 8 sets) 16 compulsory misses.
    func trace(_ name: String, stride step: Int = 4) throws -> String {
        let path = dir.file(name)
        let text = (0..<64).map { "r \(String(0x1000 + $0 * step, radix: 16)) 4\n" }.joined()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func keys(_ json: String) throws -> [String] {
        try #require(JSON.parse(Data(json.utf8)).object).map(\.0)
    }

    @Test func theNameIsInTheDocumentAfterTheFormat() throws {
        try #require(CLIProcess.built)
        let t = try trace("x/mm.din")
        let r = try CLIProcess.run(["replay", t, "--machine", "tiny", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let doc = try JSON.parse(Data(r.out.utf8))
        #expect(doc["name"]?.string == "mm")
        let k = try keys(r.out)
        #expect(Array(k.drop { $0 != "trace" }.prefix(4)) == ["trace", "format", "name", "machine"])
        let given = try CLIProcess.run(["replay", t, "--machine", "tiny", "--json", "--name", "blocked 4x4"])
        #expect(try JSON.parse(Data(given.out.utf8))["name"]?.string == "blocked 4x4")
        let piped = try CLIProcess.run(
            ["replay", "-", "--machine", "tiny", "--json"], shell: "exec < \(ShellQuote.word(t))")
        #expect(try JSON.parse(Data(piped.out.utf8))["name"]?.string == "stdin")
        let bad = try CLIProcess.run(["replay", t, "--machine", "tiny", "--name", "a/b"])
        #expect(bad.status == 1)
        #expect(
            bad.err
                == "layoutlab: error: --name: `a/b` contains `/`; names become file names and must not name folders\n")
    }

    @Test func regionErrorsAreOneLineNamingOptionOrFileAndLine() throws {
        try #require(CLIProcess.built)
        let t = try trace("t.din")
        let file = dir.file("regions.txt")
        try "# arrays\na 0x1000 0x1080\nb 0x1070 0x1100\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CLIProcess.run(["replay", t, "--machine", "tiny", "--regions", file])
        #expect(r.status == 1)
        #expect(
            r.err
                == """
                layoutlab: error: \(file):3: region `b` (0x1070-0x1100) overlaps region `a` (0x1000-0x1080, \
                \(file):2)\n
                """
        )
        #expect(r.out.isEmpty)
        let o = try CLIProcess.run(["replay", t, "--machine", "tiny", "--region", "a=0x1000"])
        #expect(
            o.err
                == """
                layoutlab: error: --region `a=0x1000`: expected NAME=START:END (START and END decimal or 0x \
                hexadecimal, END exclusive)\n
                """
        )
        let help = try CLIProcess.run(["replay", "--help"])
        let words = help.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("END is exclusive"))
    }

    /// a.din reads 64 words in 16 lines (16 misses); b.din reads 64 words 16 bytes apart, one
    /// per line (64 lines, 64 misses): 4.0x as many, on one machine, compared by name. Per
    /// region: --region lo=0x1000:0x1080 holds a's first 8 lines (32 loads, 8 misses).
    @Test func twoReplaysOnOneMachineMakeOneReport() throws {
        try #require(CLIProcess.built)
        var docs: [String] = []
        for (name, step) in [("a.din", 4), ("b.din", 16)] {
            let out = try CLIProcess.run(
                [
                    "replay", try trace(name, stride: step), "--machine", "tiny", "--json", "--region",
                    "lo=0x1000:0x1080",
                ])
            #expect(out.status == 0, "\(out.err)")
            let doc = dir.file(name + ".json")
            try out.out.write(toFile: doc, atomically: true, encoding: .utf8)
            docs.append(doc)
        }
        let a = try JSON.parse(Data(String(contentsOfFile: docs[0], encoding: .utf8).utf8))
        let lo = a["levels"]?.array?[0]["regions"]?["lo"]
        #expect(lo?["accesses"]?.uint64 == 32)
        #expect(lo?["misses"]?.uint64 == 8)
        #expect(a["levels"]?.array?[0]["regions"]?["other"]?["misses"]?.uint64 == 8)
        let md = dir.file("r.md")
        let r = try CLIProcess.run(["report"] + docs + ["-o", md])
        #expect(r.status == 0, "\(r.err)")
        let text = try String(contentsOfFile: md, encoding: .utf8)
        #expect(
            text.contains(
                """
                - On tiny, L1: fewest misses **a** (16, 25.00% of 64 accesses); most **b** (64, 100.00% of 64 \
                accesses), 4.0x as many.
                """
            ))
        #expect(text.contains("| source | variant | point | lo | other |"))
    }
}
