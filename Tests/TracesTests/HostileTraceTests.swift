import Foundation
import Testing
import Traces
import TestSupport
import AccessSink

/// Issue 14, trace readers: line ends, BOMs, pipes delivering records in pieces, compressed files.
@Suite struct HostileTraceTests {
    let scratch = TestDirectory("layoutlab-hostile-trace")
    func tmp(_ name: String) -> String { scratch.file(name) }
    func err(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch { return "\(error)" }
    }

    func replay(_ bytes: [UInt8], _ format: TraceFormat?, chunk: Int = 1 << 20) throws -> (
        TraceFormat, TraceSummary, UInt64
    ) {
        let p = tmp("t-\(chunk)")
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        var sink = CountingSink()
        // The read path, so that `chunk` places the buffer's ends (MappedSourceTests maps).
        let (f, s) = try TraceReader.replay(ByteSource(path: p, chunk: chunk, window: nil), format: format, into: &sink)
        return (f, s, sink.total)
    }

    @Test func aLoneCREndsALine() throws {
        let cr = Array("r 1000 4\rw 2000 8\rr 3000 4\r".utf8)
        #expect(try replay(cr, nil).0 == .din)
        #expect(try replay(cr, .din).2 == 3)
        let lackey = Array("==1== x\r L 1000,4\r S 2000,4\r".utf8)
        #expect(try replay(lackey, nil).0 == .lackey && replay(lackey, nil).2 == 2)
        // CRLF is one line end, wherever the buffer splits it: the error names line 3, not 5.
        let crlf = Array("r 1000 4\r\nw 2000 8\r\nzz 1\r\n".utf8)
        for chunk in 10...24 {
            #expect(
                err { _ = try replay(crlf, .din, chunk: chunk) }.hasSuffix(
                    ":3: unknown access type `zz` (expected r, w, i, m, c, v or a label 0-5)"), "chunk \(chunk)")
        }
        // Mixed: CR, CRLF, LF, then a blank CR line: four records.
        #expect(try replay(Array("r 0 4\rr 10 4\r\nr 20 4\n\rw 30 4".utf8), .din).2 == 4)
    }

    @Test func aBOMBeforeDinIsText() throws {
        let (f, s, _) = try replay([0xEF, 0xBB, 0xBF] + Array("r 1000 4\nw 2000 8\n".utf8), nil)
        #expect(f == .din && s.accesses == 2)
    }

    /// Writes `bytes` into a FIFO in two pieces, `split` bytes then the rest 100 ms later, as a
    /// pipe from a slow producer delivers them, and replays what arrives.
    func replayFromPipe(_ bytes: [UInt8], split: Int, _ format: TraceFormat) throws -> UInt64 {
        let fifo = tmp("pipe-\(split)")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY | O_CLOEXEC)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, split) }
            usleep(100_000)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + split, bytes.count - split) }
            close(fd)
        }
        writer.start()
        var sink = CountingSink()
        let (_, s) = try TraceReader.replay(ByteSource(path: fifo), format: format, into: &sink)
        return s.accesses
    }

    @Test func binaryRecordsArrivingInPiecesAreWaitedFor() throws {
        // Two dinero-binary records (8 bytes: u32 address, u16 size, u8 type, pad), split inside the first.
        let bin: [UInt8] = [0, 0x10, 0, 0, 4, 0, 0, 0, 0, 0x20, 0, 0, 4, 0, 1, 0]
        for split in [1, 5, 9, 15] {
            #expect(try replayFromPipe(bin, split: split, .dineroBinary) == 2, "split \(split)")
        }
        // llt: 12-byte header without regions, then two 12-byte records; split inside a record.
        var llt = Array("LLTRACE".utf8) + [0, 1, 0, 0, 0]
        llt += [0, 0x10, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0] + [0, 0x20, 0, 0, 0, 0, 0, 0, 8, 0, 1, 0]
        for split in [3, 14, 25, 35] { #expect(try replayFromPipe(llt, split: split, .llt) == 2, "split \(split)") }
        // A record really cut short by the end of the input is still an error.
        #expect(
            err { _ = try replay(Array(bin.prefix(13)), .dineroBinary) }.hasSuffix(
                "truncated record at byte offset 8: 5 of 8 bytes"))
    }

    @Test func compressedTracesAreNamed() {
        let gz: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]
        #expect(
            err { _ = try replay(gz, nil) }.hasSuffix(
                """
                : is gzip-compressed; compressed traces are not read (decompress it first, or pipe it: gzip -dc \
                FILE | layoutlab replay - ...)
                """
            ))
        #expect(err { _ = try replay(gz, .din) }.contains("is gzip-compressed"))
        #expect(err { _ = try replay([0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0], nil) }.contains("is zstd-compressed"))
    }

    @Test func lackeySizeOverTheLimitNamesTheLimit() {
        #expect(
            err { _ = try replay(Array(" L 1000,2000000\n".utf8), .lackey) }.hasSuffix(
                ":1: size 2000000 exceeds the 1 MiB limit for one access"))
        #expect(
            err { _ = try replay(Array(" L 1000,0\n".utf8), .lackey) }.hasSuffix(":1: size is not a positive number"))
        #expect(err { _ = try replay(Array(" L 1000,1048576\n".utf8), .lackey) } == "no error")
    }
}
