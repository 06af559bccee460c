import Foundation

/// Reads a configuration file as UTF-8 text, with one-line errors. Symbolic links are followed;
/// what they lead to must be a regular file (not a directory, device or FIFO).
enum ConfigFile {
    /// Why `path` cannot be a configuration file, or nil when it can (after following links).
    static func problem(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else {
            return errno == ENOENT ? "no such file" : "cannot be read: \(String(cString: strerror(errno)))"
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return st.st_size > 16 << 20 ? "is over 16 MiB; not a configuration file" : nil
        case S_IFDIR: return "is a directory, not a file"
        default: return "is not a regular file"
        }
    }

    static func read(_ path: String) throws -> String {
        if let p = problem(path) { throw ConfigError(file: path, line: nil, key: "", message: p) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: nil, key: "", message: "cannot be read")
        }
        if data.count > 16 << 20 {
            throw ConfigError(file: path, line: nil, key: "", message: "is over 16 MiB; not a configuration file")
        }
        if data.contains(0) { throw ConfigError(file: path, line: nil, key: "", message: "is a binary file, not YAML") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, key: "", message: "is not UTF-8 text")
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
