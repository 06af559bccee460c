import CCallgrind
import Foundation

/// Real-run counters without a PMU: the compiled native kernel run once under Valgrind's cache
/// simulator (`valgrind --tool=callgrind --cache-sim=yes`), which counts the data reads and
/// writes of the instructions the compiler emitted and their D1 and last-level misses. Only the
/// kernel is collected: the process starts with instrumentation off (`--instr-atstart=no`) and
/// the kernel is bracketed by Callgrind's client requests (`start`/`stop`), so the simulated
/// caches are cold when it begins, as in LayoutLab's own simulation.
package enum Callgrind {
    /// The counters `measure` reports, as `callgrind::NAME`.
    package static let events = ["Dr", "Dw", "D1mr", "D1mw", "DLmr", "DLmw"]

    /// Whether this binary was built with `valgrind/callgrind.h` (else the requests are no-ops).
    package static var clientRequestsBuiltIn: Bool { layoutlab_callgrind_available() != 0 }
    /// Turns Callgrind's instrumentation on (nothing outside Valgrind).
    @inline(__always) package static func start() { layoutlab_callgrind_start() }
    /// Turns it off again.
    @inline(__always) package static func stop() { layoutlab_callgrind_stop() }

    /// One cache as Valgrind's `--D1`/`--LL` take it.
    package struct Geometry: Sendable, Equatable {
        package var size: Int, ways: Int, line: Int
        package init(size: Int, ways: Int, line: Int) {
            self.size = size
            self.ways = ways
            self.line = line
        }
        package var argument: String { "\(size),\(ways),\(line)" }
        /// Why Valgrind's cache simulator cannot model it on this host (its own checks), or nil.
        package var problem: String? { problem(registerBytes: Callgrind.hostRegisterBytes) }

        /// Why it cannot be modelled where the widest vector register is `registerBytes` bytes:
        /// Callgrind refuses lines narrower than that ("the minimum line size (16) must be equal
        /// to or larger than the maximum register size (32)" on AVX hosts).
        package func problem(registerBytes: Int) -> String? {
            let (setBytes, o) = line.multipliedReportingOverflow(by: ways)
            guard size > 0, line > 0, ways > 0, !o, setBytes > 0 else {
                return "\(size) bytes of \(ways) way(s) of \(line)-byte lines is not a cache Valgrind can model"
            }
            let sets = size / setBytes
            if sets < 1 || sets & (sets - 1) != 0 || size % setBytes != 0 {
                return "\(sets) sets; Valgrind's cache simulator needs a power-of-two set count"
            }
            if line < 16 { return "\(line)-byte lines; Valgrind's cache simulator needs lines of at least 16 bytes" }
            if line < registerBytes {
                return "\(line)-byte lines; on this host Callgrind needs lines of at least \(registerBytes) bytes "
                    + "(its minimum line size must be >= the maximum register size, \(registerBytes))"
            }
            return nil
        }
    }

    /// The widest vector register Valgrind sees on this host, in bytes: 32 where the CPU has
    /// AVX (Valgrind models no AVX-512), else 16.
    package static let hostRegisterBytes: Int = {
        #if arch(x86_64)
            guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
                let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
            else { return 16 }
            return flags.split(whereSeparator: { $0 == " " || $0 == "\t" }).contains("avx") ? 32 : 16
        #else
            return 16
        #endif
    }()

    /// The totals of a Callgrind output file (`events:` names, `totals:` or `summary:` values), by event.
    package static func parseTotals(_ text: String) -> [String: Int64]? {
        var names: [String] = [], totals: [Int64]?, summary: [Int64]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("events:") { names = line.dropFirst(7).split(separator: " ").map(String.init) }
            func values() -> [Int64]? {
                let v = line.split(separator: ":", maxSplits: 1).last!.split(separator: " ").map { Int64($0) }
                return v.contains(nil) ? nil : v.compactMap { $0 }
            }
            if line.hasPrefix("totals:") { totals = values() }
            if line.hasPrefix("summary:") { summary = values() }
        }
        // `summary:` can be a lone 0 when instrumentation was switched on by a client request.
        guard let v = totals ?? summary, !names.isEmpty, v.count <= names.count else { return nil }
        var out: [String: Int64] = [:]
        for (i, n) in names.enumerated() { out[n] = i < v.count ? v[i] : 0 }
        return out
    }

    /// The `valgrind` on PATH, if any.
    package static func valgrindPath() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/valgrind"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs `arguments` of `executable` (which must be in `scratch`) under Callgrind with the
    /// given D1 and LL and returns the totals, or why there are none: Valgrind's own reason
    /// when it fails. The child runs in its own process group, registered with the signal
    /// handler, with TMPDIR set to the private scratch folder and no vgdb pipes, so nothing of
    /// it outlives an interrupted layoutlab. `executable` must have no DWARF Valgrind 3.19
    /// cannot read (`strippedCopy`). A run that exits non-zero, or whose output lacks an event
    /// or shows no data access at all, is a failure, never a measurement of 0.
    package static func run(
        executable: String, arguments: [String], d1: Geometry, ll: Geometry,
        scratch: PrivateScratch
    ) -> Result<[String: Int64], CallgrindError> {
        guard let valgrind = valgrindPath() else {
            return .failure(CallgrindError("valgrind is not installed (Debian package `valgrind`)"))
        }
        if let why = scratch.problemBeforeExec(executable) { return .failure(CallgrindError("refusing to run \(why)")) }
        let out = scratch.path + "/callgrind.out", log = scratch.path + "/valgrind.err"
        unlink(out)
        let argv =
            [
                valgrind, "--tool=callgrind", "--cache-sim=yes", "--instr-atstart=no", "--vgdb=no",
                "--I1=\(d1.argument)", "--D1=\(d1.argument)", "--LL=\(ll.argument)",
                "--callgrind-out-file=\(out)", executable,
            ] + arguments
        let env = ChildProcess.environment(overriding: ["TMPDIR=\(scratch.path)"])
        let status: Int32
        switch ChildProcess.run(argv, environment: env, stderr: log) {
        case .success(let s): status = s
        case .failure(let e): return .failure(CallgrindError("valgrind could not be started: \(e.description)"))
        }
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return .failure(CallgrindError("valgrind failed: \(failureReason(text, status: status))"))
        }
        guard let text = try? String(contentsOfFile: out, encoding: .utf8), let totals = parseTotals(text) else {
            return .failure(CallgrindError("valgrind wrote no readable Callgrind output"))
        }
        if let missing = events.first(where: { totals[$0] == nil }) {
            return .failure(CallgrindError("Callgrind's output has no \(missing) count (was the cache simulation on?)"))
        }
        if (totals["Dr"] ?? 0) <= 0 && (totals["Dw"] ?? 0) <= 0 {
            return .failure(
                CallgrindError(
                    "the kernel made no data access under Callgrind "
                        + "(it did not run between the client requests)"))
        }
        return .success(totals)
    }

    /// The line of Valgrind's stderr that states why it failed, its continuation lines joined
    /// ("Callgrind: cannot continue: the minimum line size (16) must be equal to or larger than
    /// the maximum register size (32) but it is not."): Valgrind's and the tool's `==PID==`
    /// lines after the banner, warnings skipped, the first that says it cannot go on, is fatal
    /// or an error; else the launcher's own `valgrind: ...` line or the child's last line; else
    /// the exit status. At most 300 characters.
    package static func failureReason(_ stderr: String, status: Int32) -> String {
        var tool: [String] = [], plain: [String] = []
        var inBanner = true
        for raw in stderr.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if let body = strippedPrefix(line) {
                if inBanner {
                    if body.hasPrefix("Command:") { inBanner = false }
                    continue
                }
                let trimmed = body.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.lowercased().hasPrefix("warning:") { continue }
                if body.hasPrefix(" "), !tool.isEmpty {
                    tool[tool.count - 1] += " " + trimmed
                } else {
                    tool.append(trimmed)
                }
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                plain.append(line.trimmingCharacters(in: .whitespaces))
            }
        }
        let keywords = ["cannot continue", "fatal", "error", "bad option", "exiting", "no such file"]
        let stated = tool.first { l in keywords.contains { l.lowercased().contains($0) } }
        let launcher = plain.first { $0.hasPrefix("valgrind:") }
        let why = stated ?? launcher ?? plain.last ?? tool.first ?? "exit status \(status)"
        return String(why.prefix(300))
    }

    /// The text after Valgrind's `==PID==`, `--PID--` or `**PID**` prefix, or nil for a line
    /// without one (the child's own output, or the launcher's `valgrind:` lines).
    static func strippedPrefix(_ line: String) -> String? {
        for mark in ["==", "--", "**"] where line.hasPrefix(mark) {
            let rest = line.dropFirst(2)
            guard let end = rest.range(of: mark) else { continue }
            let pid = rest[..<end.lowerBound]
            guard !pid.isEmpty, pid.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            let body = rest[end.upperBound...]
            return String(body.hasPrefix(" ") ? body.dropFirst() : body)
        }
        return nil
    }

    /// A copy of `binary` without debug sections in the private `scratch` folder
    /// (`objcopy --strip-debug`): Valgrind 3.19 cannot read the DWARF Swift 6 emits. Symbols
    /// stay, so the client requests work. objcopy runs as a registered child like Valgrind.
    package static func strippedCopy(of binary: String, in scratch: PrivateScratch) -> Result<String, CallgrindError> {
        let dest = scratch.path + "/layoutlab-nodebug"
        guard
            let objcopy = ["/usr/bin/objcopy", "/bin/objcopy"].first(
                where: FileManager.default.isExecutableFile(atPath:))
        else {
            return .failure(
                CallgrindError(
                    "objcopy is not installed (Debian package `binutils`), needed to strip debug info for Valgrind"))
        }
        let env = ChildProcess.environment(overriding: ["TMPDIR=\(scratch.path)"])
        switch ChildProcess.run([objcopy, "--strip-debug", "--", binary, dest], environment: env) {
        case .success(0):
            chmod(dest, 0o700)
            return .success(dest)
        case .success:
            return .failure(CallgrindError("objcopy --strip-debug \(binary) failed"))
        case .failure(let e):
            return .failure(e)
        }
    }
}

/// Why Callgrind gave no counters: reported as `unavailable` with this reason.
package struct CallgrindError: Error, CustomStringConvertible, Sendable {
    package var description: String
    package init(_ d: String) { description = d }
}
