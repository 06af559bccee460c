import Foundation

/// An advisory lock on one output (a results file, a report, an `--out` folder's NAME.*), held
/// from before the first write until the process ends, so that two runs writing the same
/// outputs cannot mix their results: the second is refused in one line naming the first's pid.
/// The lock is `flock` on `.NAME.lock` beside the output, which holds the holder's pid; the
/// kernel releases it when the holder dies (even `kill -9`), so a killed run never blocks the
/// next. The file itself stays (removing it would race with a run that just opened it).
package enum OutputLock {
    /// Descriptors of the locks held, kept open for the life of the process.
    nonisolated(unsafe) private static var held: [String: Int32] = [:]
    private static let guardLock = NSLock()

    /// The lock file for `output` (a file, or an `--out` folder's DIR/NAME base).
    package static func lockPath(for output: String) -> String {
        PathText.directory(output) + "/." + String(output.split(separator: "/").last ?? "out") + ".lock"
    }

    /// Takes the locks of `outputs` (devices and FIFOs such as /dev/null are skipped); throws
    /// one line when another run holds one of them.
    package static func acquire(_ outputs: [String]) throws {
        for output in Set(outputs) where !output.isEmpty && !AtomicFile.isSpecial(output) {
            try acquire(output)
        }
    }

    static func acquire(_ output: String) throws {
        let path = lockPath(for: output)
        try guardLock.withLock {
            if held[path] != nil { return }
            let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd < 0 {
                throw LayoutLabError(
                    """
                    \(output): cannot create its lock file \(path): \(String(cString: strerror(errno)))
                    """)
            }
            var st = stat()
            if fstat(fd, &st) != 0 || (st.st_mode & S_IFMT) != S_IFREG {
                close(fd)
                throw LayoutLabError("\(path): the output's lock file is not a regular file; remove it")
            }
            // Another spelling of a lock this process holds: a second flock would block on itself.
            for other in held.values {
                var o = stat()
                if fstat(other, &o) == 0 && o.st_dev == st.st_dev && o.st_ino == st.st_ino {
                    close(fd)
                    return
                }
            }
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                if errno == EINTR { continue }
                let e = errno
                let holder = holderPid(fd)
                close(fd)
                if e == EWOULDBLOCK {
                    let pid = holder.map(String.init) ?? "unknown"
                    throw LayoutLabError(
                        "\(output): in use by another layoutlab run (pid \(pid)); "
                            + "wait for it to finish or write elsewhere")
                }
                throw LayoutLabError("\(path): cannot lock the output: \(String(cString: strerror(e)))")
            }
            let text = Array("\(getpid())\n".utf8)
            _ = ftruncate(fd, 0)
            _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
            held[path] = fd
        }
    }

    /// The pid the holder wrote, retried briefly: a holder that has just taken the lock may not
    /// have written it yet.
    static func holderPid(_ fd: Int32) -> Int32? {
        for _ in 0..<50 {
            var buf = [UInt8](repeating: 0, count: 32)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, 31, 0) }
            let text = n > 0 ? String(decoding: buf[..<n], as: UTF8.self) : ""
            if let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 {
                return pid
            }
            usleep(2000)
        }
        return nil
    }
}
