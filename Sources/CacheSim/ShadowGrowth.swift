#if canImport(Glibc)
    import Glibc
#endif

/// Allocation for the 3C classification's state that grows with a trace (`LineSet`,
/// `LineTable`): the one allocation a long replay makes mid-run, so the one a memory limit
/// (`ulimit -v`) can make fail after the up-front checks. A failure calls `onFailure` (the CLI
/// prints one line naming `--no3c` and exits) instead of the runtime's abort.
public enum ShadowGrowth {
    /// Gets the bytes that could not be allocated; must not return.
    nonisolated(unsafe) public static var onFailure: (@convention(c) (Int) -> Void)?

    /// `capacity` elements, uninitialised, from malloc (which `deallocate()` frees on Linux).
    static func allocate<T>(_ type: T.Type, capacity: Int) -> UnsafeMutablePointer<T> {
        let (bytes, overflow) = capacity.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        if !overflow, bytes > 0, let raw = malloc(bytes) {
            return raw.bindMemory(to: T.self, capacity: capacity)
        }
        onFailure?(overflow ? Int.max : bytes)
        fatalError("the 3C classification could not grow its state by \(bytes) bytes")
    }
}
