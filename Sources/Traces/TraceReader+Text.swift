import AccessSink
/// The text formats: DineroIV `din` (traditional and extended) and Valgrind Lackey.
extension TraceReader {
    @inlinable
    public static func replayText<S: AccessSink>(
        _ src: ByteSource, lackey: Bool,
        into sink: inout S
    ) throws -> TraceSummary {
        var summary = TraceSummary()
        var lineNumber = 0
        // A UTF-8 byte-order mark at the very start is not part of the first record.
        if try src.peek(3).elementsEqual([0xEF, 0xBB, 0xBF]) { src.start += 3 }
        // A line ends at LF, CR (old Mac files) or CRLF; after a CR, a LF right behind it ends nothing.
        var afterCR = false
        while true {
            // Find the next line end, refilling while the buffer holds no complete line.
            var i = src.start
            var nl = -1
            while true {
                while i < src.end {
                    let b = src.buffer.load(fromByteOffset: i, as: UInt8.self)
                    if b == 10 && afterCR && i == src.start {
                        afterCR = false
                        src.start += 1
                        i += 1
                        continue
                    }
                    afterCR = false
                    if b == 10 || b == 13 {
                        nl = i
                        break
                    }
                    i += 1
                }
                if nl >= 0 || src.eof { break }
                if src.end - src.start >= src.capacity && !src.growForLongLine() {
                    throw TraceError("\(src.name):\(lineNumber + 1): line longer than \(src.lineLimit) bytes")
                }
                let scanned = i - src.start
                _ = try src.refill()
                i = src.start + scanned
            }
            if nl < 0 && src.start == src.end { break }
            let lineStart = src.start
            let lineEnd = nl >= 0 ? nl : src.end
            lineNumber += 1
            let line = UnsafeRawBufferPointer(start: src.buffer + lineStart, count: lineEnd - lineStart)
            do {
                if lackey {
                    try parseLackey(line, lineNumber, src.name, &summary, &sink)
                } else {
                    try parseDin(line, lineNumber, src.name, &summary, &sink)
                }
            } catch {
                // Binary data in a text trace: say so rather than "unknown access type".
                if line.contains(0) {
                    let format = lackey ? "Lackey" : "din"
                    throw TraceError("\(src.name):\(lineNumber): a NUL byte (binary data, not a \(format) text line)")
                }
                throw error
            }
            if nl >= 0 { afterCR = src.buffer.load(fromByteOffset: nl, as: UInt8.self) == 13 }
            src.start = nl >= 0 ? nl + 1 : src.end
            if nl < 0 { break }
        }
        return summary
    }

    /// One `din` line: traditional `label hexaddress [ignored...]`, which DineroIV reads as a
    /// 4-byte access at the address masked with ~3 (it is word oriented), or extended
    /// `r|w|i|m|c|v hexaddress hexsize` (both fields hexadecimal, optional `0x`, as DineroIV's
    /// xdin). Copy-back and invalidate records (`c`, `v`, labels 4 and 5) go to the sink's
    /// `copyBack`/`invalidate`; instruction fetches go to `fetchInstruction` when the sink accepts
    /// them and are counted as skipped otherwise.
    @inlinable
    static func parseDin<S: AccessSink>(
        _ line: UnsafeRawBufferPointer, _ n: Int, _ name: String,
        _ summary: inout TraceSummary, _ sink: inout S
    ) throws {
        var f = FieldScanner(line)
        guard let label = f.next() else { return }  // blank line
        if label.first == 35 { return }  // '#' comment
        guard let addrField = f.next() else {
            throw TraceError("\(name):\(n): expected `label address`, found only one field")
        }
        guard var address = FieldScanner.hex(addrField) else {
            throw TraceError("\(name):\(n): address \(FieldScanner.text(addrField)) is not a hexadecimal number")
        }
        var kind: AccessKind
        var size: UInt32 = 4
        var misc = false
        if label.count == 1, let c = label.first, c >= 48 && c <= 57 {
            switch c {
            case 48: kind = .load
            case 51:
                kind = .load
                misc = true
            case 49: kind = .store
            case 50:  // instruction fetch: a word, like every traditional record
                summary.instruction(address: address & ~3, size: 4, into: &sink)
                return
            case 52, 53:  // copy-back, invalidate: the word's line at every level
                if c == 52 {
                    sink.copyBack(address: address & ~3, size: 4)
                } else {
                    sink.invalidate(address: address & ~3, size: 4)
                }
                summary.maintenance &+= 1
                return
            default: throw TraceError("\(name):\(n): unknown label \(c - 48) (expected 0-5)")
            }
            address &= ~3
        } else if label.count == 1, let c = label.first {
            switch c | 0x20 {
            case 114: kind = .load  // r
            case 109:
                kind = .load
                misc = true  // m
            case 119: kind = .store  // w
            case 105: kind = .load  // i: handled below, once the size is known
            case 99, 118: kind = .load  // c, v: handled below, once the size is known
            default:
                throw TraceError(
                    """
                    \(name):\(n): unknown access type `\(FieldScanner.text(label))` (expected r, w, i, m, c, v or \
                    a label 0-5)
                    """
                )
            }
            guard let sizeField = f.next() else {
                throw TraceError("\(name):\(n): extended din needs a size after the address")
            }
            let maintenance = c | 0x20 == 99 || c | 0x20 == 118
            if maintenance, let s = FieldScanner.hex(sizeField), s <= UInt32.max {
                // Copy-back and invalidate: size 0 is the whole cache, otherwise the address's line.
                if c | 0x20 == 99 {
                    sink.copyBack(address: address, size: UInt32(s))
                } else {
                    sink.invalidate(address: address, size: UInt32(s))
                }
                summary.maintenance &+= 1
                return
            }
            guard let s = FieldScanner.hex(sizeField), s > 0 else {
                throw TraceError(
                    """
                    \(name):\(n): size \(FieldScanner.text(sizeField)) is not a \
                    \(maintenance ? "" : "positive ")hexadecimal number
                    """
                )
            }
            // No real access is larger; a huge size would be millions of line references.
            guard s <= 1 << 20 else {
                throw TraceError("\(name):\(n): size 0x\(String(s, radix: 16)) exceeds the 1 MiB limit for one access")
            }
            size = UInt32(s)
        } else {
            throw TraceError(
                """
                \(name):\(n): unknown access type `\(FieldScanner.text(label))` (expected r, w, i, m, c, v or a \
                label 0-5)
                """
            )
        }
        if label.first! | 0x20 == 105 {
            summary.instruction(address: address, size: size, into: &sink)
            return
        }
        if misc {
            sink.accessMisc(address: address, size: size, region: 0)
        } else {
            sink.access(address: address, size: size, kind: kind, region: 0)
        }
        summary.accesses &+= 1
    }

