import ResultsSchema
import SafeIO

/// The part of a chart's file name that comes from names in the documents (level and variant
/// names: "misses-L1", "blis-NAME-kc"). Names are not trusted to be file names: anything but
/// ASCII letters, digits, `.`, `_` and `-` becomes `_`, and a name that needed that gets a
/// hash of the original appended, so two names never share a chart ("L 1" and "L_1"). The
/// result has no `/` and is never `.` or `..`: a chart is always written beside its report.
public enum ChartFileName {
    public static func component(_ name: String) -> String {
        let mapped = String(String.UnicodeScalarView(name.unicodeScalars.map { isKept($0) ? $0 : "_" }))
        if mapped == name && !name.isEmpty && name != "." && name != ".." { return name }
        return mapped + "-" + hash(name)
    }

    static func isKept(_ u: Unicode.Scalar) -> Bool {
        ShellQuote.isAlphanumeric(u) || u == "." || u == "_" || u == "-"
    }

    /// FNV-1a (32 bits) of the UTF-8 bytes, as 8 hex digits: stable across runs and platforms.
    static func hash(_ s: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in s.utf8 {
            h ^= UInt32(b)
            h = h &* 0x0100_0193
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
