import Foundation

/// The checks every requested output passes before any work starts, so a sweep never runs for
/// minutes only to fail at the end: a name is given, it is not a folder, and either it is a
/// device or FIFO that can be written (written in place) or its folder can be created and written.
package enum OutputCheck {
    /// `option` (e.g. "--json") names the output in the error. A report (`withCharts`) must be a
    /// regular file: its charts are written beside it, which beside /dev/null would be in /dev.
    package static func file(_ path: String, option: String, withCharts: Bool = false) throws {
        if path.isEmpty { throw LayoutLabError("\(option): the output file name is empty") }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw LayoutLabError("\(path): is a folder; \(option) needs a file name")
        }
        if AtomicFile.isSpecial(path) {
            if withCharts {
                throw LayoutLabError(
                    "\(path): is a device or FIFO; \(option) needs a regular file (the charts are written beside it)")
            }
            if access(path, W_OK) != 0 {
                throw LayoutLabError("\(path): cannot be written: \(String(cString: strerror(errno)))")
            }
            return
        }
        if path.hasSuffix("/") { throw LayoutLabError("\(path): ends in `/`; \(option) needs a file name") }
        try AtomicFile.ensureWritableDirectory(PathText.directory(path))
    }

    /// Whether `a` and `b` are the same existing file (links followed).
    package static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }
}
