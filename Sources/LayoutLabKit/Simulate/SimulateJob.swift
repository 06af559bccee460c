import CacheSim
import Dispatch
import Engine
import Foundation
import LayoutConfig
import Models
import Reporting
import ResultsSchema

/// One variant at one sweep point, simulated.
public struct RunResult: Sendable {
    public var variant: String
    public var point: SweepPoint
    public var accesses: UInt64
    public var footprintBytes: UInt64
    public var stats: SimulationStats
    /// The analytical model's predicted misses per level (nil where it does not apply; a nil
    /// level has no prediction) and why a level has none.
    public var model: [UInt64?]?
    public var modelNote: String?
    /// What warping did: nil when it was not attempted (see `SimulateJob+Warp.swift`).
    public var warp: WarpSummary? = nil
    /// Wall seconds the simulation took (the journal keeps it for the sweep estimate; not in
    /// the results document, which stays the same from run to run).
    public var seconds: Double? = nil
    /// The sweep position of the run whose counts these are, where this run is one the sweep
    /// does not change (`RunSpec.sameAs`); the document's `sameAs`.
    public var sameAs: Int? = nil
}

/// `layoutlab simulate`: every variant at every sweep point through the machine's hierarchy.
public enum SimulateJob {
    /// Simulates `runs` (only the indices in `only`, all by default) on the cores, calling
    /// `finish` with each result as it completes; the first error is rethrown after all stop.
    static func simulateAll(
        _ runs: [RunSpec], only: [Int]? = nil, alreadyDone: Int = 0, element: ElementType,
        levels: [LevelConfig], classify: Bool, warp: Bool = true, progress: (@Sendable (Int, Int) -> Void)?,
        monitor: SweepProgress? = nil, finish: @escaping @Sendable (Int, RunResult) throws -> Void
    ) throws {
        let todo = only ?? Array(runs.indices)
        let failure = Locked<Error?>(nil)
        let finished = Locked(alreadyDone)
        // Runs side by side must fit in memory together, not just one by one.
        let perRun = todo.map { runs[$0].arrayBytes + tagStoreBytes(levels) }
        let gate = DispatchSemaphore(
            value: concurrency(
                runBytes: perRun, budget: MemoryBudget.current.bytes / 2,
                cores: ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: todo.count) { t in
            let i = todo[t]
            gate.wait()
            do {
                let watch = monitor.map { m in { (sim: CacheHierarchy) in m.started(i, runs[i], sim: sim) } }
                try finish(
                    i,
                    try simulate(
                        runs[i], element: element, levels: levels, classify: classify, warp: warp, watch: watch))
            } catch { failure.with { if $0 == nil { $0 = error } } }
            monitor?.finished(i)
            gate.signal()
            let d = finished.with {
                $0 += 1
                return $0
            }
            progress?(d, runs.count)
        }
        if let e = failure.with({ $0 }) { throw e }
    }

    /// How many runs may execute at once: one per core, fewer when that many of the largest run
    /// would pass `budget` bytes together; at least one (each run alone was checked when read).
    static func concurrency(runBytes: [Double], budget: Double, cores: Int) -> Int {
        guard let largest = runBytes.max(), largest > 0 else { return max(cores, 1) }
        return max(1, min(cores, Int(budget / largest)))
    }

    /// Bytes of a hierarchy's tag store with its 3C shadow (as MachineSpec's memory check counts).
    static func tagStoreBytes(_ levels: [LevelConfig]) -> Double {
        Double(levels.reduce(0) { $0 + $1.size / max($1.line, 1) }) * 58
    }

    /// One run: the kernel drives a fresh hierarchy directly; counters at the end, then flushed.
    /// `watch` gets the hierarchy before the run starts (a progress line reads its counters).
    public static func simulate(
        _ run: RunSpec, element: ElementType, levels: [LevelConfig],
        classify: Bool = true, warp: Bool = true, watch: ((CacheHierarchy) -> Void)? = nil
    ) throws -> RunResult {
        let t0 = DispatchTime.now().uptimeNanoseconds
        var sim = CacheHierarchy(levels, classify: classify)
        watch?(sim)
        var summary: WarpSummary?
        let arrays =
            warp && sim.warpable
            ? try driveWarped(run, element: element, sim: sim, summary: &summary)
            : try EngineDriver.drive(run, element: element, sink: &sim)
        let end = sim.stats()
        sim.flush()
        let model = AnalyticModel.predict(
            run, elementSize: element.size, accSize: element.accumulatorSize, levels: levels)
        return RunResult(
            variant: run.variant, point: run.point, accesses: end.accesses,
            footprintBytes: arrays.reduce(0) { $0 + $1.bytes },
            stats: SimulationStats(end: end, flushed: sim.stats(), regionNames: Region.names),
            model: model?.misses, modelNote: model?.note, warp: summary,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9, sameAs: run.sameAs)
    }
}

/// A value behind a lock, for results gathered from concurrent runs.
final class Locked<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ v: T) { value = v }
    func with<R>(_ body: (inout T) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
