import CacheSim
import Foundation
import LayoutConfig
import Testing
@testable import LayoutLabKit

/// LayoutLab against DineroIV 7 itself: `Tests/CrossCheck/dinero_expected.json` holds DineroIV's
/// counts for seeded random traces (1 to 3 levels; direct-mapped to fully associative; 16- to
/// 128-byte lines, wider below; LRU and FIFO; accesses up to 128 bytes that cross lines; a third
/// stores) and for kernel traces from `layoutlab trace`. `dinero_fixture.py` wrote them by running
/// DineroIV on the same traces (see `Tests/CrossCheck/README.md`). Every counter must be equal at
/// every level: loads, stores, load and store misses, the 3C split, write-backs, and write-backs
/// after the final flush.
///
/// One difference is by design: on a FIFO level DineroIV splits capacity from conflict misses
/// with a fully associative FIFO shadow, LayoutLab with a fully associative LRU one (Hill's
/// definition). There the capacity + conflict total is compared instead of each.
@Suite struct DineroIVCrossCheckTests {
    struct Case: Decodable {
        struct Level: Decodable { var size: Int; var line: Int; var ways: Int; var policy: String }
        struct Kernel: Decodable { var experiment: String; var variant: String }
        var name: String
        var levels: [Level]
        var random: CrossCheckTrace?
        var engine: Kernel?
        var fnv1a: String
        var counts: [[UInt64]]
    }

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CrossCheck/dinero_expected.json")
    static let cases: [Case] = {
        struct Document: Decodable { var cases: [Case] }
        guard let data = FileManager.default.contents(atPath: fixture.path),
              let doc = try? JSONDecoder().decode(Document.self, from: data) else { return [] }
        return doc.cases
    }()

    let scratch = TestDirectory("layoutlab-dinero")

    @Test func fixtureCoversEveryKind() {
        #expect(Self.cases.count == 24, "\(Self.fixture.path) missing or unreadable")
        #expect(Self.cases.filter { $0.engine != nil }.count == 8)
        #expect(Self.cases.contains { $0.levels.count == 3 } && Self.cases.contains { $0.levels.contains { $0.policy == "fifo" } })
        for c in Self.cases { #expect(c.counts.count == c.levels.count && c.counts.allSatisfy { $0.count == 9 }, "\(c.name)") }
    }

    @Test(arguments: cases.map(\.name))
    func countsEqualDineroIV(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let levels = c.levels.enumerated().map { i, l in
            LevelConfig(name: "L\(i + 1)", size: l.size, line: l.line, ways: l.ways, policy: l.policy == "fifo" ? .fifo : .lru)
        }
        let machine = MachineSpec(name: "crosscheck", levels: levels, source: "test")
        let trace = try traceFile(c, levels)
        let hash = CrossCheckTrace.fnv1a(try #require(FileManager.default.contents(atPath: trace)))
        try #require(String(hash, radix: 16).leftPadded(16) == c.fnv1a,
                     "\(name): the trace is not the one DineroIV saw; regenerate the fixture (Tests/CrossCheck/README.md)")
        let run = try ReplayJob.run(path: trace, format: .din, machine: machine)
        for (i, expected) in c.counts.enumerated() {
            let e = run.stats.end.levels[i].total, f = run.stats.flushed.levels[i].total
            var ours = [e.loads, e.stores, e.loadMisses, e.storeMisses, e.compulsory, e.capacity, e.conflict,
                        e.writebacks, f.writebacks]
            var theirs = expected
            if levels[i].policy == .fifo {
                ours[5] += ours[6]; ours[6] = 0
                theirs[5] += theirs[6]; theirs[6] = 0
            }
            #expect(ours == theirs, "\(name) L\(i + 1): loads stores loadMisses storeMisses comp cap conf wb flushedWb")
        }
    }

    /// The case's trace as a din file: generated, or exported by `layoutlab trace`'s code path.
    func traceFile(_ c: Case, _ levels: [LevelConfig]) throws -> String {
        let path = scratch.file("t.din")
        if let r = c.random {
            _ = FileManager.default.createFile(atPath: path, contents: Data(r.text.utf8))
            return path
        }
        let k = try #require(c.engine)
        let rows = levels.map { "  - {name: \($0.name), size: \($0.size), line: \($0.line), ways: \($0.ways), policy: \($0.policy)}\n" }
        try ("name: crosscheck\nlevels:\n" + rows.joined()).write(toFile: scratch.file("m.yaml"), atomically: true, encoding: .utf8)
        try k.experiment.write(toFile: scratch.file("e.yaml"), atomically: true, encoding: .utf8)
        let spec = try ExperimentSpec.load(path: scratch.file("e.yaml"))
        _ = try TraceJob.run(spec, variant: k.variant, point: [:], format: .din, output: path)
        return path
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
