import Foundation

/// The memory this process may use: physical memory, lowered by the address-space limit
/// (`ulimit -v`, RLIMIT_AS) and the cgroup memory limit when they are smaller. Size checks
/// refuse work needing more than half of it, so that a limit ends in a one-line error up front
/// rather than a failed allocation (a trap) mid-run.
public struct MemoryBudget: Sendable {
    public var bytes: Double
    /// What the figure is, for messages: "this machine has 24.6 GB", "the ulimit -v limit is 1 GB".
    public var what: String

    public static var current: MemoryBudget {
        let phys = Double(ProcessInfo.processInfo.physicalMemory)
        var best = MemoryBudget(bytes: phys, what: String(format: "this machine has %.3g GB", phys / 1e9))
        if let limit = addressSpaceLimit() {
            // The limit counts this process's whole address space: what it already maps (the
            // runtime, libraries) and the stacks of the threads a sweep starts come off it.
            let used = currentVirtualBytes(), reserve = threadReserve
            let left = max(0, limit - used - reserve)
            if left < best.bytes {
                let what = String(
                    format: "the address-space limit (ulimit -v) is %.3g GB, of which this process "
                        + "already maps %.3g GB and keeps %.3g GB for its threads",
                    limit / 1e9, used / 1e9, reserve / 1e9)
                best = MemoryBudget(bytes: left, what: what)
            }
        }
        if let c = cgroupLimit(), c < best.bytes {
            best = MemoryBudget(bytes: c, what: String(format: "the cgroup memory limit is %.3g GB", c / 1e9))
        }
        return best
    }

    /// The address-space limit (RLIMIT_AS) in bytes, or nil when there is none.
    public static func addressSpaceLimit() -> Double? {
        var rl = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &rl) == 0, rl.rlim_cur != rlim_t.max else { return nil }
        return Double(rl.rlim_cur)
    }

    /// This process's current virtual size (VmSize in /proc/self/status), or 0 when unknown.
    public static func currentVirtualBytes() -> Double {
        guard let t = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = t.split(separator: "\n").first(where: { $0.hasPrefix("VmSize:") }),
            let field = line.dropFirst(7).split(whereSeparator: { $0 == " " || $0 == "\t" }).first,
            let kb = Double(field)
        else { return 0 }
        return kb * 1024
    }

    /// Address space kept for the threads a sweep runs on (one per core): an 8 MiB stack each,
    /// plus 32 MiB for the runtime's own allocations.
    static var threadReserve: Double {
        Double(ProcessInfo.processInfo.activeProcessorCount) * 8 * 1_048_576 + 32 * 1_048_576
    }

    /// The least address space left beside this process's own for any command to run.
    public static let minimumHeadroom = 64.0 * 1_048_576

    /// Refuses in one line, before any work, an address-space limit (`ulimit -v`) that leaves
    /// less than `minimumHeadroom` beside what this process already maps and its threads' stacks:
    /// any allocation could then fail, which the runtime would turn into an abort.
    public static func checkHeadroom() throws {
        guard let limit = addressSpaceLimit() else { return }
        let used = currentVirtualBytes(), left = limit - used - threadReserve
        if left < minimumHeadroom {
            throw ConfigError(
                file: "ulimit -v", line: nil, key: "",
                message: String(
                    format: "the address-space limit is %.0f MiB; this process already maps %.0f MiB and its threads "
                        + "need %.0f MiB, leaving %.0f MiB (at least %.0f MiB are needed); raise the limit",
                    limit / 1_048_576, used / 1_048_576, threadReserve / 1_048_576, max(0, left) / 1_048_576,
                    minimumHeadroom / 1_048_576))
        }
    }

    /// cgroup v2 `memory.max` of this process's group (or the root's), else v1's limit.
    static func cgroupLimit() -> Double? {
        var files = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
        if let own = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
            let line = own.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
        {
            files.insert("/sys/fs/cgroup" + line.dropFirst(3) + "/memory.max", at: 0)
        }
        let limits = files.compactMap { f -> Double? in
            guard let t = try? String(contentsOfFile: f, encoding: .utf8),
                let v = Double(t.trimmingCharacters(in: .whitespacesAndNewlines))
            else { return nil }
            return v < 0x1p62 ? v : nil  // "max" and v1's huge "unlimited" are no limit
        }
        return limits.min()
    }
}
