/// The events to count, sorted into what cannot be counted here (with PAPI's reason) and into
/// groups that each fit one event set. More events than counters means several groups: the
/// kernel is run once per group, never multiplexed silently.
public struct EventPlan: Sendable {
    public var unavailable: [(name: String, reason: String)]
    /// Each group: the event names and codes added, in order.
    public var groups: [[(name: String, code: Int32)]]

    /// The default events: hardware presets where they exist, then software events.
    public static let defaultEvents = [
        "PAPI_L1_DCM", "PAPI_L2_DCM", "PAPI_L2_TCM", "PAPI_L1_DCA", "PAPI_LD_INS",
        "PAPI_SR_INS", "PAPI_TOT_CYC", "PAPI_TOT_INS", "perf::PAGE-FAULTS",
        "perf::TASK-CLOCK",
    ]

    /// Resolves `names` with libpapi and packs them greedily into event sets.
    public static func make(_ names: [String]) throws -> EventPlan {
        try PAPI.libraryInit()
        var plan = EventPlan(unavailable: [], groups: [])
        var sets: [Int32] = []
        defer { sets.forEach(PAPI.destroyEventSet) }
        for name in names {
            let code: Int32
            do { code = try PAPI.eventNameToCode(name) } catch let e as PAPIError {
                plan.unavailable.append((name, try reason(e, name)))
                continue
            }
            var placed = false
            var lastError: PAPIError?
            for (i, set) in sets.enumerated() {
                do {
                    try PAPI.addEvent(set, code, name: name)
                    plan.groups[i].append((name, code))
                    placed = true
                    break
                } catch let e as PAPIError {
                    lastError = e
                    if e.meansUnavailable { break }
                }
            }
            if placed { continue }
            if let e = lastError, e.meansUnavailable {
                plan.unavailable.append((name, e.message))
                continue
            }
            let set = try PAPI.createEventSet()
            do {
                try PAPI.addEvent(set, code, name: name)
                sets.append(set)
                plan.groups.append([(name, code)])
            } catch let e as PAPIError {
                PAPI.destroyEventSet(set)
                plan.unavailable.append((name, e.message))
            }
        }
        return plan
    }

    /// PAPI's message for `e`, the failed lookup of `name`. For a preset (`PAPI_...`) or a
    /// perf_event name (`perf::...`) while PAPI's perf_event component is disabled, which PAPI
    /// reports as "Event does not exist", the message says so and why.
    static func reason(_ e: PAPIError, _ name: String) throws -> String {
        guard e.code == PAPI.ENOEVNT || e.code == PAPI.ECMP_DISABLED, name.hasPrefix("PAPI_") || name.hasPrefix("perf"),
            let why = try PAPI.componentDisabledReason("perf_event")
        else { return e.message }
        return "\(e.message) (PAPI's perf_event component is disabled: \(why))"
    }
}
