import CPAPI
#if canImport(Glibc)
    import Glibc
#endif

/// One event's measured values over the repetitions.
public enum EventResult: Sendable, Equatable {
    case ok(median: Double, min: Int64, max: Int64)
    case unavailable(reason: String)
}

/// Runs a kernel under PAPI: per event group a warm-up, then `repetitions` measured runs with
/// the counters started right before the kernel and stopped right after it. `prepare` builds
/// the run's inputs (fresh buffers) outside the measured region and hands back the kernel.
public enum CounterRun {
    public struct Outcome: Sendable {
        public var events: [String: EventResult]
        /// Wall time of each measured kernel run, in seconds (over all groups).
        public var seconds: [Double]
        /// Event groups (more than one: the kernel was run once per group).
        public var groups: Int
        public init(events: [String: EventResult], seconds: [Double], groups: Int) {
            self.events = events
            self.seconds = seconds
            self.groups = groups
        }
    }

    public static func measure(plan: EventPlan, repetitions: Int, prepare: () throws -> (() -> Void)) throws -> Outcome
    {
        try PAPI.libraryInit()
        var events: [String: EventResult] = [:]
        for u in plan.unavailable { events[u.name] = .unavailable(reason: u.reason) }
        var seconds: [Double] = []
        for group in plan.groups {
            let set = try PAPI.createEventSet()
            defer { PAPI.destroyEventSet(set) }
            for e in group { try PAPI.addEvent(set, e.code, name: e.name) }
            let warm = try prepare()
            warm()
            var samples = [[Int64]](repeating: [], count: group.count)
            for _ in 0..<repetitions {
                let kernel = try prepare()
                let t0 = monotonic()
                try PAPI.start(set)
                kernel()
                let v = try PAPI.stop(set, count: group.count)
                seconds.append(monotonic() - t0)
                for (i, x) in v.enumerated() { samples[i].append(x) }
            }
            for (i, e) in group.enumerated() {
                let s = samples[i].sorted()
                let median = s.count % 2 == 1 ? Double(s[s.count / 2]) : Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2
                events[e.name] = .ok(median: median, min: s.first!, max: s.last!)
            }
        }
        return Outcome(events: events, seconds: seconds, groups: plan.groups.count)
    }

    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Pins the calling thread to `cpu` (sched_setaffinity); false if the kernel refused.
    @discardableResult
    public static func pin(toCPU cpu: Int) -> Bool { layoutlab_pin_to_cpu(Int32(cpu)) == 0 }

    /// Lets the calling thread run on every CPU again.
    public static func unpin() { _ = layoutlab_unpin() }
}
