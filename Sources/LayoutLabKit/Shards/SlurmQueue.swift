import Dispatch
import Foundation
import LayoutConfig
import Reporting
import SafeIO

/// Slurm's client commands (`sbatch`, `scontrol`, `scancel`), found on PATH and run as child
/// processes. No accounting database is assumed: job states come from `scontrol show job`,
/// which knows a finished job for `MinJobAge` seconds.
public struct SlurmQueue: Sendable {
    let sbatch: String

    /// Fails when `sbatch` is not on PATH (Slurm's client commands are not installed here).
    public init() throws {
        guard let s = Self.which("sbatch") else {
            throw LayoutLabError(
                """
                slurm: sbatch is not on PATH; run this on a Slurm login node (or install slurm-client)
                """)
        }
        sbatch = s
    }

    /// The absolute path of an executable `name` on PATH, or nil.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Submits `script` (after `afterOK` succeeded, when given); returns the job id.
    public func submit(_ script: String, afterOK: String? = nil) throws -> String {
        let r = try Self.run(sbatch, ["--parsable"] + (afterOK.map { ["--dependency=afterok:\($0)"] } ?? []) + [script])
        let id = r.out.split(whereSeparator: { $0 == ";" || $0.isNewline }).first.map(String.init) ?? ""
        guard r.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw LayoutLabError(
                "sbatch \(script): failed (exit \(r.status)): \(Self.lastLine(r.err.isEmpty ? r.out : r.err))")
        }
        return id
    }

    /// One job's (or array task's) state as `scontrol -o show job` prints it.
    public struct JobState: Sendable {
        public var task: Int?
        public var state: String
        public var reason: String
        public var exitCode: String
    }

    /// Every record of `job` (one per array task), or nil when the controller no longer knows it.
    public func states(_ job: String) throws -> [JobState]? {
        guard let scontrol = Self.which("scontrol") else {
            throw LayoutLabError(
                """
                slurm --wait: scontrol is not on PATH
                """)
        }
        let r = try Self.run(scontrol, ["-o", "show", "job", job])
        if r.status != 0 {
            if r.err.contains("Invalid job id") { return nil }
            throw LayoutLabError("scontrol show job \(job): failed (exit \(r.status)): \(Self.lastLine(r.err))")
        }
        return r.out.split(whereSeparator: \.isNewline).map { line in
            func field(_ key: String) -> String? {
                line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
            }
            return JobState(
                task: field("ArrayTaskId").flatMap { Int($0) }, state: field("JobState") ?? "?",
                reason: field("Reason") ?? "", exitCode: field("ExitCode") ?? "")
        }
    }

    /// Cancels `job`, ignoring failure (it may have ended meanwhile).
    public func cancel(_ job: String) {
        if let scancel = Self.which("scancel") { _ = try? Self.run(scancel, [job]) }
    }

    static func lastLine(_ s: String) -> String {
        TerminalText.escape(s.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no output")
    }

    /// Runs `tool` to its end, gathering stdout and stderr.
    static func run(_ tool: String, _ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw LayoutLabError("\(tool): cannot run: \(error.localizedDescription)") }
        let errData = Locked(Data()), group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let d = e.fileHandleForReading.readDataToEndOfFile()
            errData.with { $0 = d }
        }
        let out = o.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return (
            p.terminationStatus, String(decoding: out, as: UTF8.self),
            String(decoding: errData.with { $0 }, as: UTF8.self)
        )
    }
}
