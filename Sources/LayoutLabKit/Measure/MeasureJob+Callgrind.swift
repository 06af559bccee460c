import Counters
import Engine
import Foundation
import LayoutConfig
import Reporting
import CacheSim
import SafeIO

/// Which real-run counters `measure` collects: PAPI's (hardware), Callgrind's (Valgrind's cache
/// simulator on the native kernel, which works without a PMU), or both.
public enum CounterSource: String, CaseIterable, Sendable {
    case papi, callgrind, both
    var usesPAPI: Bool { self != .callgrind }
    var usesCallgrind: Bool { self != .papi }
}

/// How `measure` runs each variant's native kernel under Callgrind: this binary (stripped of
/// debug info) runs `native-kernel EXPERIMENT --point-index P --variant-index V`, which brackets
/// the kernel with Callgrind's client requests.
public struct CallgrindSetup: Sendable {
    /// The running `layoutlab` binary.
    public var executable: String
    /// The experiment argument as the user gave it (a file or a bundled name), for the child.
    public var experiment: String
    public init(executable: String, experiment: String) {
        self.executable = executable
        self.experiment = experiment
    }
}

extension MeasureJob {
    /// `--D1` from the machine's first level and `--LL` from its last; a geometry Valgrind cannot
    /// model is refused with one line naming the level.
    static func callgrindGeometry(_ m: MachineSpec) throws -> (d1: Callgrind.Geometry, ll: Callgrind.Geometry) {
        let data = m.levels.filter { !$0.instruction }
        guard let first = data.first, let last = data.last else {
            throw LayoutLabError(
                """
                machine \(m.name) has no levels
                """)
        }
        func g(_ c: LevelConfig) throws -> Callgrind.Geometry {
            let geo = Callgrind.Geometry(size: c.size, ways: c.ways, line: c.line)
            if let p = geo.problem {
                throw LayoutLabError("--counters callgrind: machine \(m.name), level \(c.name): \(p)")
            }
            return geo
        }
        return (try g(first), try g(last))
    }

    /// Callgrind's counters for every run (points outer, variants inner, as `run` measures them),
    /// each `callgrind::NAME`; every event `unavailable` with the reason when Valgrind cannot run.
    static func callgrindCounters(_ spec: ExperimentSpec, host: MachineSpec, setup: CallgrindSetup) throws -> [[String:
        EventResult]]
    {
        let (d1, ll) = try callgrindGeometry(host)
        let count = spec.runs.count
        func unavailable(_ why: String) -> [[String: EventResult]] {
            Array(
                repeating: Dictionary(
                    uniqueKeysWithValues: Callgrind.events.map {
                        ("callgrind::\($0)", EventResult.unavailable(reason: why))
                    }),
                count: count)
        }
        guard Callgrind.clientRequestsBuiltIn else {
            return unavailable(
                "this layoutlab was built without valgrind/callgrind.h (install Debian's `valgrind` and rebuild)")
        }
        guard Callgrind.valgrindPath() != nil else {
            return unavailable("valgrind is not installed (Debian package `valgrind`)")
        }
        // A private folder (mkdtemp, 0700) that a signal removes too; a missing TMPDIR is an error.
        let scratch: PrivateScratch
        do {
            scratch = try PrivateScratch(prefix: "layoutlab-callgrind")
        } catch let e as CallgrindError {
            throw LayoutLabError("--counters callgrind: \(e.description)")
        }
        defer { scratch.remove() }
        let binary: String
        switch Callgrind.strippedCopy(of: setup.executable, in: scratch) {
        case .success(let b): binary = b
        case .failure(let e): return unavailable(e.description)
        }
        var out: [[String: EventResult]] = []
        for p in spec.points.indices {
            for v in spec.variants.indices {
                // `--` first: an experiment path that starts with `-` is a path, not an option.
                let args = [
                    "native-kernel", "--point-index", "\(p)", "--variant-index", "\(v)", "--", setup.experiment,
                ]
                switch Callgrind.run(executable: binary, arguments: args, d1: d1, ll: ll, scratch: scratch) {
                case .success(let totals):
                    out.append(
                        Dictionary(
                            uniqueKeysWithValues: Callgrind.events.map { e in
                                let x = totals[e] ?? 0
                                return ("callgrind::\(e)", EventResult.ok(median: Double(x), min: x, max: x))
                            }))
                case .failure(let e):
                    out.append(unavailable(e.description)[0])
                }
            }
        }
        return out
    }

    /// The child's side: builds run (point `p`, variant `v`) on fresh buffers, then runs its native
    /// kernel once between Callgrind's start and stop requests.
    public static func nativeKernelUnderCallgrind(_ spec: ExperimentSpec, pointIndex p: Int, variantIndex v: Int) throws
    {
        guard spec.points.indices.contains(p), spec.variants.indices.contains(v) else {
            throw LayoutLabError(
                """
                --point-index \(p) / --variant-index \(v): the experiment has \(spec.points.count) point(s) and \
                \(spec.variants.count) variant(s)
                """
            )
        }
        let kernel = try EngineDriver.nativeKernel(
            spec.runs[p * spec.variants.count + v], element: spec.element,
            buffers: Buffers(pages: MmapPages()))
        Callgrind.start()
        kernel()
        Callgrind.stop()
    }

    /// Callgrind's misses at `cache` ("D1" or "DL"), reads plus writes, when both were measured.
    static func callgrindMisses(_ r: MeasuredRun, _ cache: String) -> Double? {
        guard let rd = median(r, "callgrind::\(cache)mr"), let wr = median(r, "callgrind::\(cache)mw") else {
            return nil
        }
        return rd + wr
    }

    /// The native kernel's data accesses (Dr + Dw), when measured.
    static func callgrindAccesses(_ r: MeasuredRun) -> Double? {
        guard let rd = median(r, "callgrind::Dr"), let wr = median(r, "callgrind::Dw") else { return nil }
        return rd + wr
    }

    /// Per run: (level, event, simulated, measured) for Callgrind's D1 against the first level and
    /// its LL against the last.
    static func callgrindComparisons(_ r: MeasuredRun) -> [(
        key: String, level: String, event: String, simulated: UInt64, measured: Double
    )] {
        let levels = r.simulated.stats.end.levels.filter { !$0.config.instruction }
        guard let first = levels.first, let last = levels.last else { return [] }
        var out: [(key: String, level: String, event: String, simulated: UInt64, measured: Double)] = []
        if let d1 = callgrindMisses(r, "D1") {
            out.append(("callgrind", first.config.name, "callgrind::D1mr+D1mw", first.total.misses, d1))
        }
        if let dl = callgrindMisses(r, "DL") {
            out.append(("callgrindLL", last.config.name, "callgrind::DLmr+DLmw", last.total.misses, dl))
        }
        return out
    }
}

extension RunSpec {
    /// Multiply-adds: m·n·k for GEMM; outputs x (c/groups)·r·s for convolution.
    var multiplyAdds: Double {
        switch kernel {
        case .gemm(let s, _): return Double(s.m) * Double(s.n) * Double(s.k)
        case .conv(let s, _): return s.multiplyAdds
        }
    }
}
