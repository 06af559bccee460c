import ResultsSchema
import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
@testable import LayoutLabKit
@testable import Reporting
import TestSupport
import LayoutConfig
import SafeIO

/// Issue 25, defects 8, 9, 10, 11 (report paths) and 14 (CSV): every user string that reaches
/// markdown, SVG, CSV or a shell is escaped or quoted. The helpers are checked against
/// hand-written strings; the CLI tests feed hostile names through real runs.
@Suite(.serialized) struct SecurityEscapingTests {
    let scratch = TestDirectory("layoutlab-escaping")
    func tmp(_ name: String) -> String { scratch.file(name) }
    func write(_ text: String, _ name: String) -> String {
        let p = tmp(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }
    func read(_ p: String) -> String { (try? String(contentsOfFile: p, encoding: .utf8)) ?? "" }
    /// The charts (SVG files) in the scratch folder.
    func svgFiles() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".svg") })
    }

    // MARK: helpers, against hand-written strings

    @Test func shellQuoteWords() {
        #expect(ShellQuote.word("simulate") == "simulate")
        #expect(ShellQuote.word("Reports/a-b_c.json") == "Reports/a-b_c.json")
        #expect(ShellQuote.word("--shard=0/2") == "--shard=0/2")
        #expect(ShellQuote.word("") == "''")
        #expect(ShellQuote.word("my exp.yaml") == "'my exp.yaml'")
        #expect(ShellQuote.word("it's") == "'it'\\''s'")
        #expect(ShellQuote.word("d$(touch${IFS}X)") == "'d$(touch${IFS}X)'")
        #expect(ShellQuote.word("~x") == "'~x'")
        #expect(ShellQuote.word("a\nb") == "'a\nb'")
        #expect(
            ShellQuote.command(["layoutlab", "report", "a b.json", "-o", "x`y`.md"])
                == "layoutlab report 'a b.json' -o 'x`y`.md'")
    }

    /// The quoted command read back by /bin/sh gives the same arguments, and runs nothing.
    @Test func shellQuoteRoundTripsThroughSh() throws {
        let args = [
            "plain", "", "a b", "it's", "'", "''", "$(touch X)", "`touch Y`", "${IFS}", "a\nb\n", "*", "~",
            "!x",
            "\\", "é\t;|&<>",
            "--out", "d$(touch${IFS}Z)", "-",
        ]
        #expect(try shellWords(ShellQuote.command(args)) == args)
        for name in ["X", "Y", "Z"] { #expect(!FileManager.default.fileExists(atPath: tmp("sh/" + name))) }
    }

    @Test func markdownInlineEscapes() {
        #expect(MarkdownText.inline("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(MarkdownText.inline("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))")
        #expect(MarkdownText.inline("![i](x.png)") == "!\\[i\\](x.png)")
        #expect(MarkdownText.inline("a|b\nc\r\nd") == "a\\|b c  d")
        #expect(MarkdownText.inline("*x* _y_ `z` ~w~ \\") == "\\*x\\* \\_y\\_ \\`z\\` \\~w\\~ \\\\")
        #expect(MarkdownText.inline("&amp;") == "&amp;amp;")
        #expect(MarkdownText.inline("a\u{1B}[31mb\u{0}") == "a\u{FFFD}\\[31mb\u{FFFD}")
        #expect(MarkdownText.inline("- item") == "\\- item")
        #expect(MarkdownText.inline("## h") == "\\## h")
        #expect(MarkdownText.inline("12. x") == "12\\. x")
        #expect(MarkdownText.inline("0.1.0") == "0.1.0")
        #expect(MarkdownText.inline("ijk-row") == "ijk-row")
    }

    @Test func markdownCodeAndBlocks() {
        #expect(MarkdownText.code("zen4") == "`zen4`")
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("`x") == "`` `x ``")
        #expect(MarkdownText.code("a|b\nc", inTable: true) == "`a\\|b c`")
        #expect(MarkdownText.code("m<b>&`|") == "<code>m&lt;b&gt;&amp;\\`\\|</code>")
        #expect(MarkdownText.codeBlock("layoutlab x", info: "sh") == "```sh\nlayoutlab x\n```\n")
        #expect(MarkdownText.codeBlock("a '\n```\n<img>'", info: "sh") == "````sh\na '\n```\n<img>'\n````\n")
        #expect(MarkdownText.codeBlock("a\rb\u{7}") == "```\na\u{FFFD}b\u{FFFD}\n```\n")
        #expect(MarkdownText.image(alt: "L1 [x]", file: "my exp-L_1.svg") == "![L1 \\[x\\]](my%20exp-L_1.svg)")
        #expect(MarkdownText.percentEncoded("(é)~") == "%28%C3%A9%29~")
    }

    @Test func xmlTextEscapes() {
        #expect(XMLText.escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;")
        #expect(XMLText.escape("x\u{1}y\u{1B}z\u{85}\u{FFFF}") == "x\u{FFFD}y\u{FFFD}z\u{FFFD}\u{FFFD}")
        #expect(XMLText.escape("tab\there\nline") == "tab\there\nline")
    }

    @Test func chartFileNames() {
        #expect(ChartFileName.component("misses-L1") == "misses-L1")
        // FNV-1a 32-bit reference values: "" is the offset basis, "a" is 0xe40c292c.
        #expect(ChartFileName.hash("") == "811c9dc5")
        #expect(ChartFileName.hash("a") == "e40c292c")
        let hostile = ChartFileName.component("regions-x/../../../escaped")
        #expect(!hostile.contains("/") && hostile.hasPrefix("regions-x_.._.._.._escaped-"))
        #expect(ChartFileName.component("L 1") != ChartFileName.component("L_1"))
        #expect(ChartFileName.component("..") != ".." && !ChartFileName.component("..").contains("/"))
    }

    @Test func csvCells() {
        #expect(CSVTable.text("=1+1") == "'=1+1")
        #expect(CSVTable.text("+x") == "'+x" && CSVTable.text("-x") == "'-x")
        #expect(CSVTable.text("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVTable.text("\tx") == "'\tx" && CSVTable.text("\rx") == "'\rx")
        #expect(CSVTable.text("ijk") == "ijk" && CSVTable.text("") == "")
        #expect(CSVTable.field("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(CSVTable.field("a\rb") == "\"a\rb\"" && CSVTable.field("a\nb") == "\"a\nb\"")
        #expect(CSVTable.field("plain") == "plain")
    }

    // MARK: defect 8: markdown and HTML injection

    static let machine = """
        name: "<b>m</b>[m](javascript:alert(4))"
        levels:
          - {name: "L<1>", size: 256, line: 16, ways: 2, policy: lru}
          - {name: "[L2](javascript:alert(5))", size: 1KiB, line: 16, ways: 4, policy: lru}

        """
    static let experiment = """
        name: inject
        description: "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) **bold**"
        machine: MACHINE
        kernel: gemm
        shape: {m: 8, n: 8, k: 8}
        variants:
          - {name: "[click](javascript:alert(1))"}
          - {name: "<script>x</script>", loops: ikj}
          - {name: "a|b`c", loops: jik}
        sweep:
          size: [4, 8]
        claim:
          - {text: "<img src=x onerror=alert(6)> [c](javascript:alert(7))", metric: misses, level: "L<1>",
             variant: "[click](javascript:alert(1))", value: 10}

        """

    @Test func defect08_reportEscapesNamesAndQuotesTheRegenerateCommand() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let m = write(Self.machine, "m.yaml")
        let exp = write(Self.experiment.replacingOccurrences(of: "MACHINE", with: "\"\(m)\""), "e x.yaml")
        let json = tmp("r.json"), report = tmp("r\n```\n<img src=x onerror=alert(8)>.md")
        let args = ["simulate", exp, "--machine", m, "--json", json, "--report", report, "--quiet"]
        let r = try CLIProcess.run(args)
        try #require(r.status == 0, "\(r)")
        let md = read(report)
        let block = try #require(Self.regenerateBlock(md), "no regenerate block")
        // Outside the code block (where the report's file name is literal text), no raw tag.
        let prose = md.replacingOccurrences(of: block, with: "")
        for raw in ["<script", "<img", "<b>", "<1>"] { #expect(!prose.contains(raw), "raw \(raw) in the report") }
        let charts = try svgFiles()
        #expect(!charts.isEmpty)
        #expect(Self.markdownViolations(md, charts: charts) == [])
        // The regenerate block is one fenced block whose text, read by sh, is the command as run.
        #expect(try shellWords(block) == ["layoutlab"] + args)
    }

    @Test func defect08_reportOfAHostileDocumentLinksOnlyItsCharts() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        // Every string of a bundled document (names, notes, events, descriptions) made hostile.
        for name in ["measure-small-callgrind", "register-blocking", "conv-1x1", "blis-model-a53"] {
            let src = try JSON.parse(Data(contentsOf: URL(fileURLWithPath: repoRoot + "/Reports/\(name).json")))
            let doc = Self.hostile(src)
            let json = write(doc.serialized(pretty: true), "\(name).json")
            let out = tmp("\(name) (hostile).md")
            let r = try CLIProcess.run(["report", json, "-o", out])
            try #require(r.status == 0, "\(name): \(r)")
            let md = read(out)
            for raw in ["<script", "<img"] { #expect(!md.contains(raw), "\(name): raw \(raw)") }
            #expect(md.contains("&lt;script&gt;"), "\(name): the names are in the report")
            let charts = try svgFiles()
            #expect(Self.markdownViolations(md, charts: charts) == [], "\(name)")
        }
    }

    // MARK: defect 9: SVG is XML, chart links render

    @Test func defect09_chartsAreXMLAndLinksRenderWithSpacesAndControls() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let m = write(
            "name: \"m\\x01\"\nlevels:\n  - {name: \"L 1\", size: 256, line: 16, ways: 2}\n"
                + "  - {name: \"L(2)\", size: 1KiB, line: 16, ways: 4}\n", "m.yaml")
        let exp = write(
            """
            name: ctl
            machine: tiny
            kernel: gemm
            shape: {m: 8, n: 8, k: 8}
            variants:
              - {name: "a\\x01b&\\"'<x>"}
              - {name: "c\\x1b[31m", loops: ikj}
            sweep:
              size: [4, 8]

            """, "e.yaml")
        let report = tmp("my exp.md")
        let r = try CLIProcess.run(["simulate", exp, "--machine", m, "--report", report, "--quiet"])
        try #require(r.status == 0, "\(r)")
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".svg") }
        #expect(files.count >= 4)
        for f in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: tmp(f)))
            #expect(XMLParser(data: data).parse(), "\(f) is not well-formed XML")
        }
        let md = read(report)
        let targets = Self.imageTargets(md)
        #expect(targets.count == files.count)
        for t in targets {
            #expect(!t.contains(" ") && !t.contains("(") && !t.contains(")") && !t.contains("<"), "link target \(t)")
            let file = try #require(t.removingPercentEncoding)
            #expect(files.contains(file), "\(t) does not name a chart")
        }
    }

    // MARK: defect 10: printed and written commands are quoted

    /// A fake Slurm (sbatch, scontrol, scancel) on PATH: task 0 fails, so `--wait` prints the
    /// resubmit command; sbatch logs its arguments, one per line, to `log`.
    func fakeSlurm(log: String) -> String {
        let bin = tmp("bin")
        try? FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let tools = [
            "sbatch": "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '\(log)'\nn=$(cat '\(bin)/n' 2>/dev/null || echo 100)\n"
                + "echo $((n + 1)) > '\(bin)/n'\necho $n\n",
            "scontrol": "#!/bin/sh\ncase \"$4\" in\n"
                + "100) echo 'JobId=100 ArrayTaskId=0 JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0';;\n"
                + "*) echo 'JobId=101 JobState=PENDING Reason=DependencyNeverSatisfied ExitCode=0:0';;\nesac\n",
            "scancel": "#!/bin/sh\nexit 0\n",
        ]
        for (name, text) in tools {
            _ = write(text, "bin/" + name)
            chmod(bin + "/" + name, 0o755)
        }
        return bin
    }

    @Test func defect10_slurmResubmitCommandAndScriptsAreQuoted() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(
            "name: q\nmachine: tiny\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants: [{name: ijk}]\n",
            "q.yaml")
        let log = tmp("sbatch.log"), bin = fakeSlurm(log: log)
        let out = tmp("d$(touch${IFS}X)")
        let r = try CLIProcess.run(
            ["slurm", exp, "--shards", "1", "--out", out, "--submit", "--wait"],
            shell: "export PATH='\(bin)':/usr/bin:/bin")
        #expect(r.status == 1, "\(r)")
        let line = try #require(r.err.split(separator: "\n").first { $0.contains("resubmit with `") }, "\(r)")
        let command = String(line[line.range(of: "resubmit with `")!.upperBound...].dropLast())
        // Pasted into a shell: sbatch gets the scripts' paths, and nothing else runs.
        try? FileManager.default.removeItem(atPath: log)
        let cwd = tmp("paste")
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        let sh = try runSh(command, cwd: cwd, path: bin + ":/usr/bin:/bin")
        #expect(sh == 0)
        #expect(!FileManager.default.fileExists(atPath: cwd + "/X"), "the printed command ran the injected touch")
        #expect(
            read(log) == "--parsable\n--array=0\n\(out)/q.sbatch\n"
                + "--dependency=afterok:102\n\(out)/q.merge.sbatch\n")
        // Both scripts parse; the resubmit hint inside NAME.sbatch (K = 0) runs nothing either.
        for script in ["q.sbatch", "q.merge.sbatch"] {
            #expect(try runSh("sh -n \(ShellQuote.word(out + "/" + script))", cwd: cwd, path: "/usr/bin:/bin") == 0)
        }
        let text = read(out + "/q.sbatch")
        let hint = try #require(text.split(separator: "\n").first { $0.contains("`sbatch --array=K ") })
        let inner = hint.split(separator: "`", omittingEmptySubsequences: false)[1]
            .replacingOccurrences(of: "=K", with: "=0")
        try? FileManager.default.removeItem(atPath: log)
        #expect(try runSh(String(inner), cwd: cwd, path: bin + ":/usr/bin:/bin") == 0)
        #expect(!FileManager.default.fileExists(atPath: cwd + "/X"), "the script's comment ran the injected touch")
        #expect(read(log) == "--array=0\n\(out)/q.sbatch\n")
        let merge = read(out + "/q.merge.sbatch")
        let mergeHint = try #require(merge.split(separator: "\n").first { $0.contains("Submit after the array: ") })
        #expect(mergeHint.hasSuffix(ShellQuote.always(out + "/q.merge.sbatch")))
    }

    // MARK: defect 11: names from documents never leave the report's folder

    @Test func defect11_levelNameFromADocumentCannotWriteOutsideTheFolder() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(
            "name: p\nmachine: tiny\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\n"
                + "variants: [{name: ijk}, {name: ikj, loops: ikj}]\nsweep: {size: [4, 8]}\n", "p.yaml")
        let json = tmp("p.json")
        #expect(try CLIProcess.run(["simulate", exp, "--json", json, "--quiet"]).status == 0)
        let evil = "x/../../escaped"
        let text = read(json).replacingOccurrences(of: "\"name\" : \"L1\"", with: "\"name\" : \"\(evil)\"")
            .replacingOccurrences(of: "\"name\": \"L1\"", with: "\"name\": \"\(evil)\"")
        #expect(text.contains(evil))
        _ = write(text, "evil.json")
        let sub = tmp("a/b")
        // Folders the chart names would pass through, so a path built from the name resolves.
        for c in ["misses", "regions", "3c", "model"] {
            try FileManager.default.createDirectory(atPath: sub + "/r-\(c)-x", withIntermediateDirectories: true)
        }
        let r = try CLIProcess.run(["report", tmp("evil.json"), "-o", sub + "/r.md"])
        #expect(r.status == 1 && r.err.contains("machine.levels[0].name"), "\(r)")
        #expect(r.err.split(separator: "\n").count == 1, "\(r)")
        #expect(!FileManager.default.fileExists(atPath: tmp("a/escaped.svg")))
        #expect(!FileManager.default.fileExists(atPath: sub + "/r.md"))
        let all = try FileManager.default.subpathsOfDirectory(atPath: scratch.path)
        let outside = all.filter { $0.contains("escaped") }
        #expect(outside == [])
    }

    // MARK: defect 14: CSV injection

    @Test func defect14_csvNeutralisesFormulasAndQuotesEveryCell() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let m = write("name: \"@SUM(1+1)\"\nlevels:\n  - {name: \"-L1\", size: 256, line: 16, ways: 2}\n", "m.yaml")
        let exp = write(
            """
            name: csv
            machine: tiny
            kernel: gemm
            shape: {m: 8, n: 8, k: 8}
            variants:
              - {name: "=HYPERLINK(\\"http://x\\",\\"y\\")"}
              - {name: "a,\\"b\\"\\nc", loops: ikj}
              - {name: "+1", loops: jik}

            """, "c.yaml")
        let csv = tmp("c.csv")
        let r = try CLIProcess.run(["simulate", exp, "--machine", m, "--csv", csv, "--quiet"])
        try #require(r.status == 0, "\(r)")
        let rows = Self.parseCSV(read(csv))
        try #require(rows.count == 4, "\(rows)")
        #expect(rows[1][0...3] == ["csv", "'@SUM(1+1)", "'=HYPERLINK(\"http://x\",\"y\")", "'-L1"])
        #expect(rows[2][2] == "a,\"b\"\nc" && rows[3][2] == "'+1")
        for row in rows {
            #expect(row.count == rows[0].count)
            for cell in row where Double(cell) == nil {
                let formula = cell.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
                #expect(!formula, "cell \(cell)")
            }
        }
        // m = n = k = 8, naive loop: 4 accesses (A, B, C loaded, C stored) per multiply-add, 4 x 512.
        #expect(rows[1][4] == "2048", "accesses stay a number")
    }

    // MARK: test helpers

    /// The words /bin/sh makes of `command` (each written to a file by the shell, read back).
    func shellWords(_ command: String) throws -> [String] {
        let dir = tmp("sh")
        try? FileManager.default.removeItem(atPath: dir + "/words")
        try FileManager.default.createDirectory(atPath: dir + "/words", withIntermediateDirectories: true)
        let script = "set -- \(command)\ni=0\nfor a; do i=$((i + 1)); printf '%s' \"$a\" > words/$i; done\n"
        #expect(try runSh(script, cwd: dir, path: "/usr/bin:/bin") == 0)
        let n = try FileManager.default.contentsOfDirectory(atPath: dir + "/words").count
        return (0..<n).map { read(dir + "/words/\($0 + 1)") }
    }

    /// Runs `script` with /bin/sh in `cwd`; the exit status.
    func runSh(_ script: String, cwd: String, path: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        p.environment = ["PATH": path, "IFS": " \t\n"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// The text of the fenced block after "Regenerate with:", up to the first line that closes
    /// that fence as CommonMark reads it (a line of at least as many backticks and nothing else).
    static func regenerateBlock(_ md: String) -> String? {
        let lines = md.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasSuffix("Regenerate with:") }), start + 2 < lines.count else {
            return nil
        }
        let open = lines[start + 2]
        let n = open.prefix { $0 == "`" }.count
        guard n >= 3 else { return nil }
        var body: [String] = []
        for line in lines[(start + 3)...] {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.count >= n && t.allSatisfy({ $0 == "`" }) { return body.joined(separator: "\n") }
            body.append(line)
        }
        return nil
    }

    /// The image `![alt](target)` starting at `c[i]` (the `!`): its target and the index after
    /// it, the alt text read with backslash escapes; nil when there is none.
    static func image(_ c: [Character], at i: Int) -> (target: String, end: Int)? {
        guard i + 1 < c.count, c[i] == "!", c[i + 1] == "[" else { return nil }
        var j = i + 2
        while j < c.count && c[j] != "]" { j += c[j] == "\\" ? 2 : 1 }
        guard j + 1 < c.count, c[j + 1] == "(", let close = c[(j + 2)...].firstIndex(of: ")") else { return nil }
        return (String(c[(j + 2)..<close]), close + 1)
    }

    /// The targets of `![alt](target)` images.
    static func imageTargets(_ md: String) -> [String] {
        var out: [String] = []
        for line in md.components(separatedBy: "\n") {
            let c = Array(line)
            var i = 0
            while i < c.count {
                if c[i] == "\\" {
                    i += 2
                    continue
                }
                if let img = image(c, at: i) {
                    out.append(img.target)
                    i = img.end
                    continue
                }
                i += 1
            }
        }
        return out
    }

    /// What in `md` a CommonMark renderer could turn into HTML or a link, outside code: an
    /// unescaped `<` (but the report's own `<code>` tags), or an unescaped `[` that is not an
    /// image of one of `charts`.
    static func markdownViolations(_ md: String, charts: Set<String>) -> [String] {
        var problems: [String] = []
        var fence = 0
        for line in md.components(separatedBy: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            let ticks = t.prefix { $0 == "`" }.count
            if fence > 0 {
                if ticks >= fence && t.allSatisfy({ $0 == "`" }) { fence = 0 }
                continue
            }
            if ticks >= 3 {
                fence = ticks
                continue
            }
            let c = Array(line)
            var i = 0
            while i < c.count {
                if c[i] == "\\" {
                    i += 2
                    continue
                }
                if c[i] == "`" {
                    var n = 0
                    while i + n < c.count && c[i + n] == "`" { n += 1 }
                    let run = String(repeating: "`", count: n)
                    let rest = String(c[(i + n)...])
                    if let end = rest.range(of: run), rest[end.upperBound...].first != "`" {
                        i += n + rest.distance(from: rest.startIndex, to: end.upperBound)
                    } else {
                        i += n
                    }
                    continue
                }
                if c[i] == "<" {
                    let tag = String(c[i...].prefix(7))
                    if tag.hasPrefix("<code>") || tag.hasPrefix("</code>") {
                        i += tag.hasPrefix("<code>") ? 6 : 7
                        continue
                    }
                    problems.append("raw < in: \(line)")
                }
                if let img = image(c, at: i) {
                    let own = img.target.removingPercentEncoding.map(charts.contains) ?? false
                    if !own { problems.append("image of \(img.target)") }
                    i = img.end
                    continue
                }
                if c[i] == "[" { problems.append("a link could start at: \(line)") }
                i += 1
            }
        }
        return problems
    }

    /// `j` with every string (object keys of names included) made hostile; structural words
    /// (metric, status, side, algorithm, layout, kernel) kept so that every section is drawn.
    static func hostile(_ j: JSON, key: String = "") -> JSON {
        // Words the report reads as values (and numeric variant keys, which documents range-check
        // since defect 3) stay as they are; every other string is made hostile.
        let keep: Set<String> = [
            "metric", "compare", "status", "side", "algorithm", "layout", "kernel", "layoutlab", "element",
            "mr", "nr", "kc", "mc", "nc",
        ]
        let named: Set<String> = ["regions", "point", "shape", "model", "measured", "sweep"]
        // No `/`: level names with one are refused (defect 11), and these must pass.
        func h(_ s: String) -> String { s + "<script>x[c](javascript:alert(1))<img src=x onerror=y>" }
        switch j {
        case .string(let s): return keep.contains(key) ? j : .string(h(s))
        case .array(let a): return .array(a.map { hostile($0, key: key) })
        case .object(let o):
            let names = named.contains(key)
            // `measured.time` is the schema's own key (the wall time, not an event name): kept.
            let fixed = key == "measured" ? [MeasuredRecord.timeKey] : []
            return .object(
                o.map { k, v in (names && !fixed.contains(k) ? h(k) : k, hostile(v, key: names ? "" : k)) })
        default: return j
        }
    }

    /// RFC 4180 rows (CRLF ends, quoted fields with doubled quotes).
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        let u = Array(text.unicodeScalars)
        var i = 0
        while i < u.count {
            let ch = u[i]
            if quoted {
                if ch == "\"" {
                    if i + 1 < u.count && u[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                row.append(field)
                field = ""
            } else if ch == "\r" && i + 1 < u.count && u[i + 1] == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                i += 1
            } else {
                field.unicodeScalars.append(ch)
            }
            i += 1
        }
        return rows
    }
}
