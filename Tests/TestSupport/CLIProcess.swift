import Foundation

/// Runs the built `layoutlab` (debug build) as a child process, as a user would: arguments,
/// optional shell prefix (`ulimit -v ...`), stdout possibly a closed pipe, a time limit (so a
/// hang fails the test instead of stalling the suite) and signals sent while it runs.
public struct CLIProcess {
    public static let binary = URL(fileURLWithPath: repoRoot).appendingPathComponent(".build/debug/layoutlab").path
    public static var built: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public struct Result {
        public var status: Int32
        public var out: String
        public var err: String
        /// Killed by the time limit (a hang).
        public var hung: Bool
    }

    /// `shell`: commands run by /bin/sh before exec-ing the CLI. `closedStdout`: the CLI's stdout
    /// is a pipe nobody reads (as `| head` leaves it once head exits). `whileRunning` is called
    /// with the child's pid until it returns true or the child ends.
    public static func run(
        _ args: [String], shell: String? = nil, closedStdout: Bool = false, limit: Double = 60,
        whileRunning: ((Int32) -> Bool)? = nil
    ) throws -> Result {
        let p = Process()
        if let shell {
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", shell + "; exec \"$0\" \"$@\"", binary] + args
        } else {
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = args
        }
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        if closedStdout { try o.fileHandleForReading.close() }
        try p.run()
        let outData = Locked(Data()), errData = Locked(Data())
        let group = DispatchGroup()
        if !closedStdout {
            DispatchQueue.global().async(group: group) {
                let d = o.fileHandleForReading.readDataToEndOfFile()
                outData.with { $0 = d }
            }
        }
        DispatchQueue.global().async(group: group) {
            let d = e.fileHandleForReading.readDataToEndOfFile()
            errData.with { $0 = d }
        }
        let deadline = Date().addingTimeInterval(limit)
        var hung = false, watching = whileRunning != nil
        while p.isRunning {
            if watching, let w = whileRunning, w(p.processIdentifier) { watching = false }
            if Date() > deadline {
                kill(p.processIdentifier, SIGKILL)
                hung = true
                break
            }
            usleep(2000)
        }
        p.waitUntilExit()
        group.wait()
        return Result(
            status: p.terminationStatus, out: String(decoding: outData.with { $0 }, as: UTF8.self),
            err: String(decoding: errData.with { $0 }, as: UTF8.self), hung: hung)
    }
}
