import Foundation
import Testing
@testable import Reporting
import Traces
import TestSupport

/// Progress output: the wording (hand-written expectations, the example line), and the
/// CLI's stderr through a pseudo-terminal, through a pipe, and with --quiet.
@Suite struct ProgressTests {
    let dir = TestDirectory("progress")

    @Test func wording() {
        #expect(
            ProgressText.count(3.2e9) == "3.2 G" && ProgressText.count(78e6) == "78 M"
                && ProgressText.count(950) == "950")
        #expect(
            ProgressText.duration(38) == "38 s" && ProgressText.duration(360) == "6 min"
                && ProgressText.duration(9000) == "2.5 h")
        // 41% of 3.2 G is 1.312 G; 1.3 G is 40.6%, shown as 40 (percent is floored, never 100 early).
        #expect(
            ProgressText.run(
                index: 3, of: 36, label: "ijk-row size=1024", done: 1.312e9, expected: 3.2e9,
                rate: 78e6, eta: 38, sweepETA: 360)
                == "[3/36] ijk-row size=1024: 41% of 3.2 G accesses, 78 M/s, ETA 38 s (sweep 6 min)")
        #expect(
            ProgressText.sweep(runs: 36, accesses: 2.58e10, seconds: 360)
                == "sweep: 36 runs, 26 G accesses, estimated 6 min")
        #expect(
            ProgressText.replay(read: 0.5e9, total: 1.2e9, rate: 78e6, eta: 12)
                == "replay: 41% of 1.2 GB read, 78 M accesses/s, ETA 12 s")
    }

    /// Runs the CLI with stderr on a new pseudo-terminal (stdout to /dev/null) and returns
    /// everything written to the terminal.
    static func throughTerminal(_ args: [String]) throws -> String {
        var master: Int32 = -1, slave: Int32 = -1
        try #require(openpty(&master, &slave, nil, nil, nil) == 0)
        defer { close(master) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, slave, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addclose(&actions, slave)
        let argv = ([CLIProcess.binary] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, CLIProcess.binary, &actions, nil, argv, environ)
        close(slave)
        try #require(spawned == 0)
        var out = [UInt8](), buf = [UInt8](repeating: 0, count: 4096)
        var status: Int32 = 0
        while true {
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 100) > 0 {
                let n = read(master, &buf, buf.count)
                if n > 0 {
                    out += buf[0..<n]
                    continue
                }
            }
            if waitpid(pid, &status, WNOHANG) == pid { break }
        }
        // What the child wrote just before it exited.
        var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&p, 1, 50) > 0, case let n = read(master, &buf, buf.count), n > 0 { out += buf[0..<n] }
        #expect(status == 0, "exit status \(status)")
        return String(decoding: out, as: UTF8.self)
    }

    /// A one-run experiment of about 12.6 M accesses (naive ijk, m 48, n = k = 256: 4 MNK =
    /// 12,582,912), a few seconds in a debug build.
    func experiment() throws -> String {
        let path = dir.file("small.yaml")
        try """
        name: small
        machine: zen4
        kernel: gemm
        shape: {m: 48, n: 256, k: 256}
        element: f32
        variants:
          - {name: ijk-row, loops: ijk}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func simulateOnATerminal() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let text = try Self.throughTerminal(["simulate", try experiment(), "--no3c"])
        #expect(text.contains("sweep: 1 run, 13 M accesses, estimated "), "\(text)")
        let lines = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).filter {
            $0.contains("% of 13 M accesses")
        }
        #expect(
            lines.count >= 2 && lines.allSatisfy { $0.hasPrefix("[1/1] ijk-row: ") && $0.contains("ETA") }, "\(text)")
    }

    @Test func quietOnATerminal() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        #expect(try Self.throughTerminal(["simulate", try experiment(), "--no3c", "--quiet"]) == "")
    }

    @Test func simulateThroughAPipe() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let r = try CLIProcess.run(["simulate", try experiment(), "--no3c"])
        #expect(r.status == 0)
        // Only the estimate: no live line where stderr is not a terminal.
        #expect(
            r.err.split(separator: "\n").count == 1 && r.err.hasPrefix("sweep: 1 run, 13 M accesses, estimated "),
            "\(r.err)")
    }

    @Test func replayOnATerminal() throws {
        try #require(CLIProcess.built, "build the layoutlab product first")
        let trace = dir.file("t.din.bin")
        var w = try TraceWriter(path: trace, format: .dineroBinary)
        for i in 0..<UInt64(3 << 20) {
            w.access(address: (i * 4) % (64 << 20), size: 4, kind: i % 3 == 0 ? .store : .load, region: 0)
        }
        try w.finish()
        let text = try Self.throughTerminal(["replay", trace, "--machine", "zen4"])
        // 3 Mi records of 8 bytes: 25.2 MB.
        #expect(text.contains("% of 25 MB read") && text.contains("ETA"), "\(text)")
        #expect(try Self.throughTerminal(["replay", trace, "--machine", "zen4", "--quiet"]) == "")
    }
}
