#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT) and SIGTERM: remove the temporaries of outputs being written, print one line
/// saying what was saved and how to resume, then exit with status 130. Finished runs are
/// already on disk (the sweep journal), so nothing is lost. The handler only calls unlink,
/// write and _exit, which are safe in a signal handler.
enum Interrupt {
    nonisolated(unsafe) static var message: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) static var length = 0
    nonisolated(unsafe) static var temporaries: [UnsafeMutablePointer<CChar>] = []
    nonisolated(unsafe) static var temporaryCount = 0

    /// `removing`: temporary files to delete if the signal comes (set once, before the work).
    static func onInterrupt(_ text: String, removing: [String] = []) {
        let line = "\nlayoutlab: " + text + "\n"
        let c = strdup(line)
        message = c; length = strlen(c!)
        temporaries = removing.compactMap { strdup($0) }
        temporaryCount = temporaries.count
        let handler: @convention(c) (Int32) -> Void = { _ in
            Interrupt.temporaries.withUnsafeBufferPointer { t in
                for i in 0..<Interrupt.temporaryCount { unlink(t[i]) }
            }
            if let m = Interrupt.message { _ = write(2, m, Interrupt.length) }
            _exit(130)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started us with these signals blocked (spawned children inherit the
        // mask); then they would wait unseen until exit and the temporaries would stay.
        var set = sigset_t()
        sigemptyset(&set); sigaddset(&set, SIGINT); sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// A closed stdout (`| head`) must not kill the process before it writes the files asked
    /// for: SIGPIPE is ignored, and printing to a closed pipe then just fails.
    static func ignoreBrokenPipe() { signal(SIGPIPE, SIG_IGN) }
}
