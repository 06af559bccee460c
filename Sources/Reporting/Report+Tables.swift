import CacheSim

extension Builder {
    /// The first cells of a run's row: its document (when several), variant and point.
    func rowHead(_ r: ReportInput.Run) -> String {
        "| " + (multi ? "\(esc(label(r.source))) | " : "") + "\(esc(r.variant)) | \(pointCell(r)) | "
    }
    /// A run's point cell: "tile=32", and for a run the sweep does not change, the run it is
    /// ("tile=32 (same run as tile = 16)").
    func pointCell(_ r: ReportInput.Run) -> String {
        let same = r.sameAs.map { k in " (same run as \(escPoint(inputs[r.source].runs[k].point)))" } ?? ""
        return esc(ReportInput.pointText(r.point)) + same
    }
    var headCols: String { (multi ? "source | " : "") + "variant | point | " }
    var headRule: String { "|" + (multi ? "---|" : "") + "---|---|" }

    /// The counter table's columns after the derived ones: the field table's counters that have
    /// a report title (`LevelCounters.Field.report`), neighbours with the same title in one column.
    static let counterColumns: [(title: String, fields: [LevelCounters.Field])] =
        LevelCounters.fields.reduce(into: []) { columns, f in
            guard let title = f.report else { return }
            if columns.last?.title == title {
                columns[columns.count - 1].fields.append(f)
            } else {
                columns.append((title, [f]))
            }
        }

    /// One counter cell: its fields' numbers joined by ` / `, the write-backs followed by those
    /// of the final flush in parentheses; `-` for the 3C split when it was not computed.
    func counterCell(_ fields: [LevelCounters.Field], _ l: ReportInput.LevelResult, threeC: Bool) -> String {
        if !threeC && fields.contains(where: \.threeC) { return "-" }
        return fields.map { f in
            let n = Fmt.int(l.c[keyPath: f.keyPath])
            return f.keyPath == \LevelCounters.writebacks ? "\(n) (\(Fmt.int(l.flushedWritebacks)))" : n
        }.joined(separator: " / ")
    }

    mutating func countersSection() {
        let partial = anyThreeC && !inputs.allSatisfy(\.threeC)
        md +=
            """
            ## Counters\n\nMisses are demand misses; rates are misses / accesses at that level. Bytes in / out are \
            what the level read from and wrote to the next one (memory for the last). Write-backs in parentheses \
            include the final flush.
            """
        md +=
            !anyThreeC
            ? " The 3C split was not computed (`--no3c`): its columns show -."
            : partial ? " Documents without the 3C split (`--no3c`) show - in its columns." : ""
        md += "\n\n"
        for lname in levelNames {
            let rs = runs.filter { level($0, lname) != nil }
            let columns = Self.counterColumns
            md += "### \(esc(lname))\n\n| \(headCols)accesses | misses | miss rate | "
            md += columns.map(\.title).joined(separator: " | ") + " |\n"
            md += headRule + "---:|---:|---:|" + columns.map { _ in "---:|" }.joined() + "\n"
            for r in rs {
                let l = level(r, lname)!, c = l.c
                md += rowHead(r) + "\(Fmt.int(c.accesses)) | \(Fmt.int(c.misses)) | \(Fmt.percent(c.missRate)) | "
                md += columns.map { counterCell($0.fields, l, threeC: threeC(r)) }.joined(separator: " | ") + " |\n"
            }
            md += "\n"
        }
        let regions = Array(Set(runs.flatMap { $0.levels.first?.regions.map(\.name) ?? [] })).sorted()
        if !regions.isEmpty {
            md +=
                "### Misses per region\n\nFirst / last level of each run's machine.\n\n| \(headCols)"
                + regions.map { esc($0) }.joined(separator: " | ") + " |\n"
            md += headRule + regions.map { _ in "---:" }.joined(separator: "|") + "|\n"
            for r in runs {
                md +=
                    rowHead(r)
                    + regions.map { rg in
                        let a = r.levels.first?.regions.first { $0.name == rg }?.c.misses ?? 0
                        let b = r.levels.last?.regions.first { $0.name == rg }?.c.misses ?? 0
                        return "\(Fmt.int(a)) / \(Fmt.int(b))"
                    }.joined(separator: " | ") + " |\n"
            }
            md += "\n"
        }
    }
}
