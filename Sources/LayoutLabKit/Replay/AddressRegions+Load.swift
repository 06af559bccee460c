import Foundation
import SafeIO
import Traces

extension AddressRegions {
    /// The regions of `replay --region` (each `NAME=START:END`, in order) and `--regions FILE`
    /// (after them), every name checked by `SafeName` (names label report rows and charts); nil
    /// when neither was given.
    public static func load(options: [String], file: String?) throws -> AddressRegions? {
        guard !options.isEmpty || file != nil else { return nil }
        var r = AddressRegions()
        let check: (String) -> String? = { SafeName.problem($0) }
        for o in options { try r.addOption(o, check: check) }
        if let file { try r.addFile(try readRegionsFile(file), file: file, check: check) }
        return r
    }

    /// The regions file as text: a regular file (links followed) of at most 16 MiB of UTF-8, no NUL.
    static func readRegionsFile(_ path: String) throws -> String {
        func fail(_ why: String) -> RegionError { RegionError("--regions \(path): \(why)") }
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw fail(errno == ENOENT ? "no such file" : "cannot be read: \(String(cString: strerror(errno)))")
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw fail(st.st_mode & S_IFMT == S_IFDIR ? "is a directory, not a file" : "is not a regular file")
        }
        guard let h = FileHandle(forReadingAtPath: path) else { throw fail("cannot be read") }
        defer { try? h.close() }
        let limit = 16 << 20
        let data = try h.read(upToCount: limit + 1) ?? Data()
        if data.count > limit { throw fail("is over 16 MiB; not a regions file") }
        if data.contains(0) { throw fail("is a binary file (a NUL byte), not a regions file") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("is not UTF-8 text") }
        return text
    }
}
