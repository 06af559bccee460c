extension Builder {
    mutating func countersSection() {
        md += "## Counters\n\nMisses are demand misses; rates are misses / accesses at that level. Bytes in / out are what the level read from and wrote to the next one (memory for the last). Write-backs in parentheses include the final flush.\(threeC ? "" : " The 3C split was not computed (`--no3c`): its columns show -.")\n\n"
        for (li, lname) in levelNames.enumerated() {
            md += "### \(lname)\n\n| variant | point | accesses | misses | miss rate | load / store misses | write-backs | compulsory | capacity | conflict | bytes in | bytes out |\n"
            md += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            for r in runs {
                let c = r.levels[li].c
                md += "| \(r.variant) | \(ReportInput.pointText(r.point)) | \(Fmt.int(c.accesses)) | \(Fmt.int(c.misses)) | \(Fmt.percent(c.missRate)) | "
                md += "\(Fmt.int(c.loadMisses)) / \(Fmt.int(c.storeMisses)) | \(Fmt.int(c.writebacks)) (\(Fmt.int(r.levels[li].flushedWritebacks))) | "
                md += threeC ? "\(Fmt.int(c.compulsory)) | \(Fmt.int(c.capacity)) | \(Fmt.int(c.conflict)) | " : "- | - | - | "
                md += "\(Fmt.int(c.bytesRead)) | \(Fmt.int(c.bytesWritten)) |\n"
            }
            md += "\n"
        }
        let regions = Array(Set(runs.flatMap { $0.levels[0].regions.map(\.name) })).sorted()
        if !regions.isEmpty {
            md += "### Misses per region\n\n| variant | point | " + regions.map { "\($0) (\(levelNames[0]) / \(levelNames.last!))" }.joined(separator: " | ") + " |\n"
            md += "|---|---|" + regions.map { _ in "---:" }.joined(separator: "|") + "|\n"
            for r in runs {
                md += "| \(r.variant) | \(ReportInput.pointText(r.point)) | " + regions.map { rg in
                    let a = r.levels[0].regions.first { $0.name == rg }?.c.misses ?? 0
                    let b = r.levels.last!.regions.first { $0.name == rg }?.c.misses ?? 0
                    return "\(Fmt.int(a)) / \(Fmt.int(b))"
                }.joined(separator: " | ") + " |\n"
            }
            md += "\n"
        }
    }

    mutating func modelSection() {
        let modelled = runs.filter { $0.model != nil }
        guard !modelled.isEmpty else { return }
        md += "## Analytical model beside the simulation\n\nThe model predicts misses from working sets and reuse distances (a capacity model: fully associative, no conflicts; see `AnalyticModel` in the sources). Where the simulation exceeds it, the 3C split says whether the excess is conflict misses\(threeC ? "" : " (not computed in these runs)").\n\n"
        md += "| variant | point | " + levelNames.map { "\($0) simulated | \($0) model | ratio" }.joined(separator: " | ") + " |\n"
        md += "|---|---|" + levelNames.map { _ in "---:|---:|---:" }.joined(separator: "|") + "|\n"
        for r in modelled {
            md += "| \(r.variant) | \(ReportInput.pointText(r.point)) | " + levelNames.enumerated().map { li, n in
                let s = r.levels[li].c.misses, m = r.model?[n] ?? 0
                return "\(Fmt.int(s)) | \(Fmt.int(m)) | \(m == 0 ? "-" : String(format: "%.2f", Double(s) / Double(m)))"
            }.joined(separator: " | ") + " |\n"
        }
        md += "\n"
    }

    mutating func measuredSection() {
        let measured = runs.filter { !$0.measured.isEmpty }
        guard !measured.isEmpty else { return }
        let events = Array(Set(measured.flatMap { $0.measured.map(\.event) })).sorted()
        md += "## Measured on the host (PAPI)\n\nMedians over the repetitions; `unavailable` events could not be counted on the machine that ran `measure` (PAPI's reason below).\n\n"
        md += "| variant | point | " + events.joined(separator: " | ") + " | predicted faults | wall ms |\n|---|---|" + events.map { _ in "---:" }.joined(separator: "|") + "|---:|---:|\n"
        var reasons: [String: String] = [:]
        for r in measured {
            md += "| \(r.variant) | \(ReportInput.pointText(r.point)) | " + events.map { e in
                guard let m = r.measured.first(where: { $0.event == e }) else { return "-" }
                if let v = m.median { return Fmt.int(Int64(v)) }
                reasons[e] = m.reason ?? "?"
                return "unavailable"
            }.joined(separator: " | ") + " | \(r.predictedFaults.map { Fmt.int($0) } ?? "-") | \(r.wallMedian.map { String(format: "%.2f", $0 * 1000) } ?? "-") |\n"
        }
        md += "\n"
        for (e, why) in reasons.sorted(by: { $0.key < $1.key }) { md += "- `\(e)` unavailable: \(why)\n" }
        for doc in inputs {
            guard let cc = doc.crossCheck else { continue }
            if let cpu = cc["vendor"]?.string { md += "- CPU: \(cpu) \(cc["model"]?.string ?? ""); event groups: \(cc["eventGroups"]?.uint64 ?? 0)\n" }
            for t in cc["kendallTau"]?.array ?? [] {
                let tau = t["tau"]?.double.map { String(format: "%.2f", $0) } ?? "undefined"
                md += "- Rank agreement (Kendall tau) of simulated \(t["level"]?.string ?? "?") against \(t["event"]?.string ?? "?"): **\(tau)**\n"
            }
            for n in cc["notes"]?.array ?? [] { md += "- \(n.string ?? "")\n" }
        }
        md += "\n"
    }
}
