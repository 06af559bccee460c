import Testing
import Traces
import AccessSink

/// `replay --region` and `--regions FILE`: the ranges, the three file formats, every refusal as
/// one line naming the option or FILE:LINE, and the tag each access gets (a hand-made trace
/// whose per-region counts are read off it by hand).
@Suite struct AddressRegionsTests {
    /// Records every record's kind and tag.
    struct Recorder: AccessSink {
        var seen: [String] = []
        var acceptsInstructions: Bool { true }
        mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
            seen.append("\(kind == .load ? "L" : "S")\(region)")
        }
        mutating func fetchInstruction(address: UInt64, size: UInt32, region: RegionTag) {
            seen.append("I\(region)")
        }
    }

    static func options(_ values: [String]) throws -> AddressRegions {
        var r = AddressRegions()
        for v in values { try r.addOption(v) }
        return r
    }

    static func error(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func optionsTakeHexAndDecimalAndEndIsExclusive() throws {
        let r = try Self.options(["a=0x1000:0x1010", "b=4112:4128"])  // 4112 = 0x1010, 4128 = 0x1020
        #expect(r.names == ["a", "b"])
        #expect(r.regionNames == [0: "other", 1: "a", 2: "b"])
        // 0x100f is a's last byte; 0x1010 (a's END) is b's first; 0x1020 (b's END) is in no range.
        let tags = [0xfff, 0x1000, 0x100f, 0x1010, 0x101f, 0x1020].map { r.tag(of: UInt64($0)) }
        #expect(tags == [0, 1, 1, 2, 2, 0])
    }

    @Test func badOptionsAreOneLineNamingTheOption() {
        #expect(
            Self.error { _ = try Self.options(["a:1:2"]) }
                == "--region `a:1:2`: expected NAME=START:END (START and END decimal or 0x hexadecimal, END exclusive)")
        #expect(
            Self.error { _ = try Self.options(["a=0x10:0xZZ"]) }
                == """
                --region `a=0x10:0xZZ`: END `0xZZ` is not a number from 0 to 2^64-1 (decimal, or hexadecimal with \
                0x)
                """
        )
        #expect(
            Self.error { _ = try Self.options(["a=-1:5"]) }
                == "--region `a=-1:5`: START `-1` is not a number from 0 to 2^64-1 (decimal, or hexadecimal with 0x)")
        // 2^64 does not fit.
        #expect(
            Self.error { _ = try Self.options(["a=0:18446744073709551616"]) }
                == """
                --region `a=0:18446744073709551616`: END `18446744073709551616` is not a number from 0 to 2^64-1 \
                (decimal, or hexadecimal with 0x)
                """
        )
        #expect(
            Self.error { _ = try Self.options(["a=16:16"]) }
                == "--region `a=16:16`: region `a` is empty: END 0x10 is not above START 0x10 (END is exclusive)")
        #expect(
            Self.error { _ = try Self.options(["a=0:16", "b=15:20"]) }
                == "--region `b=15:20`: region `b` (0xf-0x14) overlaps region `a` (0x0-0x10, --region `a=0:16`)")
        // Touching ranges do not overlap (END is exclusive); a range inside another does.
        #expect(Self.error { _ = try Self.options(["a=0:16", "b=16:20"]) } == "no error")
        #expect(
            Self.error { _ = try Self.options(["a=0:100", "b=10:20"]) }
                == "--region `b=10:20`: region `b` (0xa-0x14) overlaps region `a` (0x0-0x64, --region `a=0:100`)")
        #expect(
            Self.error { _ = try Self.options(["a=0:16", "a=32:48"]) }
                == "--region `a=32:48`: region name `a` is given twice (first at --region `a=0:16`)")
        #expect(
            Self.error { _ = try Self.options(["other=0:16"]) }
                == "--region `other=0:16`: region name `other` is reserved for the addresses in no range")
        var r = AddressRegions()
        #expect(
            Self.error { try r.addOption("x/y=0:16", check: { $0.contains("/") ? "contains `/`" : nil }) }
                == "--region `x/y=0:16`: region name contains `/`")
    }

    /// A file mixing the three formats: `NAME START END`, `nm -S` and `/proc/PID/maps`.
    @Test func filesTakePlainNmAndMapsLines() throws {
        let text = """
            # plain
            buf 0x100 0x200
            0000000000404040 0000000000004000 B a
            0000000000408040 0000000000000010 d b\r
            00600000-00601000 r--p 00000000 08:01 42  /usr/lib/libx.so.1
            00700000-00702000 rw-p 00001000 08:01 42  /usr/lib/libx.so.1
            7ffd0000-7ffd1000 rw-p 00000000 00:00 0  [stack]
            00800000-00801000 rw-p 00000000 00:00 0

            """
        var r = AddressRegions()
        try r.addFile(text, file: "r.txt")
        #expect(r.names == ["buf", "a", "b", "libx.so.1", "[stack]"])
        // a: 0x404040 + 0x4000 = 0x408040, exclusive, so b starts where a ends.
        let probes: [(UInt64, RegionTag)] = [
            (0x1ff, 1), (0x200, 0), (0x404040, 2), (0x40803f, 2), (0x408040, 3), (0x40804f, 3), (0x408050, 0),
            (0x600fff, 4), (0x601000, 0), (0x701fff, 4), (0x7ffd0000, 5),
            // The mapping without a path is skipped: it counts to `other`.
            (0x800000, 0),
        ]
        for (a, t) in probes { #expect(r.tag(of: a) == t, "address 0x\(String(a, radix: 16))") }
    }

    @Test func badFileLinesNameFileAndLine() {
        func err(_ text: String) -> String {
            var r = AddressRegions()
            return Self.error { try r.addFile(text, file: "r.txt") }
        }
        #expect(
            err("a 0 16\n0000000000404040 B arr\n")
                == "r.txt:2: an nm line without a size (ADDRESS TYPE NAME): run nm with -S (--print-size)")
        #expect(
            err("a 0\n")
                == """
                r.txt:1: expected `NAME START END`, an `nm -S` line (ADDRESS SIZE TYPE NAME) or a /proc/PID/maps \
                line (START-END PERMS OFFSET DEV INODE PATH)
                """
        )
        #expect(
            err("\n# c\na 0 1k\n")
                == "r.txt:3: END `1k` is not a number from 0 to 2^64-1 (decimal, or hexadecimal with 0x)")
        #expect(err("a 0 16\nb 8 32\n") == "r.txt:2: region `b` (0x8-0x20) overlaps region `a` (0x0-0x10, r.txt:1)")
        #expect(err("a 0 16\na 32 48\n") == "r.txt:2: region name `a` is given twice (first at r.txt:1)")
        #expect(
            err("a 0x20 0x10\n") == "r.txt:1: region `a` is empty: END 0x10 is not above START 0x20 (END is exclusive)")
        #expect(
            err("ffffffffffffff00 0000000000000200 B a\n") == "r.txt:1: ADDRESS + SIZE is past 2^64")
        #expect(err("0000000000000010 zz B a\n") == "r.txt:1: SIZE `zz` is not a hexadecimal number from 0 to 2^64-1")
        // A name from a maps file may gain ranges from maps lines only.
        #expect(
            err("00600000-00601000 r--p 0 08:01 42 /lib/x\nx 0 16\n")
                == "r.txt:2: region name `x` is given twice (first at r.txt:1)")
        var many = ""
        for i in 0...255 { many += "r\(i) \(i * 16) \(i * 16 + 16)\n" }
        #expect(err(many) == "r.txt:256: more than 255 region names (tags are one byte; tag 0 is `other`)")
    }

    /// A Lackey trace through `RegionMapSink`: the tag of each record is the range holding its
    /// first byte. Ranges a = 0x1000..<0x1010 and b = 0x1010..<0x1020; by hand: the load at
    /// 0x100c (size 8, crossing into b) is a's, the store at 0x1010 b's, the modify at 0x1020
    /// (b's END) other's (a load then a store), and the instruction fetch at 0x1000 a's.
    @Test func everyRecordGetsItsRangesTag() throws {
        let trace = """
            ==1== banner
            I  00001000,4
             L 0000100c,8
             S 00001010,4
             M 00001020,4
             L 00000fff,1

            """
        let r = try Self.options(["a=0x1000:0x1010", "b=0x1010:0x1020"])
        var sink = RegionMapSink(Recorder(), regions: r)
        let (_, summary) = try TraceReader.replay(
            ByteSource(bytes: Array(trace.utf8), name: "t.lackey"), format: .lackey, into: &sink)
        #expect(sink.inner.seen == ["I1", "L1", "S2", "L0", "S0", "L0"])
        #expect(summary.accesses == 5)
    }
}
