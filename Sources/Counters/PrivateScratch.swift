import CInterrupt
import Foundation

/// A private scratch folder: `measure --counters callgrind` keeps there the stripped copy of
/// layoutlab that Valgrind runs, Valgrind's output and its own temporaries (the child's
/// TMPDIR); `bench` its trace file. Made by
/// `mkdtemp` (mode 0700, owned by this user, a new random name) under TMPDIR, or /tmp when
/// TMPDIR is unset; a TMPDIR that does not exist is an error, never created. Another user
/// cannot create, enter or replace anything in it, and it is checked again before anything in
/// it is executed. It is registered with the signal handler, so SIGINT and SIGTERM remove it
/// too, and `remove()` runs on every other exit path.
package final class PrivateScratch {
    package let path: String
    private var slot: Int32 = -1

    /// The folder temporaries go in: TMPDIR when set (it must be an existing folder), else /tmp.
    package static func temporaryBase() throws -> String {
        guard let t = ProcessInfo.processInfo.environment["TMPDIR"], !t.isEmpty else { return "/tmp" }
        var st = stat()
        if stat(t, &st) != 0 {
            let why = String(cString: strerror(errno))
            throw CallgrindError("TMPDIR=\(t): \(why); set TMPDIR to an existing folder or unset it")
        }
        if (st.st_mode & S_IFMT) != S_IFDIR {
            throw CallgrindError("TMPDIR=\(t): is not a folder; set TMPDIR to a folder or unset it")
        }
        return t.count > 1 && t.hasSuffix("/") ? String(t.dropLast()) : t
    }

    /// `prefix`: the folder's name before the random part, e.g. "layoutlab-callgrind".
    package init(prefix: String) throws {
        let base = try Self.temporaryBase()
        var template = Array((base + "/\(prefix)-XXXXXX").utf8CString)
        // No signal between creating it and registering it, so none can leave it behind.
        layoutlab_interrupt_block()
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) } != nil
        let e = errno
        let name = String(cString: template)
        if made { slot = layoutlab_interrupt_add_tree(name) }
        layoutlab_interrupt_unblock()
        if !made { throw CallgrindError("cannot create a private folder in \(base): \(String(cString: strerror(e)))") }
        path = name
        if let why = Self.notPrivate(path, folder: true) {
            remove()
            throw CallgrindError("\(path): \(why); refusing to use it")
        }
    }

    deinit { remove() }

    /// Removes the folder and everything in it (idempotent).
    package func remove() {
        guard slot >= 0 else { return }
        try? FileManager.default.removeItem(atPath: path)
        layoutlab_interrupt_forget(slot)
        slot = -1
    }

    /// Why `file` inside the folder must not be executed, or nil: the folder and the file are
    /// this user's, not links, and writable by no one else; the file is a regular file.
    package func problemBeforeExec(_ file: String) -> String? {
        if let why = Self.notPrivate(path, folder: true) { return "\(path): \(why)" }
        if let why = Self.notPrivate(file, folder: false) { return "\(file): \(why)" }
        return nil
    }

    /// Checks with lstat (links not followed): type, owner this user, no write bits for group or
    /// others (and for a folder no access for them at all).
    static func notPrivate(_ p: String, folder: Bool) -> String? {
        var st = stat()
        if lstat(p, &st) != 0 { return "cannot be checked: \(String(cString: strerror(errno)))" }
        let type = st.st_mode & S_IFMT
        if folder && type != S_IFDIR { return "is not a folder" }
        if !folder && type != S_IFREG { return "is not a regular file" }
        if st.st_uid != geteuid() { return "belongs to user \(st.st_uid), not to this user (\(geteuid()))" }
        let open: mode_t = folder ? 0o077 : 0o022
        if st.st_mode & open != 0 { return String(format: "has mode %o, open to other users", st.st_mode & 0o7777) }
        return nil
    }
}
