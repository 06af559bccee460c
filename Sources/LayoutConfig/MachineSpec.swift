import Foundation
import CacheSim
import SafeIO

/// A decoded, checked machine file: its name and levels, nearest the core first.
public struct MachineSpec: Sendable, Equatable {
    public var name: String
    public var levels: [LevelConfig]
    /// Where it came from: a path, or `preset:NAME`.
    public var source: String
    /// Clock, peak arithmetic, bandwidths and latencies, where the file gives them.
    public var performance = MachinePerformance()

    public init(name: String, levels: [LevelConfig], source: String) {
        self.name = name
        self.levels = levels
        self.source = source
    }

    static let topKeys = ["name", "levels", "description", "core", "memory"]
    /// The most ways a level may have (a number or `full`).
    static let maxWays = 1 << 24
    static let levelKeys = [
        "name", "size", "line", "ways", "policy", "write", "allocate", "inclusion",
        "prefetch", "degree", "distance", "shadow", "seed", "side", "bandwidth", "latency",
    ]

    /// Reads and checks a machine file.
    public static func load(path: String) throws -> MachineSpec {
        try decode(ConfigFile.read(path), file: path)
    }

    /// A bundled preset by name, or a file path (relative paths against `relativeTo`).
    public static func resolve(
        _ nameOrPath: String, relativeTo dir: String? = nil, file: String = "",
        line: Int? = nil, key: String = "machine"
    ) throws -> MachineSpec {
        if let text = MachinePresets.all[nameOrPath] { return try decode(text, file: "preset:\(nameOrPath)") }
        var path = nameOrPath
        if !path.hasPrefix("/"), let dir { path = (dir as NSString).appendingPathComponent(path) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(
                file: file.isEmpty ? nameOrPath : file, line: line, key: key,
                message:
                    """
                    `\(nameOrPath)` is neither a bundled machine \
                    (\(MachinePresets.all.keys.sorted().joined(separator: ", "))) nor an existing file
                    """
            )
        }
        // Named from an experiment: a file that cannot be a machine file is that experiment's error.
        if !file.isEmpty, let problem = ConfigFile.problem(path) {
            throw ConfigError(file: file, line: line, key: key, message: "`\(nameOrPath)` \(problem)")
        }
        return try load(path: path)
    }

    /// Decodes machine-file text; `file` names it in errors.
    public static func decode(_ text: String, file: String) throws -> MachineSpec {
        let root = try YAMLNode.parse(text, file: file)
        let top = try root.mapping(allowed: topKeys)
        guard let nameNode = top["name"] else { throw root.fail("missing key `name`") }
        guard let levelsNode = top["levels"] else { throw root.fail("missing key `levels`") }
        let items = try levelsNode.sequence()
        if items.isEmpty { throw levelsNode.fail("needs at least one level") }
        if items.count > 8 { throw levelsNode.fail("at most 8 levels are supported, got \(items.count)") }
        var levels: [LevelConfig] = []
        var performance = MachinePerformance()
        performance.core = try top["core"].map(decodeCore)
        performance.memory = try top["memory"].map(decodeMemory)
        for item in items {
            let level = try decodeLevel(item, depth: levels.filter { !$0.instruction }.count)
            if let p = try decodeLevelPerformance(try item.mapping(allowed: levelKeys)) {
                performance.levels[level.name] = p
            }
            if let dup = levels.first(where: { $0.name == level.name }) {
                throw item.fail("level name `\(dup.name)` is used twice")
            }
            if level.instruction && levels.count != 1 {
                throw (try? item.mapping(allowed: levelKeys))?["side"]?.fail(
                    "an instruction level is L1's twin: list it second, right after the first (data) level")
                    ?? item.fail("misplaced instruction level")
            }
            // The level above in the data path; a unified level below a split L1 also serves L1I.
            let above = level.instruction ? nil : levels.last { !$0.instruction }
            let twin = level.instruction ? nil : levels.first { $0.instruction }
            for p in level.problems(above: above) {
                let node = (try? item.mapping(allowed: levelKeys))?[p.key] ?? item
                throw ConfigError(file: file, line: node.line, key: "\(item.path).\(p.key)", message: p.message)
            }
            if let twin, levels.count == 2, level.line < twin.line {
                let node = (try? item.mapping(allowed: levelKeys))?["line"] ?? item
                throw ConfigError(
                    file: file, line: node.line, key: "\(item.path).line",
                    message:
                        """
                        line \(level.line) is smaller than the line \(twin.line) of instruction level \(twin.name) \
                        above it
                        """
                )
            }
            if level.inclusion == .exclusive, let above,
                above.line != level.line || (levels.count == 2 && twin.map { $0.line != level.line } == true)
            {
                throw item.fail("an exclusive level needs the same line size as the level(s) above (\(above.line))")
            }
            levels.append(level)
        }
        // The last data level's transfers go to memory: its figure is `memory.bandwidth`.
        if let last = levels.last(where: { !$0.instruction }), performance.levels[last.name]?.bandwidth != nil,
            let item = items.first(where: { (try? $0.mapping(allowed: levelKeys)["name"]?.string()) == last.name })
                ?? items.last
        {
            throw (try item.mapping(allowed: levelKeys))["bandwidth"]!.fail(
                "\(last.name) is the last level: its transfers are memory's, given as `memory: {bandwidth: ...}`")
        }
        if let i = levels.first(where: \.instruction), performance.levels[i.name]?.bandwidth != nil {
            throw levelsNode.fail("\(i.name) is an instruction level: a bandwidth applies to data levels")
        }
        var spec = MachineSpec(name: try nameNode.string(), levels: levels, source: file)
        spec.performance = performance
        try spec.checkMemory(file: file)
        return spec
    }

