import AccessSink

/// The trace file formats LayoutLab reads and writes.
public enum TraceFormat: String, CaseIterable, Sendable {
    /// DineroIV text: traditional `label hexaddress` (0 read, 1 write, 2 instruction fetch,
    /// 3 misc read, 4 copy-back, 5 invalidate; 4 bytes at the address & ~3) or extended
    /// `r|w|i|m|c|v hexaddress hexsize`.
    case din
    /// DineroIV binary: 8-byte records, uint32 LE address, uint16 LE size, uint8 type, one pad byte.
    case dineroBinary = "dinero-binary"
    /// Valgrind Lackey `--trace-mem=yes` output.
    case lackey
    /// LayoutLab's own binary format (see docs/trace-formats.md, "The llt format").
    case llt

    /// Guesses the format from a file's first bytes.
    public static func detect(_ head: UnsafeRawBufferPointer) -> TraceFormat {
        if head.count >= 8, LLT.magic.elementsEqual(head.prefix(8)) { return .llt }
        // Text formats are printable ASCII plus whitespace; anything else is binary. A UTF-8
        // byte-order mark before text is not part of it (the text reader skips it too).
        let bom = head.count >= 3 && head.prefix(3).elementsEqual([0xEF, 0xBB, 0xBF])
        let sample = head.dropFirst(bom ? 3 : 0).prefix(4096)
        // A few NUL bytes in otherwise text lines (a damaged text file) leave it text, so that
        // the text reader names the line; binary records hold a NUL in every eight bytes.
        let nuls = sample.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        let lineEnds = sample.contains(10) || sample.contains(13)
        let damagedText = nuls > 0 && nuls * 8 < sample.count && lineEnds
        let isText = sample.allSatisfy {
            $0 == 9 || $0 == 10 || $0 == 13 || ($0 >= 32 && $0 < 127) || ($0 == 0 && damagedText)
        }
        if !isText || sample.isEmpty { return sample.isEmpty ? .din : .dineroBinary }
        // Lackey lines start with "I  ", " L ", " S ", " M " or a "==pid==" banner.
        var i = sample.startIndex
        while i < sample.endIndex {
            var j = i
            while j < sample.endIndex && sample[j] != 10 && sample[j] != 13 { j += 1 }
            let line = sample[i..<j]
            if let f = line.first, f != 35, !line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) {
                if f == 61 || f == 32 { return .lackey }  // "==" banner or " L"
                if f == 73, line.count > 1, line[line.startIndex + 1] == 32 {
                    // "I  addr,size" is Lackey; "i addr size" would be lowercase.
                    return line.contains(44) ? .lackey : .din
                }
                return .din
            }
            i = j + 1
        }
        return .din
    }
}

/// Compressed files, recognised by their magic bytes so that a replay names the compression
/// instead of misreading the bytes as records.
public enum Compression {
    static let magics: [(String, [UInt8])] = [
        ("gzip", [0x1F, 0x8B]), ("bzip2", Array("BZh".utf8)),
        ("xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]), ("zstd", [0x28, 0xB5, 0x2F, 0xFD]),
    ]

    /// The compression whose magic starts `head`, if any.
    public static func detect(_ head: UnsafeRawBufferPointer) -> String? {
        magics.first { head.count >= $0.1.count && head.prefix($0.1.count).elementsEqual($0.1) }?.0
    }
}

/// What a replay saw: data accesses delivered to the sink, instruction fetches delivered to it,
/// copy-back and invalidate records, and records skipped (instruction fetches, when the sink
/// has no instruction side).
public struct TraceSummary: Sendable, Equatable {
    public var accesses: UInt64 = 0
    /// Instruction fetches delivered to the sink's `fetchInstruction`.
    public var instructions: UInt64 = 0
    public var skipped: UInt64 = 0
    /// Copy-back and invalidate records, executed by the sink (`copyBack`, `invalidate`).
    public var maintenance: UInt64 = 0
    /// Region names from the trace's header (llt only; empty otherwise).
    public var regionNames: [RegionTag: String] = [:]
    public init() {}

    /// An instruction-fetch record: delivered to a sink with an instruction side and counted as
    /// an instruction, else counted as skipped (every reader's `i`, label 2, type 2, Lackey `I`).
    @inlinable
    public mutating func instruction<S: AccessSink>(address: UInt64, size: UInt32, into sink: inout S) {
        if sink.acceptsInstructions {
            sink.fetchInstruction(address: address, size: size, region: 0)
            instructions &+= 1
        } else {
            skipped &+= 1
        }
    }
}

/// A malformed trace: the message names the line number or byte offset.
public struct TraceError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Constants of the llt format.
public enum LLT {
    /// "LLTRACE" followed by a zero byte.
    public static let magic: [UInt8] = Array("LLTRACE".utf8) + [0]
    public static let version: UInt16 = 1
    /// Bytes per record: u64 address, u16 size, u8 kind, u8 region.
    public static let recordSize = 12
}
