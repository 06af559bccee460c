import Yams

/// A YAML node with where it came from, so every decoding error can name file, line and key.
struct YAMLNode {
    let node: Node
    let file: String
    /// Dotted key path, e.g. `levels[1].ways`.
    let path: String

    var line: Int? { node.mark.map { $0.line } }

    func fail(_ message: String) -> ConfigError { ConfigError(file: file, line: line, key: path, message: message) }

    /// Parses `text` into its root node; syntax errors carry YAML's own line.
    static func parse(_ text: String, file: String) throws -> YAMLNode {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.utf8.contains(0) {
            throw ConfigError(file: file, line: nil, key: "", message: "is a binary file, not YAML")
        }
        if let line = YAMLDepth.firstTooDeep(text) {
            throw ConfigError(
                file: file, line: line, key: "",
                message: "nests deeper than \(YAMLDepth.limit) levels; a machine or experiment file nests a few")
        }
        if let (line, message) = YAMLExpansion.firstProblem(text) {
            throw ConfigError(file: file, line: line, key: "", message: message)
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file, line: nil, key: "", message: "is empty")
            }
            return YAMLNode(node: node, file: file, path: "")
        } catch let e as ConfigError {
            throw e
        } catch let e as YamlError {
            throw ConfigError(
                file: file, line: YAMLNode.line(of: e), key: "",
                message: "not valid YAML: " + YAMLNode.firstLine(of: "\(e)"))
        } catch {
            throw ConfigError(file: file, line: nil, key: "", message: "not valid YAML: \(error)")
        }
    }

    private static func line(of e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func firstLine(of s: String) -> String {
        String(s.split(separator: "\n").first ?? "").trimmingCharacters(in: .whitespaces)
    }

    private func child(_ n: Node, _ key: String) -> YAMLNode {
        YAMLNode(node: n, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The entries of a mapping; a key outside `allowed` is an error (typos are not ignored).
    func mapping(allowed: [String]) throws -> [String: YAMLNode] {
        guard case .mapping(let m) = node else { throw fail("expected a mapping of keys") }
        var out: [String: YAMLNode] = [:]
        for (k, v) in m {
            guard case .scalar(let s) = k else { throw fail("keys must be plain names") }
            let name = s.string
            let c = child(v, name)
            guard allowed.contains(name) else {
                let hint = YAMLNode.closest(name, allowed).map { " (did you mean `\($0)`?)" } ?? ""
                throw ConfigError(
                    file: file, line: k.mark?.line, key: c.path,
                    message: "unknown key\(hint); allowed: \(allowed.joined(separator: ", "))")
            }
            if out[name] != nil {
                throw ConfigError(file: file, line: k.mark?.line, key: c.path, message: "duplicate key")
            }
            out[name] = c
        }
        return out
    }

    /// The items of a sequence.
    func sequence() throws -> [YAMLNode] {
        guard case .sequence(let s) = node else { throw fail("expected a list") }
        return s.enumerated().map { YAMLNode(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    /// The mapping's entries in file order (for sweeps, whose order matters).
    func orderedPairs() throws -> [(String, YAMLNode)] {
        guard case .mapping(let m) = node else { throw fail("expected a mapping of keys") }
        return try m.map { k, v in
            guard case .scalar(let s) = k else { throw fail("keys must be plain names") }
            return (s.string, child(v, s.string))
        }
    }

    /// A decimal number (`2.25`, `1e-3`), at least `min`.
    func number(min: Double) throws -> Double {
        let s = try string()
        guard let v = Double(s), v.isFinite else { throw fail("expected a number, got `\(s)`") }
        guard v >= min else { throw fail("must be at least \(min), got \(s)") }
        return v
    }

    func string() throws -> String {
        guard case .scalar(let s) = node else { throw fail("expected a single value") }
        return s.string
    }

    func int(min: Int = Int.min, max: Int = Int.max) throws -> Int {
        let s = try string()
        guard let v = Int(s.replacingOccurrences(of: "_", with: "")) else {
            throw fail("expected an integer, got `\(s)`")
        }
        guard v >= min && v <= max else {
            throw fail(
                max == Int.max ? "must be at least \(min), got \(v)" : "must be between \(min) and \(max), got \(v)")
        }
        return v
    }

    func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let s: throw fail("expected true or false, got `\(s)`")
        }
    }

    /// One of `choices`, by name.
    func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws -> T where T.RawValue == String {
        let s = try string()
        if let v = T.allCases.first(where: { $0.rawValue.lowercased() == s.lowercased() }) { return v }
        throw fail("`\(s)` is not one of " + T.allCases.map(\.rawValue).joined(separator: " | "))
    }

    /// A byte count: a number, or with a K/KiB/KB, M/MiB/MB or G/GiB/GB suffix (all binary).
    func bytes() throws -> Int {
        let s = try string().replacingOccurrences(of: " ", with: "")
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1 << 10),
            ("MB", 1 << 20), ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30),
        ]
        for (u, m) in units where s.hasSuffix(u) {
            guard let v = Int(s.dropLast(u.count)), v > 0, v <= Int.max / m else {
                throw fail("expected a positive size like 32KiB, got `\(s)`")
            }
            return v * m
        }
        guard let v = Int(s), v > 0 else {
            throw fail("expected a positive size in bytes or with KiB/MiB/GiB, got `\(s)`")
        }
        return v
    }

    /// The allowed name nearest to `name` by edit distance, if close enough to be a typo.
    static func closest(_ name: String, _ allowed: [String]) -> String? {
        func dist(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var prev = row[0]
                row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let cur = row[j]
                    row[j] = Swift.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                    prev = cur
                }
            }
            return row[b.count]
        }
        let best = allowed.map { ($0, dist(Array(name.lowercased()), Array($0.lowercased()))) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }
}
