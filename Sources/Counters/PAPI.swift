import CPAPI
import Foundation

/// A thin wrapper over the few libpapi calls LayoutLab needs. Each function is named after the
/// PAPI call it makes and throws `PAPIError` carrying PAPI's code and message.
package enum PAPI {
    package static let OK = layoutlab_PAPI_OK()
    package static let NULL = layoutlab_PAPI_NULL()
    package static let ENOEVNT = layoutlab_PAPI_ENOEVNT()
    package static let ECNFLCT = layoutlab_PAPI_ECNFLCT()
    package static let EPERM = layoutlab_PAPI_EPERM()
    package static let ECMP_DISABLED = layoutlab_PAPI_ECMP_DISABLED()

    /// The loaded library (after a successful `libraryInit`).
    static var lib: PAPILibrary { try! PAPILibrary.shared.get() }

    /// PAPI_strerror: PAPI's message for a return code.
    package static func strerror(_ code: Int32) -> String {
        guard case .success(let l) = PAPILibrary.shared, let p = l.strerror(code) else { return "unknown PAPI error" }
        return String(cString: p)
    }

    static func check(_ rc: Int32, _ call: @autoclosure () -> String) throws {
        if rc != OK { throw PAPIError(call: call(), code: rc, message: strerror(rc)) }
    }

    /// PAPI_library_init(PAPI_VER_CURRENT), then PAPI_thread_init so that any thread may count.
    /// Safe to call more than once, from any thread.
    package static func libraryInit() throws {
        try initOnce.get()
        try registerThread()
    }

    /// PAPI_register_thread: tells PAPI about the calling thread (once per thread; later calls
    /// are no-ops), so a thread's first counter call never finds it unknown.
    static func registerThread() throws {
        if registered { return }
        let rc = lib.registerThread()
        if rc != OK { throw PAPIError(call: "PAPI_register_thread", code: rc, message: strerror(rc)) }
        registered = true
    }

    nonisolated(unsafe) private static var registeredThreads = Set<UInt>()
    private static var registered: Bool {
        get { registeredLock.withLock { registeredThreads.contains(layoutlab_thread_id()) } }
        set { registeredLock.withLock { _ = registeredThreads.insert(layoutlab_thread_id()) } }
    }
    private static let registeredLock = NSLock()

    private static let initOnce: Result<Void, PAPIError> = {
        let lib: PAPILibrary
        switch PAPILibrary.shared {
        case .success(let l): lib = l
        case .failure(let e): return .failure(e)
        }
        let want = layoutlab_PAPI_VER_CURRENT()
        let rc = lib.libraryInit(want)
        if rc != want {
            return .failure(
                PAPIError(
                    call: "PAPI_library_init", code: rc,
                    message: rc > 0 ? "library version mismatch (header \(want), library \(rc))" : strerror(rc)))
        }
        let t = lib.threadInit(layoutlab_thread_id)
        if t != OK { return .failure(PAPIError(call: "PAPI_thread_init", code: t, message: strerror(t))) }
        return .success(())
    }()

    /// PAPI_event_name_to_code: a preset (`PAPI_L1_DCM`) or native (`perf::PAGE-FAULTS`) name.
    package static func eventNameToCode(_ name: String) throws -> Int32 {
        var code: Int32 = 0
        try check(name.withCString { lib.eventNameToCode($0, &code) }, "PAPI_event_name_to_code(\(name))")
        return code
    }

    /// PAPI_get_component_index and PAPI_get_component_info: why the component `name`
    /// (`perf_event`: the CPU's counters and the kernel's software events) is disabled, or nil
    /// when it is enabled or PAPI has no such component. Where libpfm4 finds no PMU it knows
    /// (a VM without one, a CPU newer than the library), PAPI disables the whole of perf_event,
    /// software events included.
    package static func componentDisabledReason(_ name: String) throws -> String? {
        try libraryInit()
        let index = name.withCString { lib.getComponentIndex($0) }
        guard index >= 0, let info = lib.getComponentInfo(index), info.pointee.disabled != 0 else { return nil }
        let reason = withUnsafeBytes(of: info.pointee.disabled_reason) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return reason.isEmpty ? strerror(info.pointee.disabled) : reason
    }

    /// PAPI_create_eventset.
    package static func createEventSet() throws -> Int32 {
        var set = NULL
        try check(lib.createEventSet(&set), "PAPI_create_eventset")
        return set
    }

    /// PAPI_add_event.
    package static func addEvent(_ set: Int32, _ code: Int32, name: String) throws {
        try check(lib.addEvent(set, code), "PAPI_add_event(\(name))")
    }

    /// PAPI_start.
    package static func start(_ set: Int32) throws { try check(lib.start(set), "PAPI_start") }

    /// PAPI_stop: the counts of the set's events, in the order they were added.
    package static func stop(_ set: Int32, count: Int) throws -> [Int64] {
        var values = [Int64](repeating: 0, count: max(count, 1))
        let rc = values.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CLongLong.self, capacity: buf.count) { lib.stop(set, $0) }
        }
        try check(rc, "PAPI_stop")
        return Array(values.prefix(count))
    }

    /// PAPI_cleanup_eventset then PAPI_destroy_eventset.
    package static func destroyEventSet(_ set: Int32) {
        var s = set
        _ = lib.cleanupEventSet(s)
        _ = lib.destroyEventSet(&s)
    }

    /// PAPI_num_cmp_hwctrs(0): hardware counters of the CPU component (0 when there is no PMU).
    package static func numHardwareCounters() -> Int { Int(max(lib.numCmpHwctrs(0), 0)) }

    /// PAPI_get_hardware_info: CPU vendor and model strings.
    package static func hardwareInfo() -> (vendor: String, model: String) {
        guard let info = lib.getHardwareInfo() else { return ("unknown", "unknown") }
        var hw = info.pointee
        let vendor = withUnsafeBytes(of: &hw.vendor_string) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let model = withUnsafeBytes(of: &hw.model_string) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return (vendor, model)
    }
}
