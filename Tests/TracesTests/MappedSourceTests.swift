import Foundation
import Testing
import Traces
import TestSupport
import AccessSink

/// `ByteSource` maps a regular file a window at a time; these read files through two-page
/// windows, so that lines and records are cut by many window ends, and expect exactly the
/// accesses the files were made of (a formula here), as the read path gives them.
@Suite struct MappedSourceTests {
    let scratch = TestDirectory("layoutlab-mapped")

    /// Records every access: kind, address, size, region.
    struct Recorder: AccessSink {
        var seen: [String] = []
        mutating func access(address: UInt64, size: UInt32, kind: AccessKind, region: RegionTag) {
            seen.append("\(kind == .load ? "load" : "store") \(address) \(size) \(region)")
        }
    }

    /// Access `i` of the test traces: a load or store of 1-8 bytes at a spread address.
    static func access(_ i: Int) -> (address: UInt64, size: UInt32, kind: AccessKind) {
        (UInt64(i) &* 0x1234 & 0xFFFF_FFF8, UInt32(1 + i % 8), i % 3 == 0 ? .store : .load)
    }

    static let count = 5000

    func read(_ path: String, _ format: TraceFormat, window: Int?) throws -> (
        seen: [String], read: UInt64?, total: UInt64?
    ) {
        let src = try ByteSource(path: path, chunk: 1000, window: window)
        var r = Recorder()
        _ = try TraceReader.replay(src, format: format, into: &r)
        return (r.seen, src.bytesRead, src.totalBytes)
    }

    @Test(arguments: [TraceFormat.din, .dineroBinary, .llt])
    func windowsCutNothing(_ format: TraceFormat) throws {
        let path = scratch.file("t.\(format.rawValue)")
        var w = try TraceWriter(path: path, format: format, regions: format == .llt ? [0: "a", 7: "b"] : [:])
        var expected: [String] = []
        for i in 0..<Self.count {
            let a = Self.access(i)
            let region: RegionTag = format == .llt && i % 2 == 1 ? 7 : 0
            w.access(address: a.address, size: a.size, kind: a.kind, region: region)
            expected.append("\(a.kind == .load ? "load" : "store") \(a.address) \(a.size) \(region)")
        }
        try w.finish()
        let size = UInt64(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int)
        #expect(size > 4 * 8192, "the file spans several windows")
        let mapped = try read(path, format, window: 8192)
        #expect(mapped.seen == expected)
        #expect(mapped.read == size && mapped.total == size)
        #expect(try read(path, format, window: nil).seen == expected)
    }

    @Test func aLineLongerThanAWindowIsNamed() throws {
        let path = scratch.file("long.din")
        let long = "r 0 4" + String(repeating: " ", count: 20_000) + "\n"
        try ("r 40 4\n" + long).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try read(path, .din, window: 8192)
            Issue.record("a 20 KB line read through 8 KiB windows")
        } catch {
            #expect("\(error)".hasPrefix("\(path):2: line longer than "))
        }
        // A window larger than the line reads it.
        #expect(try read(path, .din, window: 64 << 10).seen == ["load 64 4 0", "load 0 4 0"])
    }

    @Test func anEmptyFileHasNoAccesses() throws {
        let path = scratch.file("empty.bin")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        #expect(try read(path, .dineroBinary, window: 8192).seen.isEmpty)
    }
}
