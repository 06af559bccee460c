import CInterrupt
import Foundation

/// A child process started as the leader of its own process group and registered with the
/// signal handler (`CInterrupt`) before any signal can come, so that SIGINT or SIGTERM to
/// layoutlab kills it and all it started (Valgrind and the program it runs) before exiting.
package enum ChildProcess {
    /// Runs `arguments` (the first an absolute path) with `environment` ("NAME=value"), stdout
    /// and stderr to the given files (nil: /dev/null), and returns its exit status (128 + the
    /// signal when a signal ended it), or why it could not start.
    package static func run(
        _ arguments: [String], environment: [String], stdout: String? = nil,
        stderr: String? = nil
    ) -> Result<Int32, CallgrindError> {
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var slot: Int32 = -1
        let pid = layoutlab_interrupt_spawn(argv, envp, stdout, stderr, &slot)
        if pid < 0 {
            return .failure(CallgrindError("\(arguments[0]) could not be started: \(String(cString: strerror(errno)))"))
        }
        // Wait for the exit without reaping, forget the registration, then reap: the pid cannot
        // be reused (and killed by a signal's cleanup) while it is still registered.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        layoutlab_interrupt_forget(slot)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        return .success(signaled ? 128 + (status & 0x7f) : (status >> 8) & 0xff)
    }

    /// This process's environment with `overrides` ("NAME=value") replacing same-named entries.
    package static func environment(overriding overrides: [String]) -> [String] {
        let names = Set(overrides.map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? $0 })
        let own = ProcessInfo.processInfo.environment.filter { !names.contains($0.key) }.map { "\($0.key)=\($0.value)" }
        return own.sorted() + overrides
    }
}
