import Foundation
import LayoutConfig

/// Writes files through a temporary name in the same folder and a rename, so an interrupted
/// or failed run never leaves a half-written file and the previous version stays intact.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let dir = PathText.directory(path)
        let tmp = dir + "/." + String(path.split(separator: "/").last ?? "out") + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else {
            throw ReportError("\(path): cannot write (is \(dir) a writable folder?)")
        }
        if rename(tmp, path) != 0 {
            let e = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: tmp)
            throw ReportError("\(path): cannot rename into place: \(e)")
        }
    }

    /// Fails early, before any work, when `dir` cannot be created or written.
    public static func ensureWritableDirectory(_ dir: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            if !isDir.boolValue { throw ReportError("\(dir): exists and is not a folder") }
        } else {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            catch { throw ReportError("\(dir): cannot create the output folder") }
        }
        if access(dir, W_OK) != 0 { throw ReportError("\(dir): output folder is not writable") }
    }
}

/// An output problem, one line.
public struct ReportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
