import ResultsSchema
import CacheSim
import Foundation
import LayoutConfig
import Testing
@testable import LayoutLabKit
import TestSupport

/// LayoutLab against pycachesim, an independent simulator (C backend), on the same traces:
/// misses, write-backs and the write-backs of the final flush must be equal at every level.
///
/// pycachesim departs from DineroIV's rules, which LayoutLab follows, in two places, each
/// pinned by a hand-checked test below: a store hit does not refresh recency, and a store
/// miss fetches the line even when the store covers all of it (so a full-line write-back
/// that misses a middle level reads the level below). The comparisons stay where the rules
/// agree: load-only traces on every hierarchy and policy; traces with stores (smaller than a
/// line) under FIFO, which no hit changes, on hierarchies of at most two levels. Needs
/// `python3 -m pip install pycachesim==0.3.1` (`.ci/run` installs it).
@Suite(.enabled(if: PyCacheSim.installed, "pycachesim is not installed: python3 -m pip install pycachesim==0.3.1"))
struct PyCacheSimCrossCheckTests {
    static let hierarchies: [[(Int, Int, Int)]] = [
        [(1024, 64, 2)],
        [(1024, 64, 2), (4096, 64, 4)],
        [(512, 32, 1), (2048, 64, 4), (8192, 64, 8)],  // direct-mapped L1, wider L2 lines
        [(512, 64, 8), (4096, 128, 2)],  // fully associative L1
        [(32 << 10, 64, 8), (256 << 10, 64, 8)],
    ]

    @Test(arguments: [ReplacementPolicy.lru, .fifo], 0..<hierarchies.count)
    func loadOnlyTraces(_ policy: ReplacementPolicy, _ index: Int) throws {
        try compare(
            Self.hierarchies[index], policy: policy,
            trace: Self.randomTrace(seed: UInt64(index), stores: false, span: 8 * Self.capacity(index)))
    }

    @Test(arguments: hierarchies.indices.filter { hierarchies[$0].count <= 2 })
    func fifoWithStores(_ index: Int) throws {
        try compare(
            Self.hierarchies[index], policy: .fifo,
            trace: Self.randomTrace(seed: 100 + UInt64(index), stores: true, span: 8 * Self.capacity(index)))
    }

    /// A kernel's own trace: naive and tiled GEMM exported by `layoutlab trace`, through a
    /// FIFO hierarchy (the trace has stores).
    @Test(arguments: ["naive", "tiled"])
    func engineTraceUnderFIFO(_ variant: String) throws {
        let scratch = TestDirectory("layoutlab-pycachesim"), dir = scratch.path
        defer { withExtendedLifetime(scratch) {} }  // keep the directory to the end of the test
        try """
        name: fifo
        levels:
          - {name: L1, size: 1KiB, line: 64, ways: 2, policy: fifo}
          - {name: L2, size: 8KiB, line: 64, ways: 4, policy: fifo}

        """.write(toFile: dir + "/m.yaml", atomically: true, encoding: .utf8)
        try """
        name: xcheck
        machine: m.yaml
        kernel: gemm
        shape: {m: 24, n: 20, k: 16}
        variants:
          - {name: naive, loops: ijk}
          - {name: tiled, algorithm: tiled, tile: 8, loops: ikj}

        """.write(toFile: dir + "/e.yaml", atomically: true, encoding: .utf8)
        let spec = try ExperimentSpec.load(path: dir + "/e.yaml")
        let trace = dir + "/t.din"
        _ = try TraceJob.run(spec, variant: variant, point: [:], format: .din, output: trace)
        let ours = try ReplayJob.run(path: trace, format: .din, machine: spec.machine, classify: false)
        try expectEqual(ours, PyCacheSim.replay(spec.machine.levels, trace: trace), "gemm \(variant)")
    }

    /// Store-hit recency, on a 2-way, one-set L1: load X, load Y, store X (a hit), load Z,
    /// load X. Refreshing X on the store (LayoutLab, DineroIV) evicts Y for Z, and the last load
    /// hits: 3 misses. Not refreshing it (pycachesim) evicts X, dirty, and the last load
    /// misses: 4 misses, 1 write-back.
    @Test func storeHitRecencyDiffers() throws {
        let (ours, theirs) = try Self.both(
            [LevelConfig(name: "L1", size: 128, line: 64, ways: 2)],
            "r 0 4\nr 40 4\nw 0 4\nr 80 4\nr 0 4\n")
        #expect(ours[0].misses == 3 && ours[0].writebacks == 0)
        #expect(theirs[0].misses == 4 && theirs[0].writebacks == 1)
    }

