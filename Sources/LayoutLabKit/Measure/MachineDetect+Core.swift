import Foundation

/// What `machine detect` can tell about the host's core: its clock and its vector width. The
/// clock comes from cpufreq's `cpuinfo_max_freq` (kHz, the maximum the kernel allows) where the
/// host has it, else from the highest `cpu MHz` in /proc/cpuinfo (the clocks at the moment of
/// reading, so possibly below the maximum); the vector width from the CPU flags (`flags` on x86,
/// `Features` on Arm): avx512f 64 bytes, avx2 or avx 32, sse2, neon or asimd 16. The rest of the
/// figures the cost model needs cannot be read from the host; `notDetected` names them.
extension MachineDetect {
    public static let cpuinfoPath = "/proc/cpuinfo"
    public static let maxFreqPath = "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq"

    public struct Core: Equatable, Sendable {
        public var clockGHz: Double?
        /// Where the clock came from, as the written file's comment says it.
        public var clockSource: String?
        public var vectorBytes: Int?
        /// The flag that gave the vector width.
        public var vectorFlag: String?
    }

    /// The figures of `cpuinfo` (the text of /proc/cpuinfo) and `maxFreq` (the text of
    /// cpuinfo_max_freq), either absent. A clock outside what a machine file accepts (0.01 to
    /// 100 GHz) is not taken.
    public static func core(cpuinfo: String?, maxFreq: String?) -> Core {
        var core = Core()
        let valid = 0.01...100.0
        if let khz = maxFreq.flatMap({ Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }),
            valid.contains(khz / 1e6)
        {
            core.clockGHz = khz / 1e6
            core.clockSource = "cpuinfo_max_freq in /sys/devices/system/cpu/cpu0/cpufreq (the maximum clock)"
        }
        var flags: Set<String> = []
        var mhz: [Double] = []
        for line in (cpuinfo ?? "").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            if key == "cpu MHz", let v = Double(parts[1].trimmingCharacters(in: .whitespaces)), v.isFinite {
                mhz.append(v)
            }
            if key == "flags" || key == "Features" {
                flags.formUnion(parts[1].split(separator: " ").map(String.init))
            }
        }
        if core.clockGHz == nil, let top = mhz.max(), valid.contains(top / 1e3) {
            core.clockGHz = top / 1e3
            core.clockSource =
                "the highest `cpu MHz` in /proc/cpuinfo (the clocks when read, perhaps below "
                + "the maximum)"
        }
        for (flag, bytes) in [("avx512f", 64), ("avx2", 32), ("avx", 32), ("sse2", 16), ("asimd", 16), ("neon", 16)]
        where flags.contains(flag) {
            core.vectorBytes = bytes
            core.vectorFlag = flag
            break
        }
        return core
    }

    /// The figures the cost model needs that `core` does not give, as a machine file names them.
    public static func notDetected(_ core: Core) -> [String] {
        (core.clockGHz == nil ? ["core.clock"] : [])
            + ["core.flopsPerCycle", "core.loadsPerCycle", "core.storesPerCycle"]
            + (core.vectorBytes == nil ? ["core.loadBytes", "core.storeBytes"] : [])
            + ["each level's bandwidth and latency", "memory.bandwidth", "memory.latency"]
    }

    /// The `core:` block and the comments before it: where each figure came from, and what was
    /// not detected (to be given from the vendor's manuals for the cost model).
    static func coreYAML(_ core: Core) -> String {
        var out = ""
        if let source = core.clockSource { out += "# core.clock: from \(source)\n" }
        if let flag = core.vectorFlag, let bytes = core.vectorBytes {
            out += "# core.loadBytes, core.storeBytes: the vector width of the CPU flag \(flag) (\(bytes) bytes)\n"
        }
        out += "# not detected (give them for the cost model): " + notDetected(core).joined(separator: ", ") + "\n"
        guard core.clockGHz != nil || core.vectorBytes != nil else { return out }
        out += "core:\n"
        if let c = core.clockGHz { out += "  clock: \(plain(c))\n" }
        if let b = core.vectorBytes { out += "  loadBytes: \(b)\n  storeBytes: \(b)\n" }
        return out
    }

    /// A clock in GHz to the MHz, without trailing zeros ("2.596", "3.5").
    static func plain(_ ghz: Double) -> String {
        var s = String(format: "%.3f", ghz)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// The host's text files, nil where they cannot be read.
    public static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
}
