import CacheSim
import Dispatch
import Foundation
import LayoutConfig
import Reporting
import SafeIO

/// The live progress line of a sweep on a terminal: every half second it rewrites one stderr
/// line with the oldest running run's percent of its accesses, its rate, its ETA and the
/// sweep's (`ProgressText.run`). It reads the running hierarchies' counters from its own
/// thread (`CacheHierarchy.accessesSoFar`), so the simulation does nothing extra per access.
public final class SweepProgress: @unchecked Sendable {
    struct Active {
        var label: String
        var expected: Double
        var sim: CacheHierarchy
        var started: UInt64
    }
    let totalRuns: Int
    let write: @Sendable (String) -> Void
    let lock = NSLock()
    var active: [Int: Active] = [:]
    /// Estimated accesses of the runs not finished yet, and of those finished in this process.
    var remaining: Double
    var finishedAccesses: Double = 0
    var finishedRuns: Int
    let start = DispatchTime.now().uptimeNanoseconds
    var timer: DispatchSourceTimer?

    /// `estimated`: every run's estimated accesses; `done`: the runs already finished (a
    /// resumed journal). `write` gets each line without its terminator.
    public init(estimated: [Double], done: Set<Int>, write: @escaping @Sendable (String) -> Void) {
        totalRuns = estimated.count
        remaining = estimated.indices.filter { !done.contains($0) }.reduce(0) { $0 + estimated[$1] }
        finishedRuns = done.count
        self.write = write
    }

    /// Starts the timer.
    public func begin(interval: Double = 0.5) {
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        t.schedule(deadline: .now() + interval, repeating: interval)
        t.setEventHandler { [weak self] in self?.tick() }
        t.resume()
        timer = t
    }

    /// Stops the timer and ends the line.
    public func end() {
        timer?.cancel()
        timer = nil
        lock.lock()
        defer { lock.unlock() }
        write("\r[\(finishedRuns)/\(totalRuns)] runs simulated\u{1B}[K\n")
    }

    /// Run `index` (of the sweep) started on `sim`.
    func started(_ index: Int, _ run: RunSpec, sim: CacheHierarchy) {
        let label = TerminalText.escape(run.variant) + (run.point.isEmpty ? "" : " " + ReportInput.pointText(run.point))
        lock.lock()
        defer { lock.unlock() }
        active[index] = Active(
            label: label, expected: run.estimatedAccesses, sim: sim,
            started: DispatchTime.now().uptimeNanoseconds)
    }

    /// Run `index` finished (or failed).
    func finished(_ index: Int) {
        lock.lock()
        defer { lock.unlock() }
        if let a = active.removeValue(forKey: index) {
            remaining -= a.expected
            finishedAccesses += a.expected
        }
        finishedRuns += 1
    }

    /// Run `index` took the counts of an identical run instead of being simulated.
    func reused(_ index: Int, _ run: RunSpec) {
        lock.lock()
        defer { lock.unlock() }
        remaining -= run.estimatedAccesses
        finishedRuns += 1
    }

    /// Writes the line for the oldest running run.
    func tick() {
        lock.lock()
        defer { lock.unlock() }
        guard let (index, a) = active.min(by: { $0.value.started < $1.value.started }) else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let done = Double(a.sim.accessesSoFar)
        let rate = done / max(1e-9, Double(now - a.started) / 1e9)
        // The sweep's rate: everything simulated in this process over the time since it began.
        let inFlight = active.values.reduce(0.0) { $0 + min(Double($1.sim.accessesSoFar), $1.expected) }
        let sweepRate = (finishedAccesses + inFlight) / max(1e-9, Double(now - start) / 1e9)
        let left = max(0, a.expected - done)
        write(
            "\r"
                + ProgressText.run(
                    index: index + 1, of: totalRuns, label: a.label, done: done, expected: a.expected,
                    rate: rate, eta: rate > 0 ? left / rate : .infinity,
                    sweepETA: sweepRate > 0 ? max(0, remaining - inFlight) / sweepRate : nil) + "\u{1B}[K")
    }
}
