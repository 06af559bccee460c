import Foundation
import LayoutConfig
import CacheSim

/// `layoutlab machine detect`: the host's data-cache hierarchy, read from sysfs.
public enum MachineDetect {
    /// The data and unified caches of `cpu`, nearest first, as a machine file's text, with the
    /// core's clock and vector width where `core` gives them (`MachineDetect+Core`) and a comment
    /// naming what could not be detected.
    public static func yaml(
        root: String = "/sys/devices/system/cpu/cpu0/cache",
        core: Core = MachineDetect.core(
            cpuinfo: MachineDetect.read(MachineDetect.cpuinfoPath),
            maxFreq: MachineDetect.read(MachineDetect.maxFreqPath))
    ) throws -> String {
        let levels = try detect(root: root)
        var out = "name: host\ndescription: detected from \(root)\n" + coreYAML(core) + "levels:\n"
        for l in levels {
            out +=
                """
                  - name: \(l.name)\n    size: \(l.size)\n    line: \(l.line)\n    ways: \
                \(l.fullyAssociative && l.sets == 1 ? "full" : String(l.ways))\n    policy: lru\n
                """
        }
        return out
    }

    /// The detected levels as checked configurations.
    public static func detect(root: String = "/sys/devices/system/cpu/cpu0/cache") throws -> [LevelConfig] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: root) else {
            throw ConfigError(
                file: root, line: nil, key: "",
                message: "cannot read the cache description from sysfs (not Linux, or no sysfs)")
        }
        func read(_ dir: String, _ f: String) -> String? {
            (try? String(contentsOfFile: "\(root)/\(dir)/\(f)", encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        var found: [(Int, LevelConfig)] = []
        for e in entries.sorted() where e.hasPrefix("index") {
            guard let type = read(e, "type"), type == "Data" || type == "Unified",
                let lv = read(e, "level").flatMap(Int.init),
                let sizeText = read(e, "size"), let line = read(e, "coherency_line_size").flatMap(Int.init)
            else { continue }
            let size = parseSize(sizeText)
            guard size > 0, line > 0, line <= size else { continue }
            var ways = read(e, "ways_of_associativity").flatMap(Int.init) ?? 0
            let (setBytes, overflow) = line.multipliedReportingOverflow(by: max(ways, 1))
            // Fully associative or an odd geometry.
            if ways <= 0 || overflow || setBytes > size || size % setBytes != 0 { ways = size / line }
            found.append((lv, LevelConfig(name: "L\(lv)", size: size, line: line, ways: ways)))
        }
        if found.isEmpty { throw ConfigError(file: root, line: nil, key: "", message: "no data caches described") }
        return found.sorted { $0.0 < $1.0 }.map { $0.1 }
    }

    static func parseSize(_ s: String) -> Int {
        // Sizes past 2^40 are not caches: 0 (skipped) rather than a shifted-out value.
        let limit = 1 << 40
        if s.hasSuffix("K") { return Int(s.dropLast()).map { $0 > 0 && $0 < limit >> 10 ? $0 << 10 : 0 } ?? 0 }
        if s.hasSuffix("M") { return Int(s.dropLast()).map { $0 > 0 && $0 < limit >> 20 ? $0 << 20 : 0 } ?? 0 }
        return Int(s).map { $0 > 0 && $0 < limit ? $0 : 0 } ?? 0
    }
}
