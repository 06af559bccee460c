/// The label of each document of a report (the source column, "on LABEL" in findings), unique
/// across the report. The base is the machine, with the experiment where experiments differ;
/// for replays, the replay's name and/or machine, whichever differ. Documents whose bases
/// collide get the shortest path suffix that tells their traces apart (replays), else their
/// files apart, in parentheses (`tiny (a/t.din)`, `zen4 (x/r.json)`); documents still alike
/// (one file given twice) get their number in the report's document table (`zen4 (#2)`).
enum SourceLabels {
    static func make(_ inputs: [ReportInput]) -> [String] {
        parts(inputs).map { $0.base + ($0.extra.map { " (\($0))" } ?? "") }
    }

    /// Each label as its base and what tells it apart from an equal base, if anything.
    static func parts(_ inputs: [ReportInput]) -> [(base: String, extra: String?)] {
        let bases = inputs.map { base($0, inputs) }
        var extras: [String?] = bases.map { _ in nil }
        for group in collisions(bases) {
            let traces = group.map { inputs[$0].kind == .replay ? inputs[$0].experiment : "" }
            let files = group.map { inputs[$0].file }
            let tell = Set(traces).count == group.count ? traces : files
            let suffixes = distinguishingSuffixes(tell)
            for (k, i) in group.enumerated() { extras[i] = suffixes[k] }
        }
        let labels = bases.indices.map { bases[$0] + (extras[$0].map { " (\($0))" } ?? "") }
        for group in collisions(labels) {
            for i in group { extras[i] = (extras[i].map { $0 + ", " } ?? "") + "#\(i + 1)" }
        }
        return bases.indices.map { (bases[$0], extras[$0]) }
    }

    /// A document's label before collisions are resolved.
    static func base(_ d: ReportInput, _ inputs: [ReportInput]) -> String {
        if d.kind == .replay {
            let name = d.runs.first?.variant ?? d.experiment
            let oneName = inputs.allSatisfy { ($0.runs.first?.variant ?? $0.experiment) == name }
            let oneMachine = inputs.allSatisfy { $0.machineName == d.machineName }
            if oneName { return d.machineName }
            return oneMachine && inputs.count > 1 ? name : "\(name) on \(d.machineName)"
        }
        let sameExperiment = inputs.allSatisfy { $0.experiment == inputs[0].experiment }
        return sameExperiment ? d.machineName : "\(d.experiment) on \(d.machineName)"
    }

    /// Groups (indices, in order) of two or more equal labels.
    static func collisions(_ labels: [String]) -> [[Int]] {
        var groups: [String: [Int]] = [:]
        for (i, l) in labels.enumerated() { groups[l, default: []].append(i) }
        return groups.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
    }

    /// For each path, its shortest tail of components (`a/t.din` of `/x/a/t.din`) that no other,
    /// different path of `paths` ends with as a whole tail of as many components, or nil when
    /// none does (or every other path is the same). `.` components and empty ones (`//`) are
    /// ignored.
    static func distinguishingSuffixes(_ paths: [String]) -> [String?] {
        let parts = paths.map { $0.split(separator: "/").filter { $0 != "." }.map(String.init) }
        return parts.indices.map { i in
            let p = parts[i]
            guard !p.isEmpty, parts.contains(where: { $0 != p }) else { return nil }
            for k in 1...p.count {
                let tail = p.suffix(k)
                let clash = parts.indices.contains { j in parts[j] != p && parts[j].suffix(k).elementsEqual(tail) }
                if !clash { return tail.joined(separator: "/") }
            }
            return nil
        }
    }
}
