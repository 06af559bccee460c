import CCallgrind
import Foundation

/// Real-run counters without a PMU: the compiled native kernel run once under Valgrind's cache
/// simulator (`valgrind --tool=callgrind --cache-sim=yes`), which counts the data reads and
/// writes of the instructions the compiler emitted and their D1 and last-level misses. Only the
/// kernel is collected: the process starts with instrumentation off (`--instr-atstart=no`) and
/// the kernel is bracketed by Callgrind's client requests (`start`/`stop`), so the simulated
/// caches are cold when it begins, as in LayoutLab's own simulation.
public enum Callgrind {
    /// The counters `measure` reports, as `callgrind::NAME`.
    public static let events = ["Dr", "Dw", "D1mr", "D1mw", "DLmr", "DLmw"]

    /// Whether this binary was built with `valgrind/callgrind.h` (else the requests are no-ops).
    public static var clientRequestsBuiltIn: Bool { layoutlab_callgrind_available() != 0 }
    /// Turns Callgrind's instrumentation on (nothing outside Valgrind).
    @inline(__always) public static func start() { layoutlab_callgrind_start() }
    /// Turns it off again.
    @inline(__always) public static func stop() { layoutlab_callgrind_stop() }

    /// One cache as Valgrind's `--D1`/`--LL` take it.
    public struct Geometry: Sendable, Equatable {
        public var size: Int, ways: Int, line: Int
        public init(size: Int, ways: Int, line: Int) { self.size = size; self.ways = ways; self.line = line }
        public var argument: String { "\(size),\(ways),\(line)" }
        /// Why Valgrind's cache simulator cannot model it (its own checks), or nil.
        public var problem: String? {
            let (setBytes, overflow) = max(line, 1).multipliedReportingOverflow(by: max(ways, 1))
            let sets = overflow ? 0 : size / setBytes
            if sets < 1 || sets & (sets - 1) != 0 || size % setBytes != 0 {
                return "\(sets) sets; Valgrind's cache simulator needs a power-of-two set count"
            }
            if line < 16 { return "\(line)-byte lines; Valgrind's cache simulator needs lines of at least 16 bytes" }
            return nil
        }
    }

    /// The totals of a Callgrind output file (`events:` names, `totals:` or `summary:` values), by event.
    public static func parseTotals(_ text: String) -> [String: Int64]? {
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
    public static func valgrindPath() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/valgrind"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs `arguments` of `executable` under Callgrind with the given D1 and LL and returns the
    /// totals, or why there are none. `executable` must have no DWARF Valgrind 3.19 cannot read
    /// (`strippedCopy`).
    public static func run(executable: String, arguments: [String], d1: Geometry, ll: Geometry,
                           scratch: String) -> Result<[String: Int64], CallgrindError> {
        guard let valgrind = valgrindPath() else { return .failure(CallgrindError("valgrind is not installed (Debian package `valgrind`)")) }
        let out = (scratch as NSString).appendingPathComponent("callgrind.out")
        try? FileManager.default.removeItem(atPath: out)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: valgrind)
        p.arguments = ["--tool=callgrind", "--cache-sim=yes", "--instr-atstart=no", "--I1=\(d1.argument)",
                       "--D1=\(d1.argument)", "--LL=\(ll.argument)", "--callgrind-out-file=\(out)", executable] + arguments
        let err = Pipe()
        p.standardError = err; p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch { return .failure(CallgrindError("valgrind could not be started: \(error)")) }
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let why = stderr.split(separator: "\n").last { !$0.hasPrefix("==") && !$0.isEmpty } ?? "exit status \(p.terminationStatus)"
            return .failure(CallgrindError("valgrind failed: \(why.prefix(200))"))
        }
        guard let text = try? String(contentsOfFile: out, encoding: .utf8), let totals = parseTotals(text) else {
            return .failure(CallgrindError("valgrind wrote no readable Callgrind output"))
        }
        return .success(totals)
    }

    /// A copy of `binary` without debug sections in `dir` (`objcopy --strip-debug`): Valgrind
    /// 3.19 cannot read the DWARF Swift 6 emits. Symbols stay, so the client requests work.
    public static func strippedCopy(of binary: String, in dir: String) -> Result<String, CallgrindError> {
        let dest = (dir as NSString).appendingPathComponent("layoutlab-nodebug")
        guard let objcopy = ["/usr/bin/objcopy", "/bin/objcopy"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            return .failure(CallgrindError("objcopy is not installed (Debian package `binutils`), needed to strip debug info for Valgrind"))
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: objcopy)
        p.arguments = ["--strip-debug", binary, dest]
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return .failure(CallgrindError("objcopy could not be started: \(error)")) }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? .success(dest) : .failure(CallgrindError("objcopy --strip-debug \(binary) failed"))
    }
}

/// Why Callgrind gave no counters: reported as `unavailable` with this reason.
public struct CallgrindError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}
