import CacheSim
import Counters
import Foundation
import Traces
import Reporting
import AccessSink
import SafeIO

/// `layoutlab bench`: simulator throughput from memory and from a dinero-binary file,
/// plus the engine checks (see `EngineBench`). Timings are medians of several runs.
public enum BenchJob {
    public struct Row: Sendable, BenchRow {
        public var name: String
        public var accesses: UInt64
        public var medianSeconds: Double
        public var accessesPerSecond: Double { Double(accesses) / medianSeconds }
    }

    /// A deterministic synthetic trace: three interleaved streams like an `ikj` GEMM inner loop
    /// (a unit-stride load stream, a unit-stride load+store stream, a reused scalar), with a
    /// 1-in-16 random access over 8 MiB. 4- or 8-byte accesses.
    public static func syntheticTrace(count: Int) -> [(UInt64, UInt32, AccessKind)] {
        var out: [(UInt64, UInt32, AccessKind)] = []
        out.reserveCapacity(count)
        var rng: UInt64 = 0x2545F4914F6CDD1D
        var b: UInt64 = 0x100000, c: UInt64 = 0x900000
        let base: UInt64 = 0x1000000
        func add(_ r: (UInt64, UInt32, AccessKind)) { if out.count < count { out.append(r) } }
        while out.count < count {
            rng ^= rng << 13
            rng ^= rng >> 7
            rng ^= rng << 17
            if rng & 15 == 0 {
                add((base + (rng >> 20) % (8 << 20) & ~7, 8, .load))
                continue
            }
            add((0x10000 + (rng >> 40) % 4096 & ~3, 4, .load))
            add((b, 4, .load))
            b = b + 4 > 0x500000 ? 0x100000 : b + 4
            add((c, 4, .load))
            add((c, 4, .store))
            c = c + 4 > 0xD00000 ? 0x900000 : c + 4
        }
        return out
    }

    /// Replays `trace` from memory into a fresh hierarchy `runs` times; median seconds.
    public static func fromMemory(
        _ levels: [LevelConfig], _ trace: [(UInt64, UInt32, AccessKind)],
        classify: Bool, runs: Int
    ) -> Double {
        median(
            (0..<runs).map { _ in
                var sim = CacheHierarchy(levels, classify: classify)
                let t0 = DispatchTime.now().uptimeNanoseconds
                trace.withUnsafeBufferPointer { buf in
                    for r in buf { sim.access(address: r.0, size: r.1, kind: r.2, region: 0) }
                }
                let t1 = DispatchTime.now().uptimeNanoseconds
                precondition(sim.stats().accesses == UInt64(trace.count))
                return Double(t1 - t0) / 1e9
            })
    }

    /// Writes `trace` as a dinero-binary file at `path` and times replays of it (parse + simulate).
    public static func fromDineroBinary(
        _ levels: [LevelConfig], _ trace: [(UInt64, UInt32, AccessKind)],
        path: String, runs: Int
    ) throws -> Double {
        var w = try TraceWriter(path: path, format: .dineroBinary)
        for r in trace { w.access(address: r.0, size: r.1, kind: r.2, region: 0) }
        try w.finish()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try median(
            (0..<runs).map { _ in
                var sim = CacheHierarchy(levels, classify: false)
                let t0 = DispatchTime.now().uptimeNanoseconds
                let src = try ByteSource(path: path)
                _ = try TraceReader.replayDineroBinary(src, into: &sim)
                let t1 = DispatchTime.now().uptimeNanoseconds
                return Double(t1 - t0) / 1e9
            })
    }

    public static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Peak resident memory of this process in bytes (VmHWM), or nil where /proc is missing.
    public static func peakMemoryBytes() -> Int? {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return nil
    }
}

extension BenchJob {
    /// The simulator figures: L1-only and L1+L2 LRU from memory (3C off and on), and L1+L2
    /// replaying a dinero-binary file.
    /// `done` gets each row as it finishes.
    public static func simulatorRows(
        l1: [LevelConfig], l12: [LevelConfig], accesses: Int, runs: Int,
        done: (Row) -> Void = { _ in }
    ) throws -> [Row] {
        let trace = syntheticTrace(count: accesses)
        let n = UInt64(accesses)
        // In a private folder (mkdtemp, 0700), not a predictable name in a shared /tmp.
        let scratch: PrivateScratch
        do {
            scratch = try PrivateScratch(prefix: "layoutlab-bench")
        } catch let e as CallgrindError {
            throw LayoutLabError(e.description)
        }
        defer { scratch.remove() }
        let tmp = scratch.path + "/trace.din.bin"
        let figures: [(String, () throws -> Double)] = [
            ("simulator: L1 LRU, from memory", { fromMemory(l1, trace, classify: false, runs: runs) }),
            ("simulator: L1+L2 LRU, from memory", { fromMemory(l12, trace, classify: false, runs: runs) }),
            ("simulator: L1+L2 LRU + 3C, from memory", { fromMemory(l12, trace, classify: true, runs: runs) }),
            ("replay: L1+L2 LRU, dinero-binary file", { try fromDineroBinary(l12, trace, path: tmp, runs: runs) }),
        ]
        return try figures.map { name, measure in
            let row = Row(name: name, accesses: n, medianSeconds: try measure())
            done(row)
            return row
        }
    }
}
