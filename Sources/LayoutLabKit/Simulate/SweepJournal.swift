import Foundation
import Reporting
import ResultsSchema
import SafeIO

/// The crash-safe record of a sweep in progress: one JSON line per finished run, appended and
/// flushed to disk as each run completes. A rerun of the same command (same experiment, machine
/// and LayoutLab version: the fingerprint) reads it back and computes only the missing runs.
/// A torn last line (the process killed mid-write) is cut off; any other line that is not a run
/// of this sweep is an error, before any work. The journal is opened without following links
/// and must be a regular file (a FIFO there would hang the read, a link would append elsewhere).
public final class SweepJournal: @unchecked Sendable {
    public let path: String
    let fingerprint: String
    /// Whether the runs carry the 3C split (false: a `--no3c` sweep, marked in every line).
    let threeC: Bool
    /// Runs already finished, by run key.
    public private(set) var done: [String: JSON] = [:]
    /// How long each finished run took to simulate, by run key, where its line says (the
    /// sweep estimate's rate on a resume).
    public private(set) var seconds: [String: Double] = [:]
    private let fd: Int32
    private let lock = NSLock()

    public init(path: String, fingerprint: String, threeC: Bool = true) throws {
        self.path = path
        self.fingerprint = fingerprint
        self.threeC = threeC
        fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        if fd < 0 {
            let why =
                errno == ELOOP
                ? "is a symbolic link; the journal must be a regular file (remove it)"
                : "cannot open the sweep journal: \(String(cString: strerror(errno)))"
            throw LayoutLabError("\(path): \(why)")
        }
        var st = stat()
        if fstat(fd, &st) != 0 || (st.st_mode & S_IFMT) != S_IFREG {
            close(fd)
            throw LayoutLabError(
                """
                \(path): the sweep journal is not a regular file (a FIFO, device or folder); remove it
                """)
        }
        do { try load(size: Int(st.st_size)) } catch {
            close(fd)
            throw error
        }
    }

    /// Reads the finished runs, cutting a torn last line off so that appends start on a fresh line.
    private func load(size: Int) throws {
        var data = [UInt8](repeating: 0, count: size)
        var got = 0
        while got < size {
            let r = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, size - got, off_t(got)) }
            if r < 0 && errno == EINTR { continue }
            if r <= 0 {
                throw LayoutLabError("\(path): cannot read the sweep journal: \(String(cString: strerror(errno)))")
            }
            got += r
        }
        let complete = (data.lastIndex(of: 10).map { $0 + 1 }) ?? 0
        if complete < size { _ = ftruncate(fd, off_t(complete)) }
        let discard = "delete \(path) to start over"
        for (n, line) in data[..<complete].split(separator: 10, omittingEmptySubsequences: false).dropLast()
            .enumerated()
        {
            guard let j = try? JSON.parse(Data(line)) else {
                throw LayoutLabError("\(path):\(n + 1): not valid JSON; the journal is damaged (\(discard))")
            }
            guard let fp = j["fingerprint"]?.string, let key = j["key"]?.string, let run = j["run"],
                run["variant"]?.string != nil, run["levels"]?.array != nil
            else {
                throw LayoutLabError(
                    "\(path):\(n + 1): valid JSON but not a finished run (fingerprint, key, run); \(discard)")
            }
            var lineThreeC = true
            if case .bool(let b)? = j["threeC"] { lineThreeC = b }
            if lineThreeC != threeC {
                throw LayoutLabError(
                    "\(path):\(n + 1): left by a sweep run \(lineThreeC ? "without" : "with") --no3c; "
                        + "run the same command \(lineThreeC ? "without" : "with") --no3c to resume, or \(discard)")
            }
            guard fp == fingerprint else {
                throw LayoutLabError(
                    """
                    \(path):\(n + 1): left by a different experiment, machine or LayoutLab version; delete it to \
                    start over
                    """
                )
            }
            done[key] = run
            if let t = j["seconds"]?.double, t.isFinite, t >= 0 { seconds[key] = t }
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends one finished run, and the seconds it took when known, and flushes it to disk.
    public func append(key: String, run: JSON, seconds time: Double? = nil) throws {
        var fields: [(String, JSON)] = [("fingerprint", .string(fingerprint)), ("key", .string(key)), ("run", run)]
        if let time { fields.append(("seconds", .double(time))) }
        if !threeC { fields.append(("threeC", .bool(false))) }
        let line = JSON.object(fields).serialized() + "\n"
        try lock.withLock {
            let ok = line.utf8CString.withUnsafeBufferPointer { p -> Bool in
                var off = 0, n = p.count - 1
                while n > 0 {
                    let r = write(fd, p.baseAddress! + off, n)
                    if r < 0 {
                        if errno == EINTR { continue }
                        return false
                    }
                    off += r
                    n -= r
                }
                return fsync(fd) == 0
            }
            if !ok {
                throw LayoutLabError("\(path): cannot append to the sweep journal: \(String(cString: strerror(errno)))")
            }
            done[key] = run
            if let time { seconds[key] = time }
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
