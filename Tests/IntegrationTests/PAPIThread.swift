import Foundation

/// Runs the tests' in-process PAPI calls on one long-lived thread. PAPI keeps per-thread state
/// found by thread id, and the test runner's pool threads come and go, so a new thread can
/// reuse the id of one PAPI registered earlier: that once crashed libpapi inside a test (a bad
/// pointer in the perf_event component). `measure` itself makes all its PAPI calls on one thread.
final class PAPIThread: @unchecked Sendable {
    static let shared = PAPIThread()
    private let ready = NSCondition()
    private var work: (() -> Void)?

    private init() {
        let t = Thread { [unowned self] in
            while true {
                ready.lock()
                while work == nil { ready.wait() }
                let w = work!
                work = nil
                ready.unlock()
                w()
            }
        }
        t.start()
    }

    /// `body` on the PAPI thread; the caller waits for it (one at a time: MeasureTests is serialized).
    /// Expectations stay on the test's own thread: `body` only hands results back.
    func run(_ body: @escaping @Sendable () throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        ready.lock()
        work = {
            do { try body() } catch { failure = error }
            done.signal()
        }
        ready.signal()
        ready.unlock()
        done.wait()
        if let failure { throw failure }
    }
}
