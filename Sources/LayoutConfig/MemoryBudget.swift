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
        var rl = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &rl) == 0, rl.rlim_cur != rlim_t.max, Double(rl.rlim_cur) < best.bytes {
            best = MemoryBudget(bytes: Double(rl.rlim_cur), what: String(format: "the address-space limit (ulimit -v) is %.3g GB", Double(rl.rlim_cur) / 1e9))
        }
        if let c = cgroupLimit(), c < best.bytes {
            best = MemoryBudget(bytes: c, what: String(format: "the cgroup memory limit is %.3g GB", c / 1e9))
        }
        return best
    }

    /// cgroup v2 `memory.max` of this process's group (or the root's), else v1's limit.
    static func cgroupLimit() -> Double? {
        var files = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
        if let own = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
           let line = own.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) {
            files.insert("/sys/fs/cgroup" + line.dropFirst(3) + "/memory.max", at: 0)
        }
        let limits = files.compactMap { f -> Double? in
            guard let t = try? String(contentsOfFile: f, encoding: .utf8), let v = Double(t.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
            return v < 0x1p62 ? v : nil  // "max" and v1's huge "unlimited" are no limit
        }
        return limits.min()
    }
}
