import Foundation

/// A value shared between threads behind a lock: `CLIProcess` collects a child's stdout and stderr on two
/// reader threads. The kit has its own; the tests' copy keeps this target free of the project's modules.
final class Locked<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()

    init(_ value: T) { self.value = value }

    /// Runs `body` on the value while holding the lock.
    func with<R>(_ body: (inout T) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
