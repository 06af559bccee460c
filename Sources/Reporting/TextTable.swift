/// A plain-text table with right-aligned numbers, for terminal output.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []
    public init(_ header: [String]) { self.header = header }
    public mutating func add(_ row: [String]) { rows.append(row) }

    public func render() -> String {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for r in all { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                return i == 0 ? c + pad : pad + c
            }.joined(separator: "  ")
        }
        var out = line(header) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}

/// Number formatting shared by tables and reports.
public enum Fmt {
    /// 1234567 -> "1,234,567".
    public static func int<T: BinaryInteger>(_ v: T) -> String {
        let s = String(v)
        var out = ""
        for (i, ch) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && ch != "-" { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }
    /// A count held as a Double (a median, a claimed figure): grouped digits when it is a whole
    /// number Int64 holds (cut toward zero unless `rule` says otherwise), else three significant
    /// digits; "-" for infinity or NaN. Never traps a conversion.
    public static func whole(_ v: Double, _ rule: FloatingPointRoundingRule = .towardZero) -> String {
        guard v.isFinite else { return "-" }
        let r = v.rounded(rule)
        return abs(r) < 0x1p63 ? int(Int64(r)) : String(format: "%.3g", v)
    }
    /// A fraction as a percentage with two decimals.
    public static func percent(_ v: Double) -> String {
        let x = (v * 10000).rounded() / 100
        return String(format: "%.2f%%", x)
    }
    /// Bytes with a binary unit.
    public static func bytes(_ v: Int) -> String {
        if v >= 1 << 30 && v % (1 << 30) == 0 { return "\(v >> 30) GiB" }
        if v >= 1 << 20 && v % (1 << 20) == 0 { return "\(v >> 20) MiB" }
        if v >= 1 << 10 && v % (1 << 10) == 0 { return "\(v >> 10) KiB" }
        return "\(v) B"
    }
}
