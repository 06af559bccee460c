import CacheSim
import ResultsSchema
import SafeIO

extension ReportInput {
    /// Reads one document; `file` names it in errors, with the JSON path of what was wrong. The
    /// document is decoded into the schema's records (`ResultsDocument`, `ReplayDocument`), whose
    /// `check()` range-checks every number and every sum the report makes (accesses and warped
    /// accesses over the runs fit 64 bits); the report's view is then built from the records.
    public static func decode(_ j: JSON, file: String) throws -> ReportInput {
        let what = "(a results document from simulate, measure or replay --json)"
        guard j.object != nil else { throw LayoutLabError("\(file): expected a JSON object at the top level \(what)") }
        do {
            if j["experiment"] == nil && j["levels"] != nil {
                let doc = try SchemaDecoder.decode(ReplayDocument.self, from: j)
                try doc.check()
                return ReportInput(replay: doc, file: file)
            }
            guard j["experiment"] != nil else { throw SchemaError("", "missing `experiment` \(what)") }
            let doc = try SchemaDecoder.decode(ResultsDocument.self, from: j)
            try doc.check()
            return ReportInput(doc, file: file)
        } catch let e as SchemaError {
            throw e.report(file: file)
        }
    }

    /// The report's view of a checked simulate or measure document.
    init(_ doc: ResultsDocument, file: String) {
        let levels = doc.machine.levels.map(Level.init)
        self.init(
            file: file, kind: .simulate, experiment: doc.experiment,
            machineName: doc.machine.name ?? "?", machine: levels,
            description: doc.description, kernel: doc.kernel, element: doc.element,
            shape: doc.shape?.entries.map { ($0.key, $0.value) } ?? [],
            sweep: doc.sweep?.entries.map { (key: $0.key, values: $0.value) } ?? [],
            variants: (doc.variants ?? []).map { $0.entries.map { ($0.key, $0.value) } },
            claims: doc.claims ?? [], version: doc.layoutlab, command: doc.command,
            runs: doc.runs.map(Run.init), crossCheck: doc.crossCheck.map(SchemaEncoder.encode))
        if runs.contains(where: { !$0.measured.isEmpty || $0.time != nil }) { kind = .measure }
        clockGHz = doc.machine.core?.clock
        performance = doc.machine
        threeC = !doc.runs.contains { $0.levels.first?.classified == false }
    }

    /// A `replay --json` document: one run, named after the trace.
    init(replay doc: ReplayDocument, file: String) {
        let levels =
            doc.machine?.levels.map(Level.init)
            ?? doc.levels.map {
                Level(
                    name: $0.name, size: 0, line: 0, ways: 0, sets: 0, policy: "?", write: "?", inclusion: "?",
                    prefetch: "?")
            }
        let trace = doc.trace ?? file
        self.init(
            file: file, kind: .replay, experiment: trace, machineName: doc.machine?.name ?? "?", machine: levels,
            description: nil, kernel: nil, element: nil, shape: [], sweep: [], variants: [], claims: [],
            version: doc.layoutlab, command: doc.command, runs: [], crossCheck: nil)
        threeC = doc.levels.first?.classified != false
        traceFormat = doc.format
        skipped = doc.skipped
        instructions = doc.instructions
        runs = [
            Run(
                variant: doc.name ?? ReplayName.default(trace: trace), point: [:], accesses: doc.accesses, footprint: 0,
                levels: doc.levels.map(LevelResult.init), model: nil, measured: [])
        ]
    }
}

extension ReportInput.Level {
    /// A machine level's geometry and policies as the report writes them.
    init(_ l: MachineRecord.Level) {
        self.init(
            name: l.name, size: l.size, line: l.line, ways: l.ways, sets: l.sets, policy: l.policy ?? "?",
            write: (l.write ?? "?") + (l.allocate == true ? "+allocate" : ""),
            inclusion: l.side == "instruction" ? "instruction side" : l.inclusion ?? "nine",
            prefetch: l.prefetch ?? "none")
    }
}

extension ReportInput.LevelResult {
    /// A level of a run as the report reads it.
    init(_ l: LevelRecord) {
        self.init(
            name: l.name, c: l.counters, regions: l.regions.map { ($0.name, $0.counters) },
            flushedWritebacks: l.flushed?.writebacks ?? 0, flushedMisses: l.flushed?.misses ?? 0,
            classified: l.classified)
    }

    /// The level's record (`LevelRecord`), which the documents write.
    public var record: LevelRecord {
        var flushed = LevelRecord.Flushed()
        flushed.writebacks = flushedWritebacks
        flushed.misses = flushedMisses
        return LevelRecord(
            name: name, counters: c, regions: regions.map { ($0.name, $0.c) }, flushed: flushed,
            classified: classified)
    }
}

extension ReportInput.Run {
    /// A checked run record as the report reads it.
    init(_ r: RunRecord) {
        self.init(
            variant: r.variant, point: r.point?.point ?? [:], accesses: r.accesses, footprint: r.footprintBytes ?? 0,
            levels: r.levels.map(ReportInput.LevelResult.init),
            model: r.model.map { m in
                Dictionary(m.entries.compactMap { e in e.value.value.map { (e.key, $0) } }) { a, _ in a }
            },
            modelNote: r.modelNote,
            measured: (r.measured?.entries ?? []).filter { $0.key != MeasuredRecord.timeKey }.map { e, m in
                (e, m.status == "ok" ? m.median : nil, m.reason)
            },
            simulatedPages: r.simulatedPages.map { Int($0) }, predictedFaults: r.predictedFaults.map { Int($0) },
            wallMedian: r.wallSeconds?.value?.median)
        warp = r.warp?.value.map { ($0.skippedAccesses, $0.explicitAccesses, $0.period) }
        cost = r.cost?.value.map(ReportInput.RunCost.init)
        costNote = r.costNote
        sameAs = r.sameAs.map { Int($0) }
        time = ReportInput.RunTime(r.measured?.entries.first { $0.key == MeasuredRecord.timeKey }?.value)
    }
}

extension ReportInput.RunCost {
    /// The figures of a checked cost record the report shows.
    init(_ c: CostRecord) {
        self.init(
            unit: c.unit, roofline: c.roofline.cycles, rooflineBound: c.roofline.bound, ecm: c.ecm.cycles,
            overlap: c.ecm.overlap, nonOverlap: c.ecm.nonOverlap,
            boundaries: c.boundaries.map { ($0.name, $0.cycles) }, ecmGflops: c.ecm.gflops)
        flops = c.flops
        boundaryBytes = c.boundaries.map(\.bytes)
        rooflineGflops = c.roofline.gflops
        peakFlopsPerCycle = c.core.peakFlopsPerCycle
    }
}
