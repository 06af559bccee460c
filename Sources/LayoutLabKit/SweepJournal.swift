import Foundation
import Reporting

/// The crash-safe record of a sweep in progress: one JSON line per finished run, appended and
/// flushed to disk as each run completes. A rerun of the same command (same experiment, machine
/// and LayoutLab version: the fingerprint) reads it back and computes only the missing runs.
/// A torn last line (the process killed mid-write) is ignored.
public final class SweepJournal: @unchecked Sendable {
    public let path: String
    let fingerprint: String
    /// Runs already finished, by run key.
    public private(set) var done: [String: JSON] = [:]
    private let fd: Int32
    private let lock = NSLock()

    public init(path: String, fingerprint: String) throws {
        self.path = path; self.fingerprint = fingerprint
        if let data = FileManager.default.contents(atPath: path) {
            for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
                guard let j = try? JSON.parse(Data(line)), let key = j["key"]?.string, let run = j["run"] else { continue }
                guard j["fingerprint"]?.string == fingerprint else {
                    throw ReportError("\(path):\(n + 1): left by a different experiment, machine or LayoutLab version; delete it to start over")
                }
                done[key] = run
            }
        }
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if fd < 0 { throw ReportError("\(path): cannot open the sweep journal: \(String(cString: strerror(errno)))") }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends one finished run and flushes it to disk.
    public func append(key: String, run: JSON) throws {
        let line = JSON.object([("fingerprint", .string(fingerprint)), ("key", .string(key)), ("run", run)]).serialized() + "\n"
        try lock.withLock {
            let ok = line.utf8CString.withUnsafeBufferPointer { p -> Bool in
                var off = 0, n = p.count - 1
                while n > 0 {
                    let r = write(fd, p.baseAddress! + off, n)
                    if r < 0 { if errno == EINTR { continue }; return false }
                    off += r; n -= r
                }
                return fsync(fd) == 0
            }
            if !ok { throw ReportError("\(path): cannot append to the sweep journal: \(String(cString: strerror(errno)))") }
            done[key] = run
        }
    }

    /// Removes the journal once the final results are safely written.
    public func remove() { unlink(path) }

    /// FNV-1a 64 of a description, as hex: the journal's fingerprint.
    public static func fingerprint(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }
}
