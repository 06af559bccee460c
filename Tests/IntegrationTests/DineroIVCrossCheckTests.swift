import ResultsSchema
import CacheSim
import Foundation
import LayoutConfig
import Testing
@testable import LayoutLabKit
import TestSupport

/// LayoutLab against DineroIV 7 itself: `Tests/CrossCheck/dinero_expected.json` holds DineroIV's
/// counts for seeded random traces (1 to 3 levels; direct-mapped to fully associative; 16- to
/// 128-byte lines, wider below; LRU and FIFO; write-back or write-through, with or without
/// write-allocate; DineroIV's miss, always and tagged prefetch with distances 1 and 2; accesses
/// up to 128 bytes that cross lines; a third stores, some misc reads; split L1s with an instruction
/// level beside L1, fed by instruction fetches) and for kernel traces from
/// `layoutlab trace`. `dinero_fixture.py` wrote them by running DineroIV on the same traces (see
/// `Tests/CrossCheck/README.md`). Every counter must be equal at every level: loads, stores, load
/// and store misses, the 3C split, write-backs, write-backs and misses after the final copy-back,
/// and prefetch fills.
///
/// FIFO levels run with `shadow: fifo`, the machine-file option that gives DineroIV's FIFO 3C
/// shadow (LayoutLab's default is an LRU one, Hill's definition).
@Suite struct DineroIVCrossCheckTests {
    struct Case: Decodable {
        struct Level: Decodable {
            var size: Int
            var line: Int
            var ways: Int
            var policy: String
            var write: String?
            var allocate: Bool?
            var prefetch: String?
            var distance: Int?
            var side: String?
        }
        struct Kernel: Decodable {
            var experiment: String
            var variant: String
        }
        var name: String
        var levels: [Level]
        var random: CrossCheckTrace?
        var engine: Kernel?
        var fnv1a: String
        var counts: [[UInt64]]
    }

    static let fixture = URL(fileURLWithPath: repoRoot).appendingPathComponent("Tests/CrossCheck/dinero_expected.json")
    static let cases: [Case] = {
        struct Document: Decodable { var cases: [Case] }
        guard let data = FileManager.default.contents(atPath: fixture.path),
            let doc = try? JSONDecoder().decode(Document.self, from: data)
        else { return [] }
        return doc.cases
    }()

    let scratch = TestDirectory("layoutlab-dinero")

    @Test func fixtureCoversEveryKind() {
        #expect(Self.cases.count == 58, "\(Self.fixture.path) missing or unreadable")
        #expect(Self.cases.filter { $0.engine != nil }.count == 20)
        let levels = Self.cases.flatMap(\.levels)
        #expect(Self.cases.contains { $0.levels.count == 3 } && levels.contains { $0.policy == "fifo" })
        #expect(
            levels.contains { $0.write == "through" } && levels.contains { $0.write == "back" && $0.allocate == false })
        #expect(
            Set(levels.compactMap(\.prefetch)) == ["next-line", "always", "tagged"]
                && levels.contains { $0.distance == 2 })
        #expect(
            Self.cases.contains { ($0.random?.miscPermille ?? 0) > 0 }
                && Self.cases.contains { ($0.random?.maintenancePermille ?? 0) > 0 })
        // Split L1s: instruction fetches reach an instruction level, also with copy-backs and invalidates.
        #expect(
            Self.cases.contains { c in
                c.levels.contains { $0.side == "instruction" } && (c.random?.instructionPermille ?? 0) > 0
                    && (c.random?.maintenancePermille ?? 0) > 0
            })
        #expect(
            Self.cases.contains { c in
                c.levels.count == 4 && c.levels[1].side == "instruction" && c.levels[2].prefetch != nil
            })
        for c in Self.cases {
            #expect(c.counts.count == c.levels.count && c.counts.allSatisfy { $0.count == 11 }, "\(c.name)")
        }
    }

    static func config(_ i: Int, _ l: Case.Level, split: Bool = false) -> LevelConfig {
        let name = l.side == "instruction" ? "L1I" : "L\(split && i > 1 ? i : i + 1)"
        var c = LevelConfig(
            name: name, size: l.size, line: l.line, ways: l.ways, policy: l.policy == "fifo" ? .fifo : .lru,
            writeBack: l.write != "through", writeAllocate: l.allocate ?? true,
            prefetch: l.prefetch.flatMap(PrefetchKind.init(rawValue:)) ?? .none,
            prefetchDistance: l.distance ?? 1)
        c.fifoShadow = c.policy == .fifo
        c.instruction = l.side == "instruction"
        return c
    }

    @Test(arguments: cases.map(\.name))
    func countsEqualDineroIV(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let split = c.levels.contains { $0.side == "instruction" }
        let levels = c.levels.enumerated().map { Self.config($0, $1, split: split) }
        let machine = MachineSpec(name: "crosscheck", levels: levels, source: "test")
        let trace = try traceFile(c, levels)
        let hash = CrossCheckTrace.fnv1a(try #require(FileManager.default.contents(atPath: trace)))
        try #require(
            String(hash, radix: 16).leftPadded(16) == c.fnv1a,
            "\(name): the trace is not the one DineroIV saw; regenerate the fixture (Tests/CrossCheck/README.md)")
        let run = try ReplayJob.run(path: trace, format: .din, machine: machine)
        for (i, expected) in c.counts.enumerated() {
            let e = run.stats.end.levels[i].total, f = run.stats.flushed.levels[i].total
            let ours = [
                e.loads, e.stores, e.loadMisses, e.storeMisses, e.compulsory, e.capacity, e.conflict,
                e.writebacks, f.writebacks, e.prefetches, f.misses,
            ]
            #expect(
                ours == expected,
                """
                \(name) \(levels[i].name): loads stores loadMisses storeMisses comp cap conf wb flushedWb \
                prefetches flushedMisses
                """
            )
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
        let rows = levels.map {
            """
              - {name: \($0.name), size: \($0.size), line: \($0.line), ways: \($0.ways), policy: \
            \($0.policy.rawValue)}\n
            """
        }
        try ("name: crosscheck\nlevels:\n" + rows.joined()).write(
            toFile: scratch.file("m.yaml"), atomically: true, encoding: .utf8)
        try k.experiment.write(toFile: scratch.file("e.yaml"), atomically: true, encoding: .utf8)
        let spec = try ExperimentSpec.load(path: scratch.file("e.yaml"))
        _ = try TraceJob.run(spec, variant: k.variant, point: [:], format: .din, output: path)
        return path
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