    /// One level; `depth` counts the data levels before it (for the default name `L<depth+1>`).
    static func decodeLevel(_ node: YAMLNode, depth: Int) throws -> LevelConfig {
        let m = try node.mapping(allowed: levelKeys)
        func req(_ k: String) throws -> YAMLNode {
            guard let v = m[k] else { throw node.fail("missing key `\(k)`") }
            return v
        }
        let size = try req("size").bytes()
        let line = try req("line").bytes()
        let waysNode = try req("ways")
        let ways: Int
        if try waysNode.string().lowercased() == "full" {
            ways = line > 0 ? max(size / line, 1) : 1
            // One set of that many ways is searched on every access: the same cap as a number.
            if ways > maxWays {
                throw waysNode.fail("`full` makes \(ways) ways (size / line); at most \(maxWays) ways are supported")
            }
        } else {
            ways = try waysNode.int(min: 1, max: maxWays)
        }
        var instruction = false
        if let s = m["side"] {
            switch try s.string().lowercased() {
            case "data", "unified": instruction = false
            case "instruction": instruction = true
            case let v: throw s.fail("`\(v)` is not one of data | instruction")
            }
        }
        let name = try m["name"]?.string() ?? (instruction ? "L1I" : "L\(depth + 1)")
        // Level names become chart file names (NAME-missrate-L1.svg).
        if let p = SafeName.problem(name) { throw m["name"]!.fail(p) }
        var c = LevelConfig(name: name, size: size, line: line, ways: ways)
        c.instruction = instruction
        if let p = m["policy"] { c.policy = try p.choice(ReplacementPolicy.self) }
        if let w = m["write"] {
            switch try w.string().lowercased() {
            case "back", "write-back", "writeback": c.writeBack = true
            case "through", "write-through", "writethrough": c.writeBack = false
            case let s: throw w.fail("`\(s)` is not one of back | through")
            }
        }
        // Write-through defaults to no-allocate; write-back to allocate.
        c.writeAllocate = try m["allocate"]?.bool() ?? c.writeBack
        if let i = m["inclusion"] { c.inclusion = try i.choice(Inclusion.self) }
        if let p = m["prefetch"] {
            if case .mapping = p.node {
                let pm = try p.mapping(allowed: ["kind", "degree", "distance"])
                c.prefetch = try pm["kind"]?.choice(PrefetchKind.self) ?? .nextLine
                c.prefetchDegree = try pm["degree"]?.int(min: 1, max: 64) ?? 1
                c.prefetchDistance = try pm["distance"]?.int(min: 1, max: 64) ?? 1
            } else {
                c.prefetch = try p.choice(PrefetchKind.self)
            }
        }
        if let d = m["degree"] { c.prefetchDegree = try d.int(min: 1, max: 64) }
        if let d = m["distance"] { c.prefetchDistance = try d.int(min: 1, max: 64) }
        if let s = m["shadow"] {
            switch try s.string().lowercased() {
            case "lru": c.fifoShadow = false
            case "fifo": c.fifoShadow = true
            case let v: throw s.fail("`\(v)` is not one of lru | fifo")
            }
        }
        if let s = m["seed"] { c.seed = UInt64(try s.int(min: 0)) }
        return c
    }

    /// Refuses a hierarchy whose tag arrays would not fit in this machine's memory.
    func checkMemory(file: String) throws {
        // Per line: tag 8 + stamp 8 + flags 1 + owner 1, plus ~40 bytes for the 3C shadow.
        // Summed as doubles: each level's line count fits an Int, their sum need not.
        let lines = levels.reduce(0.0) { $0 + Double($1.size / $1.line) }
        let need = lines * 58
        let budget = MemoryBudget.current
        if need > budget.bytes / 2 {
            throw ConfigError(
                file: file, line: nil, key: "levels",
                message:
                    """
                    simulating \(String(format: "%.3g", lines)) lines needs about \(Int(need / 1e9)) GB, more than \
                    half of this machine's memory (\(budget.what))
                    """
            )
        }
    }
}
