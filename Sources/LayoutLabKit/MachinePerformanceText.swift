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
            if let l = c.loadsPerCycle {
                parts.append(
                    "\(MachinePerformance.plain(l)) \(l == 1 ? "load" : "loads") per cycle"
                        + (c.loadBytes.map { " of \(MachinePerformance.plain($0)) B" } ?? ""))
            } else if let b = c.loadBytes {
                parts.append("loads of \(MachinePerformance.plain(b)) B")
            }
            if let s = c.storesPerCycle {
                parts.append(
                    "\(MachinePerformance.plain(s)) \(s == 1 ? "store" : "stores") per cycle"
                        + (c.storeBytes.map { " of \(MachinePerformance.plain($0)) B" } ?? ""))
            } else if let b = c.storeBytes {
                parts.append("stores of \(MachinePerformance.plain(b)) B")
            }
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
