import Foundation
import Testing
import Traces

/// The 3C split's memory bound, measured: `replay` with 3C over a generated dinero-binary trace
/// of 4 M distinct 64-byte lines (each loaded once, in order) on zen4 stays within the stated
/// bound (16 bytes per distinct line per level, plus the shadows and the process). Before the compact seen set, each level's set of seen lines alone took
/// about 100 MB here (a 2^23-slot table of 12-byte entries), three levels of it.
@Suite struct ReplayMemoryTests {
    let dir = TestDirectory("replay-memory")

    /// Runs the CLI as a helper process and returns its exit status, its stdout and its peak
    /// resident memory in bytes (`wait4`'s `ru_maxrss`, which Linux gives in KiB).
    static func peakRSS(_ args: [String], stdout path: String) throws -> (status: Int32, peak: Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([CLIProcess.binary] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, CLIProcess.binary, &actions, nil, argv, environ)
        guard rc == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        return ((status >> 8) & 0xff, usage.ru_maxrss * 1024)
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
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let l1 = try #require((json["levels"] as? [[String: Any]])?.first)
        // Every line is new: 4 Mi compulsory misses at L1, nothing else.
        #expect(l1["compulsory"] as? Int == Int(lines) && l1["misses"] as? Int == Int(lines))
        // The bound README states: at most 16 bytes per distinct line per level (3 levels), plus the
        // fixed shadows (20 MiB for zen4's L3, less above) and the process itself: 64 MiB for both.
        // Alone this replay peaks at 85-87 MiB; beside the whole suite 137-157 MiB was measured (the
        // cause of that growth under load is not known); the old seen set needed 428 MB here.
        let bound = 3 * 16 * Int(lines) + (64 << 20)
        #expect(peak < bound, "peak RSS \(peak >> 20) MiB, bound \(bound >> 20) MiB")
    }
}
