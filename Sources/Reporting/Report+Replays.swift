import CacheSim

/// Findings across replay documents, by the replays' names (`replay --name`): replays of
/// different traces on one machine side by side (their misses and miss rates per level), and one
/// name replayed in several documents (on several machines, or with and without 3C) side by side
/// (its misses per level in each).
extension Builder {
    /// Whether every document is a replay; their cross-document findings are then these.
    var allReplays: Bool { inputs.allSatisfy { $0.kind == .replay } }

    func replayFindings() -> [String] {
        var f: [String] = []
        var machines: [String] = []
        for d in inputs where !machines.contains(d.machineName) { machines.append(d.machineName) }
        for m in machines {
            let rs = runs.filter { inputs[$0.source].machineName == m }
            guard Set(rs.map(\.variant)).count > 1 else { continue }
            f += levelNames.compactMap { replaysOnOneMachine(rs, machine: m, level: $0) }
        }
        for v in variantNames {
            let rs = runs.filter { $0.variant == v }
            guard rs.count > 1 else { continue }
            f += levelNames.compactMap { oneReplayAcrossDocuments(rs, level: $0) }
        }
        if f.isEmpty {
            f.append(
                "The replays share neither a machine nor a name, so none is compared with another "
                    + "(`replay --name` names a replay).")
        }
        return f
    }

    /// "On tiny, L1: fewest misses **a** (500, 25.00% of 2,000 accesses); most **b** (2,000,
    /// 100.00% of 2,000 accesses), 4.0x as many." A name two documents here give is told apart
    /// as their labels are (`**t** (a/t.din)`).
    func replaysOnOneMachine(_ rs: [ReportInput.Run], machine: String, level l: String) -> String? {
        let vals = rs.compactMap { r in level(r, l).map { (run: r, c: $0.c) } }
        guard vals.count > 1 else { return nil }
        let head = "On \(esc(machine)), \(esc(l)):"
        let ms = vals.map(\.c.misses)
        let lo = ms.min() ?? 0
        let hi = ms.max() ?? 0
        let extras = SourceLabels.parts(inputs).map(\.extra)
        func named(_ r: ReportInput.Run) -> String {
            let twice = vals.filter { $0.run.variant == r.variant }.count > 1
            return "**\(esc(r.variant))**" + (twice ? extras[r.source].map { " (\(esc($0)))" } ?? "" : "")
        }
        if lo == hi { return "\(head) \(Fmt.int(lo)) misses each for \(list(vals.map { named($0.run) }))." }
        func show(_ x: (run: ReportInput.Run, c: LevelCounters)) -> String {
            named(x.run)
                + " (\(Fmt.int(x.c.misses)), \(Fmt.percent(x.c.missRate)) of \(Fmt.int(x.c.accesses)) accesses)"
        }
        func who(_ m: UInt64) -> String { list(vals.filter { $0.c.misses == m }.map(show)) }
        if Self.aboutEqual(lo, hi) { return "\(head) about equal (within 5%): \(list(vals.map(show)))." }
        return "\(head) fewest misses \(who(lo)); most \(who(hi)), \(ratio(Double(hi), Double(lo))) as many."
    }

    /// "**t**: 500 L1 misses on tiny, 300 L1 misses on zen4 (1.67x from fewest to most)."
    func oneReplayAcrossDocuments(_ rs: [ReportInput.Run], level l: String) -> String? {
        // One name: its machine (and what tells equal machines apart) names each document.
        let parts = SourceLabels.parts(inputs)
        let vals = rs.compactMap { r in
            level(r, l).map {
                (inputs[r.source].machineName + (parts[r.source].extra.map { " (\($0))" } ?? ""), $0.c.misses)
            }
        }
        guard vals.count > 1 else { return nil }
        let lo = vals.map(\.1).min() ?? 0
        let hi = vals.map(\.1).max() ?? 0
        let spread = " (\(ratio(Double(hi), Double(lo))) from fewest to most)"
        let tail = lo == hi ? " (equal)" : Self.aboutEqual(lo, hi) ? " (about equal, within 5%)" : spread
        let misses = vals.map { "\(Fmt.int($0.1)) \(esc(l)) misses on \(esc($0.0))" }
        return "\(name(rs[0], source: false)): " + misses.joined(separator: ", ") + tail + "."
    }

    /// Whether `hi` is within 5% of `lo` (never "more" or "fewer" then).
    static func aboutEqual(_ lo: UInt64, _ hi: UInt64) -> Bool { Double(hi) <= Double(lo) * 1.05 }
}