    /// A store that covers its whole line: one 64-byte store into empty 64-byte-line levels.
    /// Both count an L1 miss; LayoutLab (DineroIV) allocates without reading, so L2 sees
    /// nothing, while pycachesim fetches the line: 1 L2 miss.
    @Test func wholeLineStoreFetchDiffers() throws {
        let (ours, theirs) = try Self.both(
            [
                LevelConfig(name: "L1", size: 128, line: 64, ways: 2),
                LevelConfig(name: "L2", size: 512, line: 64, ways: 2),
            ], "w 0 40\n")
        #expect(ours.map(\.misses) == [1, 0])
        #expect(theirs.map(\.misses) == [1, 1])
    }

    /// Both simulators' end-of-trace counters, as pycachesim's output rows.
    static func both(_ levels: [LevelConfig], _ trace: String) throws -> (
        ours: [PyCacheSim.Level], theirs: [PyCacheSim.Level]
    ) {
        let scratch = TestDirectory("layoutlab-pycachesim"), path = write(trace, in: scratch)
        defer { withExtendedLifetime(scratch) {} }
        let run = try ReplayJob.run(
            path: path, format: .din, machine: MachineSpec(name: "x", levels: levels, source: "test"))
        let ours = zip(run.stats.end.levels, run.stats.flushed.levels).map { e, f in
            PyCacheSim.Level(
                name: e.config.name, misses: e.total.misses, writebacks: e.total.writebacks,
                flushedWritebacks: f.total.writebacks)
        }
        return (ours, try PyCacheSim.replay(levels, trace: path))
    }

    func compare(_ shape: [(Int, Int, Int)], policy: ReplacementPolicy, trace: String) throws {
        let scratch = TestDirectory("layoutlab-pycachesim"), path = Self.write(trace, in: scratch)
        defer { withExtendedLifetime(scratch) {} }
        let levels = shape.enumerated().map { i, s in
            LevelConfig(name: "L\(i + 1)", size: s.0, line: s.1, ways: s.2, policy: policy)
        }
        let machine = MachineSpec(name: "xcheck", levels: levels, source: "test")
        let ours = try ReplayJob.run(path: path, format: .din, machine: machine, classify: false)
        // A comparison is only worth something if every level both hits and misses.
        for level in ours.stats.end.levels {
            #expect(level.total.hits > 0 && level.total.misses > 0, "\(level.config.name) never hits or never misses")
        }
        try expectEqual(ours, PyCacheSim.replay(levels, trace: path), "\(policy) \(shape)")
    }

    func expectEqual(_ ours: ReplayResult, _ theirs: [PyCacheSim.Level], _ what: String) {
        #expect(theirs.count == ours.stats.end.levels.count)
        for (i, t) in theirs.enumerated() {
            let end = ours.stats.end.levels[i].total, flushed = ours.stats.flushed.levels[i].total
            #expect(end.misses == t.misses, "\(what) \(t.name) misses")
            #expect(end.writebacks == t.writebacks, "\(what) \(t.name) write-backs")
            #expect(flushed.writebacks == t.flushedWritebacks, "\(what) \(t.name) write-backs after the flush")
        }
    }

    static func capacity(_ index: Int) -> Int { hierarchies[index].map(\.0).max()! }

    static func randomTrace(seed: UInt64, stores: Bool, span: Int) -> String {
        // Stores stay below 64 bytes: pycachesim fetches for a store that covers its line.
        CrossCheckTrace(
            seed: seed, count: 20_000, span: span, maxSize: stores ? 32 : 128,
            writePermille: stores ? 333 : 0
        ).text
    }

    /// Writes the trace into the test's own directory: parameterized cases run in parallel,
    /// so a name shared by two cases (the old `pid-policy-levels-size`) let one case delete or
    /// overwrite the other's trace.
    static func write(_ text: String, in scratch: TestDirectory) -> String {
        let path = scratch.file("trace.din")
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
}

/// Runs `Tests/CrossCheck/pycachesim_replay.py`.
enum PyCacheSim {
    struct Level: Decodable {
        var name: String
        var misses: UInt64
        var writebacks: UInt64
        var flushedWritebacks: UInt64
    }
    struct Output: Decodable { var levels: [Level] }

    static let script = repoRoot + "/Tests/CrossCheck/pycachesim_replay.py"

    static let installed: Bool = (try? run(["--probe"])) != nil

    static func replay(_ levels: [LevelConfig], trace: String) throws -> [Level] {
        let machine = levels.map { l -> [String: Any] in
            [
                "name": l.name, "sets": l.sets, "ways": l.ways, "line": l.line,
                "policy": l.policy == .lru ? "LRU" : "FIFO",
            ]
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["levels": machine]), as: UTF8.self)
        return try JSONDecoder().decode(Output.self, from: run([json, trace])).levels
    }

    struct Failed: Error, CustomStringConvertible { var description: String }

    static func run(_ arguments: [String]) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failed(description: "pycachesim_replay.py: " + String(decoding: message, as: UTF8.self))
        }
        return data
    }
}
