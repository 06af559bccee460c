import SafeIO

/// The checks a decoded document must pass beyond its types: every number in its range
/// (`SchemaLimits`), names unique and safe, each run's levels those of the machine, claims
/// naming what the document has, and every sum the report makes fitting 64 bits.
extension ResultsDocument {
    public func check() throws {
        try machine.check("machine")
        if runs.isEmpty { throw SchemaError("runs", "the document has no runs") }
        for (k, v) in shape?.entries ?? [] { try SchemaCheck.atMost(v, SchemaLimits.maxShapeValue, "shape.\(k)") }
        for (k, values) in sweep?.entries ?? [] where Set(values).count != values.count {
            throw SchemaError("sweep.\(k)", "lists a value twice")
        }
        try checkVariants()
        for (i, r) in runs.enumerated() { try r.check("runs[\(i)]", machine: machine) }
        // A shard's `sameAs` is a position in the whole sweep, checked once the shards are merged.
        if shard == nil { try checkSameAs() }
        let known = variantNames.isEmpty ? runs.map(\.variant) : variantNames
        for (i, c) in (claims ?? []).enumerated() {
            try c.check("claims[\(i)]", variants: known, levels: machine.levels.map(\.name))
        }
        for (i, t) in (crossCheck?.kendallTau ?? []).enumerated() {
            if let tau = t.tau.value { try SchemaCheck.range(tau, -1...1, "crossCheck.kendallTau[\(i)].tau") }
        }
        _ = try SchemaCheck.sum(runs.enumerated().map { ($1.accesses, "runs[\($0)].accesses") }, what: "runs' accesses")
        let skipped = runs.enumerated().compactMap { i, r in
            r.warp?.value.map { ($0.skippedAccesses, "runs[\(i)].warp.skippedAccesses") }
        }
        _ = try SchemaCheck.sum(skipped, what: "runs' skipped accesses")
    }

    /// A `sameAs` names an earlier run of the same variant, not itself a copy, with the same counts.
    func checkSameAs() throws {
        for (i, r) in runs.enumerated() {
            guard let k = r.sameAs else { continue }
            let at = "runs[\(i)].sameAs"
            if i == 0 { throw SchemaError(at, "the first run cannot be the same as an earlier one") }
            guard k >= 0 && k < Int64(i) else { throw SchemaError(at, "\(k) is out of range (0 to \(i - 1))") }
            let a = runs[Int(k)]
            let why =
                a.variant != r.variant
                ? "another variant"
                : a.sameAs != nil
                    ? "itself a copy"
                    : a.accesses != r.accesses || a.levels.map(\.counters.misses) != r.levels.map(\.counters.misses)
                        ? "a run with other counts" : nil
            if let why {
                throw SchemaError(
                    at,
                    """
                    \(k), but runs[\(k)] is \(why); sameAs names the first run of the same variant with these \
                    counts
                    """)
            }
        }
    }

    /// The variants' names, in order.
    public var variantNames: [String] { (variants ?? []).compactMap { $0["name"] } }

    /// Variant names are unique; the keys the report resolves again (BLIS's `mr` and `nr`) are
    /// checked as an experiment file's are.
    func checkVariants() throws {
        var names: Set<String> = []
        for (i, v) in (variants ?? []).enumerated() {
            if let n = v["name"], !names.insert(n).inserted {
                throw SchemaError("variants[\(i)].name", "variant name `\(TerminalText.escape(n))` used twice")
            }
            for (k, x) in v.entries where ["mr", "nr"].contains(k) {
                guard let t = Int(x), (1...SchemaLimits.maxMicroTile).contains(t) else {
                    throw SchemaError(
                        "variants[\(i)].\(k)",
                        "must be a whole number from 1 to \(SchemaLimits.maxMicroTile), got `\(TerminalText.escape(x))`"
                    )
                }
            }
        }
    }
}

extension ReplayDocument {
    public func check() throws {
        try machine?.check("machine")
        if let machine {
            try LevelRecord.check(levels, "levels", machine: machine)
        } else {
            for (i, l) in levels.enumerated() { try SchemaCheck.levelName(l.name, "levels[\(i)].name") }
        }
        if let name, let why = SafeName.problem(name) { throw SchemaError("name", "replay name \(why)") }
    }
}

extension MachineRecord {
    /// Levels present, at most `SchemaLimits.maxLevels`, names safe and unique, geometry in range.
    func check(_ path: String) throws {
        if levels.isEmpty { throw SchemaError("\(path).levels", "the machine has no levels") }
        if levels.count > SchemaLimits.maxLevels {
            throw SchemaError("\(path).levels", "\(levels.count) levels; at most \(SchemaLimits.maxLevels)")
        }
        var names: Set<String> = []
        let g = SchemaLimits.Geometry.self
        for (i, l) in levels.enumerated() {
            let at = "\(path).levels[\(i)]"
            try SchemaCheck.levelName(l.name, "\(at).name")
            if !names.insert(l.name).inserted { throw SchemaError("\(at).name", "level name used twice") }
            for (k, v, max) in [("size", l.size, g.size), ("line", l.line, g.line), ("ways", l.ways, g.ways)]
                + [("sets", l.sets, g.sets)]
            {
                try SchemaCheck.atMost(v, max, "\(at).\(k)")
            }
        }
    }
}