    /// One Lackey line: `I  addr,size`, ` L addr,size`, ` S addr,size`, ` M addr,size`,
    /// or a `==pid==` banner (ignored).
    @inlinable
    static func parseLackey<S: AccessSink>(
        _ line: UnsafeRawBufferPointer, _ n: Int, _ name: String,
        _ summary: inout TraceSummary, _ sink: inout S
    ) throws {
        var f = FieldScanner(line)
        guard let op = f.next() else { return }
        if op.first == 61 || op.first == 35 { return }  // "==pid==" banner or comment
        guard let arg = f.next(), let comma = arg.firstIndex(of: 44) else {
            throw TraceError("\(name):\(n): expected `KIND address,size` (Lackey --trace-mem=yes)")
        }
        guard let address = FieldScanner.hex(UnsafeRawBufferPointer(rebasing: arg[arg.startIndex..<comma])) else {
            throw TraceError("\(name):\(n): address is not a hexadecimal number")
        }
        guard let s = FieldScanner.number(UnsafeRawBufferPointer(rebasing: arg[(comma + 1)...])), s > 0 else {
            throw TraceError("\(name):\(n): size is not a positive number")
        }
        guard s <= 1 << 20 else { throw TraceError("\(name):\(n): size \(s) exceeds the 1 MiB limit for one access") }
        let size = UInt32(s)
        guard op.count == 1, let c = op.first else {
            throw TraceError("\(name):\(n): unknown Lackey record `\(FieldScanner.text(op))` (expected I, L, S or M)")
        }
        switch c {
        case 73: summary.instruction(address: address, size: size, into: &sink)
        case 76:
            sink.access(address: address, size: size, kind: .load, region: 0)
            summary.accesses &+= 1
        case 83:
            sink.access(address: address, size: size, kind: .store, region: 0)
            summary.accesses &+= 1
        case 77:
            sink.access(address: address, size: size, kind: .load, region: 0)
            sink.access(address: address, size: size, kind: .store, region: 0)
            summary.accesses &+= 2
        default:
            throw TraceError("\(name):\(n): unknown Lackey record `\(FieldScanner.text(op))` (expected I, L, S or M)")
        }
    }
}

/// Splits a line into whitespace-separated fields and parses numbers without allocating.
@usableFromInline
struct FieldScanner {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var i: Int
    @inlinable init(_ b: UnsafeRawBufferPointer) {
        bytes = b
        i = 0
    }

    @inlinable
    mutating func next() -> UnsafeRawBufferPointer? {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 13 { i += 1 }
        if i >= bytes.count { return nil }
        let s = i
        while i < bytes.count, bytes[i] != 32 && bytes[i] != 9 && bytes[i] != 13 { i += 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[s..<i])
    }

    /// Hexadecimal, with or without `0x`; nil on a bad digit, an empty field or overflow.
    @inlinable
    static func hex(_ f: UnsafeRawBufferPointer) -> UInt64? {
        var j = 0
        if f.count >= 2, f[0] == 48, f[1] | 0x20 == 120 { j = 2 }
        if j >= f.count || f.count - j > 16 { return nil }
        var v: UInt64 = 0
        while j < f.count {
            let c = f[j]
            let d: UInt8
            if c >= 48 && c <= 57 {
                d = c - 48
            } else if c | 0x20 >= 97 && c | 0x20 <= 102 {
                d = (c | 0x20) - 87
            } else {
                return nil
            }
            v = v << 4 | UInt64(d)
            j += 1
        }
        return v
    }

    /// Decimal, or hexadecimal with `0x`.
    @inlinable
    static func number(_ f: UnsafeRawBufferPointer) -> UInt64? {
        if f.count >= 2, f[0] == 48, f[1] | 0x20 == 120 { return hex(f) }
        if f.isEmpty || f.count > 19 { return nil }
        var v: UInt64 = 0
        for c in f {
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + UInt64(c - 48)
        }
        return v
    }

    /// A field for an error message (at most 40 characters, non-printables escaped).
    @usableFromInline
    static func text(_ f: UnsafeRawBufferPointer) -> String {
        var s = ""
        for c in f.prefix(40) { s += (c >= 32 && c < 127) ? String(UnicodeScalar(c)) : "\\x" + String(c, radix: 16) }
        return f.count > 40 ? s + "..." : s
    }
}
