/// The two ways to give regions: `--region NAME=START:END` and the lines of a `--regions FILE`.
/// A file line is one of
/// - `NAME START END`: START and END decimal, or hexadecimal with `0x`; END exclusive;
/// - an `nm -S` (`--print-size`) line, `ADDRESS SIZE TYPE NAME` (hexadecimal, with or without
///   `0x`): the symbol's bytes, `ADDRESS..<ADDRESS+SIZE`;
/// - a `/proc/PID/maps` line, `START-END PERMS OFFSET DEV INODE [PATH]`: the mapping, named after
///   its path's last component (`libc.so.6`, `[heap]`, `[stack]`); the mappings of one path form
///   one region; a mapping without a path is skipped (it counts to `other`).
/// Blank lines and lines starting with `#` are skipped.
extension AddressRegions {
    /// What `--region` takes, for its help and errors.
    public static let optionSyntax = "NAME=START:END"

    /// Adds one `--region NAME=START:END`.
    public mutating func addOption(_ value: String, check: (String) -> String? = { _ in nil }) throws {
        let origin = "--region `\(value)`"
        let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let bounds = parts.count == 2 ? parts[1].split(separator: ":", omittingEmptySubsequences: false) : []
        guard parts.count == 2, bounds.count == 2 else {
            throw RegionError(
                "\(origin): expected \(Self.optionSyntax) (START and END decimal or 0x hexadecimal, END exclusive)")
        }
        let start = try Self.number(bounds[0], "START", origin)
        let end = try Self.number(bounds[1], "END", origin)
        try add(name: String(parts[0]), start: start, end: end, origin: origin, check: check)
    }

    /// Adds every line of a regions file's `text`; `file` names it in errors (`FILE:LINE: ...`).
    public mutating func addFile(_ text: String, file: String, check: (String) -> String? = { _ in nil }) throws {
        var n = 0
        // "\r\n" is one Character in Swift: both end a line.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            n += 1
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if f.isEmpty || f[0].hasPrefix("#") { continue }
            let origin = "\(file):\(n)"
            if f.count >= 5, let (start, end) = Self.mapsRange(f[0]), Self.isPerms(f[1]) {
                guard f.count > 5, let name = Self.mapsName(f[5...].joined(separator: " ")) else { continue }
                try add(name: name, start: start, end: end, origin: origin, merge: true, check: check)
            } else if f.count == 4 && Self.isTypeLetter(f[2]) {
                let start = try Self.hex(f[0], "ADDRESS", origin)
                let size = try Self.hex(f[1], "SIZE", origin)
                let (end, over) = start.addingReportingOverflow(size)
                if over { throw RegionError("\(origin): ADDRESS + SIZE is past 2^64") }
                try add(name: String(f[3]), start: start, end: end, origin: origin, check: check)
            } else if f.count == 3 && Self.isTypeLetter(f[1]) && Self.hexValue(f[0]) != nil {
                throw RegionError(
                    "\(origin): an nm line without a size (ADDRESS TYPE NAME): run nm with -S (--print-size)")
            } else if f.count == 3 {
                let start = try Self.number(f[1], "START", origin)
                let end = try Self.number(f[2], "END", origin)
                try add(name: String(f[0]), start: start, end: end, origin: origin, check: check)
            } else {
                throw RegionError(
                    "\(origin): expected `NAME START END`, an `nm -S` line (ADDRESS SIZE TYPE NAME) "
                        + "or a /proc/PID/maps line (START-END PERMS OFFSET DEV INODE PATH)")
            }
        }
    }

    /// A decimal number, or a hexadecimal one with `0x`; an error naming `what` otherwise.
    static func number(_ s: Substring, _ what: String, _ origin: String) throws -> UInt64 {
        let hex = s.hasPrefix("0x") || s.hasPrefix("0X")
        let digits = hex ? s.dropFirst(2) : s
        let ok = !digits.isEmpty && digits.allSatisfy { hex ? $0.isHexDigit : ("0"..."9").contains($0) }
        guard ok, let v = UInt64(digits, radix: hex ? 16 : 10) else {
            throw RegionError(
                "\(origin): \(what) `\(s)` is not a number from 0 to 2^64-1 (decimal, or hexadecimal with 0x)")
        }
        return v
    }

    /// Hexadecimal with or without `0x` (as `nm` and `/proc/PID/maps` print), or nil.
    static func hexValue(_ s: Substring) -> UInt64? {
        let digits = s.hasPrefix("0x") || s.hasPrefix("0X") ? s.dropFirst(2) : s
        guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { return nil }
        return UInt64(digits, radix: 16)
    }

    static func hex(_ s: Substring, _ what: String, _ origin: String) throws -> UInt64 {
        guard let v = hexValue(s) else {
            throw RegionError("\(origin): \(what) `\(s)` is not a hexadecimal number from 0 to 2^64-1")
        }
        return v
    }

    /// `nm`'s symbol type: one letter, or `?` / `-`.
    static func isTypeLetter(_ s: Substring) -> Bool {
        s.count == 1 && (s.first!.isASCII && s.first!.isLetter || s == "?" || s == "-")
    }

    /// `START-END` of a maps line (hexadecimal, END exclusive).
    static func mapsRange(_ s: Substring) -> (UInt64, UInt64)? {
        let p = s.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 2, let a = hexValue(p[0]), let b = hexValue(p[1]), !p[0].hasPrefix("0x") else { return nil }
        return (a, b)
    }

    /// `rw-p`, `r-xs`: a maps line's permissions.
    static func isPerms(_ s: Substring) -> Bool {
        let c = Array(s)
        return c.count == 4 && "r-".contains(c[0]) && "w-".contains(c[1]) && "x-".contains(c[2]) && "ps".contains(c[3])
    }

    /// A maps line's path as a region name: its last component, ` (deleted)` dropped.
    static func mapsName(_ path: String) -> String? {
        var p = Substring(path)
        if p.hasSuffix(" (deleted)") { p = p.dropLast(" (deleted)".count) }
        let name = p.split(separator: "/").last.map(String.init) ?? ""
        return name.isEmpty ? nil : name
    }
}
