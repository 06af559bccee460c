import Foundation
import Testing
import Traces
import TestSupport
import AccessSink

/// The din format as DineroIV 7 reads it (`dinfmt.c`, `xdinfmt.c`): extended sizes are
/// hexadecimal, traditional records are 4-byte words at the address masked with ~3; and
/// `trace --format din` writes what DineroIV reads.
@Suite struct DinFormatTests {
    /// Records every access it is given.
    struct Recorder: AccessSink {
        var seen: [String] = []
        mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
            seen.append("\(kind == .load ? "load" : "store") \(address) \(size)")
        }
        mutating func accessMisc(address: UInt64, size: UInt32, region: RegionTag) {
            seen.append("misc \(address) \(size)")
        }
        mutating func copyBack(address: UInt64, size: UInt32) { seen.append("copyBack \(address) \(size)") }
        mutating func invalidate(address: UInt64, size: UInt32) { seen.append("invalidate \(address) \(size)") }
    }

    static func read(_ text: String) throws -> [String] {
        var r = Recorder()
        _ = try TraceReader.replay(ByteSource(bytes: Array(text.utf8), name: "t.din"), format: .din, into: &r)
        return r.seen
    }

    static func error(_ text: String) -> String {
        do {
            _ = try read(text)
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func extendedSizesAreHexadecimal() throws {
        // 10 is sixteen bytes; a and 1f are valid sizes (10 and 31); 0x20 is 32.
        #expect(
            try Self.read("w 0 10\nr 40 a\nr 80 1f\nm c0 0x20\nR 100 1\n")
                == ["store 0 16", "load 64 10", "load 128 31", "misc 192 32", "load 256 1"])
    }

    @Test func badExtendedSizes() {
        #expect(Self.error("r 0 1g\n") == "t.din:1: size 1g is not a positive hexadecimal number")
        #expect(Self.error("r 0 0\n") == "t.din:1: size 0 is not a positive hexadecimal number")
        #expect(Self.error("r 0 100001\n") == "t.din:1: size 0x100001 exceeds the 1 MiB limit for one access")
        #expect(Self.error("r 0 100000\n") == "no error")  // exactly 1 MiB
    }

    @Test func traditionalRecordsAreAlignedWords() throws {
        // 3e & ~3 = 3c, 7 & ~3 = 4, 3 -> 0: each a 4-byte access that stays in its word (and line).
        #expect(
            try Self.read("0 3e\n1 7\n3 3\n0 1000 ignored\n")
                == ["load 60 4", "store 4 4", "misc 0 4", "load 4096 4"])
    }

    @Test func writerWritesHexadecimalSizes() throws {
        let dir = TestDirectory("layoutlab-din")
        let path = dir.file("w.din")
        var w = try TraceWriter(path: path, format: .din)
        w.access(address: 0x1000, size: 16, kind: .store, region: 0)
        w.access(address: 0, size: 10, kind: .load, region: 0)
        w.access(address: 0xabc, size: 1, kind: .load, region: 0)
        w.access(address: 0x40, size: 1 << 20, kind: .load, region: 0)
        try w.finish()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "w 1000 10\nr 0 a\nr abc 1\nr 40 100000\n")
        // And it reads back as written.
        #expect(try Self.read(text) == ["store 4096 16", "load 0 10", "load 2748 1", "load 64 1048576"])
    }

    @Test func copyBackAndInvalidateRecords() throws {
        // Extended c/v (size 0: the whole cache), traditional 4/5 (a word at address & ~3).
        #expect(
            try Self.read("c 40 0\nv 1000 4\nC 0 0x10\n4 47\n5 1003\ni 0 4\n")
                == ["copyBack 64 0", "invalidate 4096 4", "copyBack 0 16", "copyBack 68 4", "invalidate 4096 4"])
        #expect(Self.error("c 0\n") == "t.din:1: extended din needs a size after the address")
        #expect(Self.error("v 0 zz\n") == "t.din:1: size zz is not a hexadecimal number")
        // dinero-binary types 4 and 5 carry their size (0 allowed).
        var r = Recorder()
        let bin: [UInt8] = [0x40, 0, 0, 0, 0, 0, 4, 0, 0x00, 0x10, 0, 0, 4, 0, 5, 0]
        let (_, summary) = try TraceReader.replay(
            ByteSource(bytes: bin, name: "t.bin"), format: .dineroBinary, into: &r)
        #expect(r.seen == ["copyBack 64 0", "invalidate 4096 4"] && summary.maintenance == 2 && summary.skipped == 0)
    }
}