extension LevelRecord {
    /// A run's levels: one per level of `machine`, in order, named as it names them.
    static func check(_ levels: [LevelRecord], _ path: String, machine: MachineRecord) throws {
        guard levels.count == machine.levels.count else {
            let names = machine.levels.map(\.name).joined(separator: ", ")
            throw SchemaError(
                path,
                "\(levels.count) level(s), but the machine has \(machine.levels.count) (\(TerminalText.escape(names)))")
        }
        for (i, (l, m)) in zip(levels, machine.levels).enumerated() where l.name != m.name {
            throw SchemaError(
                "\(path)[\(i)].name",
                "`\(TerminalText.escape(l.name))`, but the machine's level \(i + 1) is `\(TerminalText.escape(m.name))`"
            )
        }
    }
}

extension RunRecord {
    /// Levels as the machine's; medians, pages, seconds and the cost in their ranges.
    func check(_ at: String, machine: MachineRecord) throws {
        try LevelRecord.check(levels, "\(at).levels", machine: machine)
        for (e, m) in measured?.entries ?? [] {
            if e == MeasuredRecord.timeKey {
                try m.checkTime("\(at).measured.\(e)")
                continue
            }
            guard let status = m.status else { throw SchemaError("\(at).measured.\(e).status", "missing") }
            guard status == "ok" else { continue }
            guard let median = m.median else { throw SchemaError("\(at).measured.\(e).median", "missing") }
            try SchemaCheck.range(
                median, -SchemaLimits.maxMedian...SchemaLimits.maxMedian, "\(at).measured.\(e).median")
        }
        let pages = UInt64(SchemaLimits.maxPages)
        if let p = simulatedPages { try SchemaCheck.atMost(p, pages, "\(at).simulatedPages") }
        if let p = predictedFaults { try SchemaCheck.atMost(p, pages, "\(at).predictedFaults") }
        if let w = wallSeconds?.value {
            try SchemaCheck.range(w.median, 0...SchemaLimits.maxSeconds, "\(at).wallSeconds.median")
        }
        try cost?.value?.check("\(at).cost")
    }
}

extension CostRecord {
    /// Every figure the report reads from 0 to `maxCycles` (GFLOP/s to `maxGflops`).
    func check(_ at: String) throws {
        let cycles = 0...SchemaLimits.maxCycles
        for (i, b) in boundaries.enumerated() {
            try SchemaCheck.range(b.cycles, cycles, "\(at).boundaries[\(i)].cycles")
        }
        try SchemaCheck.range(roofline.cycles, cycles, "\(at).roofline.cycles")
        try SchemaCheck.range(ecm.cycles, cycles, "\(at).ecm.cycles")
        try SchemaCheck.range(ecm.overlap, cycles, "\(at).ecm.overlap")
        try SchemaCheck.range(ecm.nonOverlap, cycles, "\(at).ecm.nonOverlap")
        try SchemaCheck.range(ecm.gflops, 0...SchemaLimits.maxGflops, "\(at).ecm.gflops")
        // What the roofline chart and the CSV read beside the times.
        let traffic = 0...SchemaLimits.maxTraffic
        try SchemaCheck.range(flops, traffic, "\(at).flops")
        for (i, b) in boundaries.enumerated() {
            try SchemaCheck.range(b.bytes, traffic, "\(at).boundaries[\(i)].bytes")
        }
        try SchemaCheck.range(roofline.gflops, 0...SchemaLimits.maxGflops, "\(at).roofline.gflops")
        try SchemaCheck.range(core.peakFlopsPerCycle, 0...1e5, "\(at).core.peakFlopsPerCycle")
    }
}

extension Claim {
    /// The variant, baseline and level it names are the document's; a metric that needs a level
    /// or a baseline has one.
    func check(_ path: String, variants: [String], levels: [String]) throws {
        func known(_ name: String?, _ key: String, in list: [String], what: String) throws {
            guard let name, !list.contains(name) else { return }
            throw SchemaError("\(path).\(key)", "no \(what) `\(TerminalText.escape(name))` in this document")
        }
        try known(variant, "variant", in: variants, what: "variant")
        try known(level, "level", in: levels, what: "level")
        try known(baseline, "baseline", in: variants, what: "variant")
        if metric.needsLevel && level == nil {
            throw SchemaError("\(path).level", "a \(metric.rawValue) claim needs a level")
        }
        if metric.needsBaseline && baseline == nil {
            throw SchemaError("\(path).baseline", "a \(metric.rawValue) claim needs a baseline")
        }
    }
}

extension MeasuredRecord {
    /// The wall-time entry: seconds from 0 to `maxSeconds`, the minimum not above the median,
    /// 1 to `maxRepetitions` repetitions, GFLOP/s from 0 to `maxGflops`.
    func checkTime(_ at: String) throws {
        guard let median = medianSeconds else { throw SchemaError("\(at).medianSeconds", "missing") }
        guard let min = minSeconds else { throw SchemaError("\(at).minSeconds", "missing") }
        let seconds = 0...SchemaLimits.maxSeconds
        try SchemaCheck.range(median, seconds, "\(at).medianSeconds")
        try SchemaCheck.range(min, seconds, "\(at).minSeconds")
        if min > median { throw SchemaError("\(at).minSeconds", "\(min) is above the median (\(median))") }
        guard let reps = repetitions else { throw SchemaError("\(at).repetitions", "missing") }
        if reps < 1 { throw SchemaError("\(at).repetitions", "must be at least 1") }
        if reps > Int64(SchemaLimits.maxRepetitions) {
            throw SchemaError("\(at).repetitions", "\(reps) is out of range (1 to \(SchemaLimits.maxRepetitions))")
        }
        if let g = gflops?.value { try SchemaCheck.range(g, 0...SchemaLimits.maxGflops, "\(at).gflops") }
    }
}
