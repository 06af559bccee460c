import CacheSim
import Dispatch
import Foundation
import Reporting
import Traces

/// The live line of `replay` on a terminal: percent of the file's bytes read, accesses per
/// second and ETA, rewritten every half second from its own thread (the reader updates its
/// byte count once per chunk; the rate comes from `CacheHierarchy.accessesSoFar`).
final class ReplayProgress: @unchecked Sendable {
    let source: ByteSource
    let sim: CacheHierarchy
    let write: @Sendable (String) -> Void
    let start = DispatchTime.now().uptimeNanoseconds
    let lock = NSLock()
    var timer: DispatchSourceTimer?
    var wrote = false

    init(source: ByteSource, sim: CacheHierarchy, write: @escaping @Sendable (String) -> Void) {
        self.source = source
        self.sim = sim
        self.write = write
    }

    func begin(interval: Double = 0.5) {
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        t.schedule(deadline: .now() + interval, repeating: interval)
        t.setEventHandler { [weak self] in self?.tick() }
        t.resume()
        timer = t
    }

    /// Stops the timer and clears the line (the table follows on stdout).
    func end() {
        timer?.cancel()
        timer = nil
        lock.lock()
        defer { lock.unlock() }
        if wrote { write("\r\u{1B}[K") }
    }

    func tick() {
        lock.lock()
        defer { lock.unlock() }
        guard timer != nil else { return }
        let seconds = max(1e-9, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        let read = Double(source.bytesRead), rate = Double(sim.accessesSoFar) / seconds
        let total = source.totalBytes.map { Double($0) } ?? 0
        let eta = read > 0 && total > 0 ? (total - read) / (read / seconds) : .infinity
        write("\r" + ProgressText.replay(read: read, total: total, rate: rate, eta: eta) + "\u{1B}[K")
        wrote = true
    }
}
