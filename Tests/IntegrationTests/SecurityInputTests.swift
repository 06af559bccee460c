import ResultsSchema
import Foundation
import Testing
@testable import LayoutConfig
@testable import LayoutLabKit
import TestSupport

/// Issue 25 (security round 3), the input classes: YAML whose aliases expand past the limits
/// (2), trace points outside the sweep (7) and cache geometries whose products overflow (12).
/// Each case runs the CLI as a user would: one line on stderr, exit 1, never a signal. The alias limits'
/// in-process checks are in `LayoutConfigTests/SecurityInputConfigTests.swift`.
@Suite(.serialized) struct SecurityInputTests {
    let scratch = TestDirectory("layoutlab-security-input")

    func write(_ text: String, _ name: String) -> String {
        let p = scratch.file(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    /// One line on stderr, exit 1, within the time limit.
    func oneLineError(_ r: CLIProcess.Result) -> Bool {
        r.status == 1 && !r.hung && r.err.split(separator: "\n").count == 1
    }

    /// `- {text: &aN [*aN-1]}` 50,000 times: 2 levels of text, 50,000 levels once expanded.
    static var aliasChain: String {
        var s = "name: chain\nlevels:\n  - {name: L1, size: 32KiB, line: 64, ways: 8}\nx:\n  - {text: &a0 [1]}\n"
        for i in 1..<50_000 { s += "  - {text: &a\(i) [*a\(i - 1)]}\n" }
        return s
    }

    /// Ten anchors of ten aliases each: 10^10 nodes expanded, 1 KB of text.
    static var billionLaughs: String {
        var s = "name: laughs\nlevels:\n  - {name: L1, size: 32KiB, line: 64, ways: 8}\n"
        s += "a0: &a0 [lol]\n"
        for i in 1..<10 {
            s += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return s
    }

    @Test func defect02_aliasesThatNestDeepAreRefusedInOneLine() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let machine = write(Self.aliasChain, "chain.yaml")
        let r = try CLIProcess.run(["machine", "show", machine], limit: 30)
        // Item N (line 5 + N) sits 4 nodes deep (the root mapping, `x`'s list, the item's mapping,
        // its `text` list); the alias inside it brings a(N-1), which expands to N lists and a
        // scalar (a0 = [1] is a list and a scalar): 4 + N + 1 > 128 first at N = 124, line 129.
        #expect(oneLineError(r), "\(r)")
        #expect(r.err.contains("chain.yaml:129: nests deeper than 128 levels once its aliases"), "\(r.err)")
        let exp = write(
            "name: e\nmachine: \(machine)\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants: [{name: ijk}]\n", "e.yaml"
        )
        let s = try CLIProcess.run(["simulate", exp], limit: 30)
        #expect(s.status == 1 && !s.hung && s.err.contains("nests deeper than 128 levels"), "\(s)")
    }

    @Test func defect02_aBillionLaughsIsRefusedInBoundedTime() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let start = Date()
        for (text, name) in [(Self.billionLaughs, "laughs.yaml")] {
            let machine = write(text, name)
            let r = try CLIProcess.run(["machine", "show", machine], limit: 30)
            #expect(oneLineError(r) && r.err.contains("expands to more than 100000 nodes"), "\(r)")
            let exp =
                "name: e\nmachine: tiny\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants: [{name: ijk}]\n"
                + Self.billionLaughs.split(separator: "\n").dropFirst(3).joined(separator: "\n") + "\n"
            let e = try CLIProcess.run(["simulate", write(exp, "e-" + name)], limit: 30)
            #expect(oneLineError(e) && e.err.contains("expands to more than 100000 nodes"), "\(e)")
        }
        // Expanded, the file is 10^10 nodes; refusing it must not walk them.
        #expect(Date().timeIntervalSince(start) < 20)
    }

    static let swept = """
        name: pt
        machine: tiny
        kernel: gemm
        shape: {}
        variants: [{name: ijk}]
        sweep: {m: [8, 16], n: [8], k: [8]}

        """

    @Test(arguments: [
        ("m=abc", "`abc` is not a value of the sweep axis `m` (values: 8, 16)"),
        ("m=99999999999999999999", "`99999999999999999999` is not a value of the sweep axis `m`"),
        ("m=32", "`32` is not a value of the sweep axis `m` (values: 8, 16)"),
        ("size=8", "`size` is not a sweep axis; axes: m, n, k"),
        ("m=8,m=16", "`m` is given twice"),
        ("m=", "expected key=value items"),
    ])
    func defect07_tracePointsAreCheckedLikeSweepValues(_ point: String, _ message: String) throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.swept, "pt.yaml"), out = scratch.file("pt.din")
        let r = try CLIProcess.run(["trace", exp, "--variant", "ijk", "--point", point, "--format", "din", "-o", out])
        #expect(oneLineError(r) && r.err.contains("--point: " + message), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func defect07_withoutAPointEachAxisTakesItsFirstValue() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.swept, "pt.yaml"), out = scratch.file("pt.din")
        let r = try CLIProcess.run(["trace", exp, "--variant", "ijk", "--format", "din", "-o", out])
        // m = 8, the axis's first value: 4 x 8 x 8 x 8 accesses.
        #expect(r.status == 0 && r.out.contains("wrote 2048 accesses"), "\(r)")
    }

    @Test func defect07_aPointOfTheSweepTracesThatRun() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let exp = write(Self.swept, "pt.yaml"), out = scratch.file("pt.din")
        let r = try CLIProcess.run(["trace", exp, "--variant", "ijk", "--point", "m=16", "--format", "din", "-o", out])
        // Naive ijk makes 4 accesses per multiply-add: 4 x 16 x 8 x 8.
        #expect(r.status == 0 && r.out.contains("wrote 4096 accesses"), "\(r)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count
        #expect(lines == 4 * 16 * 8 * 8)
    }

    @Test(arguments: [
        "{name: L1, size: 1GiB, line: 1099511627776, ways: 16777216}",
        "{name: L1, size: 9223372036854775807, line: 4611686018427387904, ways: 4}",
        "{name: L1, size: 64, line: 4611686018427387904, ways: 2}",
    ])
    func defect12_geometryProductsAreChecked(_ level: String) throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let machine = write("name: geo\nlevels:\n  - \(level)\n", "geo.yaml")
        let r = try CLIProcess.run(["machine", "show", machine])
        #expect(oneLineError(r) && r.err.contains("geo.yaml:3: levels[0].size: size"), "\(r)")
        let exp = write(
            "name: g\nmachine: \(machine)\nkernel: gemm\nshape: {m: 8, n: 8, k: 8}\nvariants: [{name: ijk}]\n",
            "g.yaml")
        let s = try CLIProcess.run(["simulate", exp])
        #expect(oneLineError(s) && s.err.contains("levels[0].size"), "\(s)")
    }

    @Test func defect12_levelsWhoseLineCountsSumPastIntAreRefused() throws {
        // Each level alone fits an Int of lines (2^61 bytes / 4-byte lines = 2^59); eight such
        // levels sum past 2^62 lines, far past any memory, and must be refused, not wrap.
        var text = "name: many\nlevels:\n"
        for i in 1...8 { text += "  - {name: L\(i), size: 2305843009213693952, line: 4, ways: 4}\n" }
        let r = try CLIProcess.run(["machine", "show", write(text, "many.yaml")])
        #expect(oneLineError(r) && r.err.contains("more than half of this machine's memory"), "\(r)")
    }
}
