/// Decoding of a machine file's performance keys (`core:`, `memory:`, a level's `bandwidth:` and
/// `latency:`). Every figure is range-checked where it is read: a clock of 0 or 1e300 GHz is a
/// typo, not a machine.
extension MachineSpec {
    static let coreKeys = ["clock", "flopsPerCycle", "loadsPerCycle", "storesPerCycle", "loadBytes", "storeBytes"]

    static func decodeCore(_ node: YAMLNode) throws -> MachinePerformance.Core {
        let m = try node.mapping(allowed: coreKeys)
        var core = MachinePerformance.Core()
        core.clockGHz = try m["clock"]?.quantity(
            units: ["GHz": 1, "MHz": 1e-3], range: 0.01...100, what: "a clock in GHz")
        if let f = m["flopsPerCycle"] {
            for (k, v) in try f.mapping(allowed: ElementType.allCases.map(\.rawValue)) {
                core.flopsPerCycle[k] = try v.quantity(units: [:], range: 0.001...1e5, what: "flops per cycle")
            }
        }
        core.loadsPerCycle = try m["loadsPerCycle"]?.quantity(units: [:], range: 0.01...64, what: "loads per cycle")
        core.storesPerCycle = try m["storesPerCycle"]?.quantity(units: [:], range: 0.01...64, what: "stores per cycle")
        core.loadBytes = try m["loadBytes"]?.quantity(units: [:], range: 1...4096, what: "bytes per load")
        core.storeBytes = try m["storeBytes"]?.quantity(units: [:], range: 1...4096, what: "bytes per store")
        return core
    }

    static func decodeMemory(_ node: YAMLNode) throws -> MachinePerformance.Memory {
        let m = try node.mapping(allowed: ["bandwidth", "latency"])
        var memory = MachinePerformance.Memory()
        memory.bandwidthGBs = try m["bandwidth"]?.quantity(
            units: ["GB/s": 1, "MB/s": 1e-3], range: 0.001...1e6,
            what: "a bandwidth in GB/s")
        memory.latencyNs = try m["latency"]?.quantity(
            units: ["ns": 1, "us": 1e3], range: 0.1...1e6, what: "a latency in ns")
        return memory
    }

    /// A level's `bandwidth` (bytes per cycle, or `N GB/s`) and `latency` (cycles).
    static func decodeLevelPerformance(_ m: [String: YAMLNode]) throws -> MachinePerformance.Level? {
        var level = MachinePerformance.Level()
        if let b = m["bandwidth"] {
            let text = try b.string().replacingOccurrences(of: " ", with: "")
            if text.hasSuffix("GB/s") {
                level.bandwidth = .gigabytesPerSecond(
                    try b.quantity(
                        units: ["GB/s": 1], range: 0.001...1e6,
                        what: "a bandwidth in bytes per cycle or GB/s"))
            } else {
                level.bandwidth = .bytesPerCycle(
                    try b.quantity(
                        units: ["B/cycle": 1], range: 0.001...1e5,
                        what: "a bandwidth in bytes per cycle or GB/s"))
            }
        }
        level.latencyCycles = try m["latency"]?.quantity(
            units: ["cycles": 1], range: 0...1e6, what: "a latency in cycles")
        return level.bandwidth == nil && level.latencyCycles == nil ? nil : level
    }
}

extension YAMLNode {
    /// A number, optionally followed by one of `units` (the value is multiplied by the unit's
    /// factor), within `range`; `what` says what was expected.
    func quantity(units: [String: Double], range: ClosedRange<Double>, what: String) throws -> Double {
        let given = try string()
        let text = given.replacingOccurrences(of: " ", with: "")
        var number = Substring(text), factor = 1.0
        for (unit, f) in units.sorted(by: { $0.key.count > $1.key.count }) where text.hasSuffix(unit) {
            number = text.dropLast(unit.count)
            factor = f
            break
        }
        guard let v = Double(number), v.isFinite else { throw fail("expected \(what), got `\(given)`") }
        let scaled = v * factor
        guard range.contains(scaled) else {
            throw fail(
                """
                expected \(what) from \(MachinePerformance.plain(range.lowerBound)) to \
                \(MachinePerformance.plain(range.upperBound)), got `\(given)`
                """
            )
        }
        return scaled
    }

}
