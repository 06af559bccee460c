import CInterrupt
import Foundation

/// Writes files through a temporary name in the same folder and a rename, so an interrupted
/// or failed run never leaves a half-written file and the previous version stays intact.
/// An output that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is
/// written in place instead: renaming over it would replace the device node.
package enum AtomicFile {
    package static func write(_ text: String, to path: String) throws {
        let bytes = Array(text.utf8)
        if isSpecial(path) {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw LayoutLabError("\(path): cannot open for writing: \(String(cString: strerror(errno)))") }
            let e = writeAll(fd, bytes)
            close(fd)
            if let e { throw LayoutLabError("\(path): cannot write: \(e)") }
            return
        }
        let dir = PathText.directory(path)
        let tmp = temporaryPath(for: path)
        // Registered before it exists, so that SIGINT/SIGTERM at any point removes it.
        let slot = layoutlab_interrupt_add_file(tmp)
        defer { layoutlab_interrupt_forget(slot) }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if fd < 0 {
            throw LayoutLabError(
                "\(path): cannot write (is \(dir) a writable folder?): \(String(cString: strerror(errno)))")
        }
        var e = writeAll(fd, bytes)
        if e == nil && fsync(fd) != 0 { e = String(cString: strerror(errno)) }
        if close(fd) != 0 && e == nil { e = String(cString: strerror(errno)) }
        if let e {
            unlink(tmp)
            throw LayoutLabError("\(path): cannot write: \(e)")
        }
        if rename(tmp, path) != 0 {
            let e = String(cString: strerror(errno))
            unlink(tmp)
            throw LayoutLabError("\(path): cannot rename into place: \(e)")
        }
        removeStaleTemporaries(of: path)
    }

    /// Writes several files that belong together (a report and its charts): every one goes to
    /// its temporary first; only when all are written are they renamed, in order (put the file
    /// that refers to the others last), so a failure leaves the previous set as it was.
    package static func writeTogether(_ files: [(text: String, path: String)]) throws {
        var temps: [String] = []
        var slots: [Int32] = []
        defer {
            for t in temps { unlink(t) }
            for s in slots { layoutlab_interrupt_forget(s) }
        }
        for (text, path) in files {
            let tmp = temporaryPath(for: path)
            slots.append(layoutlab_interrupt_add_file(tmp))
            let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd < 0 { throw LayoutLabError("\(path): cannot write: \(String(cString: strerror(errno)))") }
            temps.append(tmp)
            var e = writeAll(fd, Array(text.utf8))
            if e == nil && fsync(fd) != 0 { e = String(cString: strerror(errno)) }
            if close(fd) != 0 && e == nil { e = String(cString: strerror(errno)) }
            if let e { throw LayoutLabError("\(path): cannot write: \(e)") }
        }
        for (tmp, file) in zip(temps, files) where rename(tmp, file.path) != 0 {
            throw LayoutLabError("\(file.path): cannot rename into place: \(String(cString: strerror(errno)))")
        }
        temps = []
        for f in files { removeStaleTemporaries(of: f.path) }
    }

    /// Whether `path` exists (links followed) and is neither a regular file nor a folder:
    /// a device, a FIFO or a socket, written in place.
    package static func isSpecial(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        let t = st.st_mode & S_IFMT
        return t != S_IFREG && t != S_IFDIR
    }

    /// The temporary `write` uses for `path`: `.NAME.tmp-PID` in the same folder.
    package static func temporaryPath(for path: String) -> String {
        PathText.directory(path) + "/." + String(path.split(separator: "/").last ?? "out") + ".tmp-\(getpid())"
    }

    /// All of `bytes` to `fd`; nil, or the system's reason ("No space left on device").
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { p -> String? in
            var off = 0
            while off < p.count {
                let r = Foundation.write(fd, p.baseAddress! + off, p.count - off)
                if r < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                off += r
            }
            return nil
        }
    }

    /// Removes temporaries that killed runs (kill -9, power loss) left for `path`: exactly this
    /// file's `.NAME.tmp-PID` and a trace's `NAME.tmp-PID` (PID in decimal digits only), each
    /// only when process PID no longer runs (a live run keeps its own) and only regular files.
    /// Nothing else is touched: other programs' temporaries (Foundation's `.dat.nosync*`) may
    /// belong to anything in the folder.
    package static func removeStaleTemporaries(of path: String) {
        let dir = PathText.directory(path)
        let name = String(path.split(separator: "/").last ?? "")
        guard !name.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for e in entries {
            var pid: Int32?
            for prefix in ["." + name + ".tmp-", name + ".tmp-"] where e.hasPrefix(prefix) {
                let digits = e.dropFirst(prefix.count)
                if !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    pid = Int32(digits)
                }
            }
            guard let pid, pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            var st = stat()
            guard lstat(dir + "/" + e, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            unlink(dir + "/" + e)
        }
    }

    /// Fails early, before any work, when `dir` cannot be created or written.
    package static func ensureWritableDirectory(_ dir: String) throws {
        if dir.isEmpty { throw LayoutLabError("the output folder is an empty name") }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            if !isDir.boolValue { throw LayoutLabError("\(dir): exists and is not a folder") }
        } else {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw LayoutLabError("\(dir): cannot create the output folder")
            }
        }
        if access(dir, W_OK) != 0 { throw LayoutLabError("\(dir): output folder is not writable") }
    }
}
