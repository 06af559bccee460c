#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT) and SIGTERM: print one line saying what was saved and how to resume, then
/// exit with status 130. Finished runs are already on disk (the sweep journal), so nothing is lost.
enum Interrupt {
    nonisolated(unsafe) static var message: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) static var length = 0

    static func onInterrupt(_ text: String) {
        let line = "\nlayoutlab: " + text + "\n"
        let c = strdup(line)
        message = c; length = strlen(c!)
        let handler: @convention(c) (Int32) -> Void = { _ in
            if let m = Interrupt.message { _ = write(2, m, Interrupt.length) }
            _exit(130)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }
}
