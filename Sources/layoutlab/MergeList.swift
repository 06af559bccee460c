import Foundation
import Reporting
import SafeIO

/// `merge --parts-from FILE`: the partial documents' paths, one a line.
enum MergeList {
    /// The most a list may hold (about 10^6 shards of 1 KB paths): more is not a list.
    static let maximumBytes = 1 << 30

    /// The non-empty lines of `file` (a trailing CR dropped); a NUL byte, a file that is not
    /// text or one past `maximumBytes` is a one-line error naming the file and line.
    static func read(_ file: String) throws -> [String] {
        var st = stat()
        if stat(file, &st) != 0 {
            throw LayoutLabError("\(file): cannot read the list of parts: \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) != S_IFREG { throw LayoutLabError("\(file): the list of parts is not a regular file") }
        if Int64(st.st_size) > Int64(maximumBytes) { throw LayoutLabError("\(file): the list of parts is over 1 GiB") }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw LayoutLabError("\(file): cannot read the list of parts")
        }
        var out: [String] = []
        for (n, line) in data.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
            var bytes = Array(line)
            if bytes.last == 13 { bytes.removeLast() }
            if bytes.isEmpty { continue }
            if bytes.contains(0) { throw LayoutLabError("\(file):\(n + 1): a NUL byte in the list of parts") }
            guard let path = String(validating: bytes, as: UTF8.self) else {
                throw LayoutLabError("\(file):\(n + 1): not UTF-8 text")
            }
            out.append(path)
        }
        return out
    }
}
