import LayoutConfig
import SafeIO

/// A machine file's performance figures as `machine show` prints them, one line per part, or
/// a line saying there are none (the cost model then has nothing to work with).
public enum MachinePerformanceText {
    public static func lines(_ spec: MachineSpec) -> [String] {
        let p = spec.performance
        guard !p.isEmpty else {
            return [
                "performance: none given (core:, a level's bandwidth: and latency:, memory:); the cost model needs them"
            ]
        }
        var out: [String] = []
        if let c = p.core {
            var parts: [String] = []
            if let clock = c.clockGHz { parts.append("\(MachinePerformance.plain(clock)) GHz") }
            let flops = c.flopsPerCycle.sorted { $0.key < $1.key }.map {
                "\($0.key) \(MachinePerformance.plain($0.value))"
            }
            if !flops.isEmpty { parts.append("peak flops per cycle " + flops.joined(separator: ", ")) }
            // "2 loads per cycle of 32 B", "loads of 32 B" (no rate given), or nothing.
            func port(_ perCycle: Double?, _ bytes: Double?, _ one: String) {
                let width = bytes.map { " of \(MachinePerformance.plain($0)) B" } ?? ""
                if let n = perCycle {
                    parts.append("\(MachinePerformance.plain(n)) \(n == 1 ? one : one + "s") per cycle" + width)
                } else if bytes != nil {
                    parts.append(one + "s" + width)
                }
            }
            port(c.loadsPerCycle, c.loadBytes, "load")
            port(c.storesPerCycle, c.storeBytes, "store")
            out.append("core: " + parts.joined(separator: "; "))
        }
        let data = spec.levels.filter { !$0.instruction }
        for level in spec.levels {
            guard let lp = p.levels[level.name] else { continue }
            var parts: [String] = []
            if let b = lp.bandwidth {
                let below =
                    data.firstIndex(of: level).flatMap { $0 + 1 < data.count ? data[$0 + 1].name : nil } ?? "memory"
                parts.append("\(b) to \(below)")
            }
            if let l = lp.latencyCycles { parts.append("latency \(MachinePerformance.plain(l)) cycles") }
            out.append("\(TerminalText.escape(level.name)): " + parts.joined(separator: "; "))
        }
        if let m = p.memory {
            let parts = [
                m.bandwidthGBs.map { "\(MachinePerformance.plain($0)) GB/s" },
                m.latencyNs.map { "latency \(MachinePerformance.plain($0)) ns" },
            ]
            out.append("memory: " + parts.compactMap { $0 }.joined(separator: "; "))
        }
        return out
    }
}
