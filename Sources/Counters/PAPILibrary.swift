import CPAPI
#if canImport(Glibc)
    import Glibc
#endif

/// libpapi, opened with dlopen on first use. The binary does not link it, so everything but
/// `measure` runs where PAPI is not installed; `measure` then fails with one line.
struct PAPILibrary {
    typealias IntInt = @convention(c) (Int32) -> Int32
    typealias IntPtr = @convention(c) (UnsafeMutablePointer<Int32>?) -> Int32
    let libraryInit: IntInt
    let isInitialized: @convention(c) () -> Int32
    let threadInit: @convention(c) ((@convention(c) () -> UInt)?) -> Int32
    let registerThread: @convention(c) () -> Int32
    let eventNameToCode: @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<Int32>?) -> Int32
    let createEventSet: IntPtr
    let addEvent: @convention(c) (Int32, Int32) -> Int32
    let start: IntInt
    let stop: @convention(c) (Int32, UnsafeMutablePointer<CLongLong>?) -> Int32
    let cleanupEventSet: IntInt
    let destroyEventSet: IntPtr
    let strerror: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    let numCmpHwctrs: IntInt
    let getHardwareInfo: @convention(c) () -> UnsafePointer<PAPI_hw_info_t>?
    let getComponentIndex: @convention(c) (UnsafePointer<CChar>?) -> Int32
    let getComponentInfo: @convention(c) (Int32) -> UnsafePointer<PAPI_component_info_t>?

    /// The library, or why it could not be loaded.
    static let shared: Result<PAPILibrary, PAPIError> = load()

    static func load() -> Result<PAPILibrary, PAPIError> {
        var handle: UnsafeMutableRawPointer?
        // LAYOUTLAB_PAPI_LIBRARY names another file (tests use it to play a machine without PAPI).
        let names = getenv("LAYOUTLAB_PAPI_LIBRARY").map { [String(cString: $0)] } ?? ["libpapi.so.7", "libpapi.so"]
        for name in names where handle == nil { handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL) }
        guard let h = handle else {
            let why = dlerror().map { String(cString: $0) } ?? "not found"
            return .failure(
                PAPIError(
                    call: "dlopen(libpapi)", code: -1,
                    message: "libpapi is not installed or cannot be loaded (\(why)); install libpapi-dev"))
        }
        var missing: String?
        func sym<T>(_ name: String, _: T.Type) -> T {
            guard let p = dlsym(h, name) else {
                missing = missing ?? name
                return unsafeBitCast(dlsym(h, "PAPI_is_initialized")!, to: T.self)
            }
            return unsafeBitCast(p, to: T.self)
        }
        guard dlsym(h, "PAPI_is_initialized") != nil else {
            return .failure(
                PAPIError(
                    call: "dlsym(PAPI_is_initialized)", code: -1,
                    message: "the loaded libpapi lacks PAPI_is_initialized"))
        }
        let lib = PAPILibrary(
            libraryInit: sym("PAPI_library_init", IntInt.self),
            isInitialized: sym("PAPI_is_initialized", (@convention(c) () -> Int32).self),
            threadInit: sym("PAPI_thread_init", (@convention(c) ((@convention(c) () -> UInt)?) -> Int32).self),
            registerThread: sym("PAPI_register_thread", (@convention(c) () -> Int32).self),
            eventNameToCode: sym(
                "PAPI_event_name_to_code",
                (@convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<Int32>?) -> Int32).self),
            createEventSet: sym("PAPI_create_eventset", IntPtr.self),
            addEvent: sym("PAPI_add_event", (@convention(c) (Int32, Int32) -> Int32).self),
            start: sym("PAPI_start", IntInt.self),
            stop: sym("PAPI_stop", (@convention(c) (Int32, UnsafeMutablePointer<CLongLong>?) -> Int32).self),
            cleanupEventSet: sym("PAPI_cleanup_eventset", IntInt.self),
            destroyEventSet: sym("PAPI_destroy_eventset", IntPtr.self),
            strerror: sym("PAPI_strerror", (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self),
            numCmpHwctrs: sym("PAPI_num_cmp_hwctrs", IntInt.self),
            getHardwareInfo: sym("PAPI_get_hardware_info", (@convention(c) () -> UnsafePointer<PAPI_hw_info_t>?).self),
            getComponentIndex: sym("PAPI_get_component_index", (@convention(c) (UnsafePointer<CChar>?) -> Int32).self),
            getComponentInfo: sym(
                "PAPI_get_component_info", (@convention(c) (Int32) -> UnsafePointer<PAPI_component_info_t>?).self))
        if let missing {
            return .failure(
                PAPIError(call: "dlsym(\(missing))", code: -1, message: "the loaded libpapi lacks \(missing)"))
        }
        return .success(lib)
    }
}
