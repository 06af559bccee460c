import ResultsSchema
import Foundation
import Testing
import Traces
import TestSupport

/// The 3C split's memory bound, measured: `replay` with 3C over a generated dinero-binary trace
/// of 4 M distinct 64-byte lines (each loaded once, in order) on zen4 stays under 128 MB.
/// Before the compact seen set, each level's set of seen lines alone took about 100 MB here (a
/// 2^23-slot table of 12-byte entries), three levels of it.
@Suite struct ReplayMemoryTests {
    let dir = TestDirectory("replay-memory")

    /// Runs the CLI as a grandchild and returns its exit status and its own peak resident memory
    /// in bytes. Not `wait4` on a direct child: `posix_spawn` starts it with `vfork`, and Linux
    /// carries the old memory map's high-water mark (this test runner's, which grows to 150 MiB
    /// beside the whole suite) into the child's `ru_maxrss` at exec. A small Python parent forks
    /// instead, so the CLI's figure starts from Python's few MiB; it reports the grandchild's
    /// `ru_maxrss` (KiB on Linux) on stderr.
    static func peakRSS(_ args: [String], stdout path: String) throws -> (status: Int32, peak: Int) {
        let wrapper = """
            import os, sys
            pid = os.fork()
            if pid == 0:
                fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(fd, 1)
                os.execv(sys.argv[2], sys.argv[2:])
            _, status, usage = os.wait4(pid, 0)
            sys.stderr.write("%d\\n" % usage.ru_maxrss)
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", wrapper, path, CLIProcess.binary] + args
        let err = Pipe()
        p.standardError = err
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let kib =
            Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? Int.max / 2048
        return (p.terminationStatus, kib * 1024)
    }

    @Test func replayWith3CStaysWithinTheStatedBound() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let trace = dir.file("lines.din.bin"), out = dir.file("out.json")
        let lines: UInt64 = 4 << 20
        var w = try TraceWriter(path: trace, format: .dineroBinary)
        for i in 0..<lines { w.access(address: 0x1000_0000 + i * 64, size: 4, kind: .load, region: 0) }
        try w.finish()
        let (status, peak) = try Self.peakRSS(["replay", trace, "--machine", "zen4", "--json"], stdout: out)
        #expect(status == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let l1 = try #require((json["levels"] as? [[String: Any]])?.first)
        // Every line is new: 4 Mi compulsory misses at L1, nothing else.
        #expect(l1["compulsory"] as? Int == Int(lines) && l1["misses"] as? Int == Int(lines))
        // 128 MB, well under the general bound README states (at most 16 bytes per distinct line
        // per level, 3 levels, plus the fixed shadows, 20 MiB for zen4's L3, and the process:
        // 256 MiB here), since these lines are dense. The old seen set needed 428 MB here.
        let bound = 128_000_000
        #expect(peak < bound, "peak RSS \(peak >> 20) MiB, bound \(bound >> 20) MiB")
    }
}
