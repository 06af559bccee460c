/// Wall time of a kernel, with or without PAPI: one warm-up run, then `repetitions` timed runs.
/// Each run gets the inputs `prepare` builds (fresh, never-touched buffers, as `CounterRun`
/// gives them), outside the timed region; only the kernel call is timed, on the monotonic clock.
/// The time therefore includes the first-touch page faults of the fresh buffers, which
/// `perf::PAGE-FAULTS` counts: it is the cold-start time of the run the simulation models.
package enum TimedRun {
    /// The seconds of each timed run, in the order they ran (`repetitions` of them).
    package static func measure(repetitions: Int, prepare: () throws -> (() -> Void)) throws -> [Double] {
        let warm = try prepare()
        warm()
        var seconds: [Double] = []
        seconds.reserveCapacity(max(repetitions, 0))
        for _ in 0..<max(repetitions, 0) {
            let kernel = try prepare()
            let t0 = CounterRun.monotonic()
            kernel()
            seconds.append(CounterRun.monotonic() - t0)
        }
        return seconds
    }
}
