/// Callgrind's counters (`measure --counters callgrind`) against the simulation: a chart of
/// simulated L1 misses beside Callgrind's D1 misses, and a finding for each run where the two
/// differ by more than 10%, with the data accesses per unit of work of LayoutLab's native kernel
/// (Dr + Dw) beside the engine's, which is usually where the difference comes from (a value
/// kept in a register, vector loads, spills).
import Foundation

extension Builder {
    /// Callgrind's D1 (or LL, `cache` "DL") misses of a run, reads plus writes.
    func callgrindMisses(_ r: ReportInput.Run, _ cache: String = "D1") -> Double? {
        guard let rd = r.measured.first(where: { $0.event == "callgrind::\(cache)mr" })?.median,
            let wr = r.measured.first(where: { $0.event == "callgrind::\(cache)mw" })?.median
        else { return nil }
        return rd + wr
    }

    /// The native kernel's data accesses, Dr + Dw.
    func callgrindAccesses(_ r: ReportInput.Run) -> Double? {
        guard let rd = r.measured.first(where: { $0.event == "callgrind::Dr" })?.median,
            let wr = r.measured.first(where: { $0.event == "callgrind::Dw" })?.median
        else { return nil }
        return rd + wr
    }

    mutating func callgrindChart(_ shown: [ReportInput.Run], at: String) {
        let measured = shown.filter { callgrindMisses($0) != nil }
        guard !measured.isEmpty, measured.count == shown.filter({ !$0.measured.isEmpty }).count,
            let l1 = levelNames.first
        else { return }
        chart(
            "measured-callgrind",
            SVGChart.bars(
                title: "\(l1) misses: simulated vs callgrind (D1mr + D1mw)\(at)", yLabel: "misses",
                categories: measured.map(category),
                segments: [
                    ("simulated", measured.map { Double(level($0, l1)?.c.misses ?? 0) }),
                    ("callgrind", measured.map { callgrindMisses($0)! }),
                ], stacked: false),
            alt: "simulated L1 misses and Callgrind's D1 misses of LayoutLab's native kernel per run")
    }

    /// One finding per run whose Callgrind D1 misses differ from the simulated L1 misses by more
    /// than 10%, and one line for the runs that agree within 10%.
    func callgrindFindings(_ rs: [ReportInput.Run]) -> [String] {
        guard let l1 = levelNames.first else { return [] }
        let pairs = rs.compactMap { r -> (ReportInput.Run, Double, Double)? in
            guard let cg = callgrindMisses(r), let sim = level(r, l1)?.c.misses else { return nil }
            return (r, Double(sim), cg)
        }
        guard !pairs.isEmpty else { return [] }
        var out: [String] = []
        var close = 0
        for (r, sim, cg) in pairs {
            if sim > 0 && abs(cg / sim - 1) <= 0.10 {
                close += 1
                continue
            }
            var s =
                "\(name(r)): Callgrind counts \(Fmt.whole(cg)) D1 misses in \(nativeKernel(r)) against "
                + "\(Fmt.whole(sim)) simulated \(esc(l1)) misses"
            s += sim > 0 ? " (\(String(format: "%.2f", cg / sim))x)" : ""
            if let a = callgrindAccesses(r), let w = work(r), w.value > 0 {
                let per = w.unit == "MNK" ? "multiply-add" : "MAC"
                s +=
                    "; it makes \(String(format: "%.2f", a / w.value)) data accesses (Dr + Dw) per \(per), "
                    + "the engine \(String(format: "%.2f", Double(r.accesses) / w.value))"
            }
            out.append(s + ".")
        }
        if close > 0 {
            out.append(
                """
                Callgrind's D1 misses are within 10% of the simulated \(esc(l1)) misses for \(close) of \
                \(pairs.count) run(s).
                """
            )
        }
        out += callgrindAccessFindings(
            pairs.map(\.0).filter { r in
                guard let sim = level(r, l1)?.c.misses, sim > 0, let cg = callgrindMisses(r) else { return false }
                return abs(cg / Double(sim) - 1) <= 0.10
            })
        return out
    }

    /// Where the misses agree, the native kernel's accesses per unit of work may still differ from
    /// the engine's (registers, vector loads, reloaded pointers): one line naming those runs.
    func callgrindAccessFindings(_ rs: [ReportInput.Run]) -> [String] {
        let differing = rs.compactMap { r -> String? in
            guard let a = callgrindAccesses(r), let w = work(r), w.value > 0, r.accesses > 0 else { return nil }
            let compiled = a / w.value, engine = Double(r.accesses) / w.value
            guard abs(compiled / engine - 1) > 0.10 else { return nil }
            return "\(name(r)) \(String(format: "%.2f", compiled)) (engine \(String(format: "%.2f", engine)))"
        }
        guard !differing.isEmpty else { return [] }
        return [
            "Where the misses agree, the data accesses (Dr + Dw) per multiply-add of "
                + "\(nativeKernel(rs[0])) still differ from the engine's by more than 10%: "
                + differing.joined(separator: ", ") + "."
        ]
    }

    /// "LayoutLab's native kernel (Swift, built with -O)", as the run's document states its build.
    func nativeKernel(_ r: ReportInput.Run) -> String {
        esc(MeasureText.nativeKernel(build: inputs[r.source].crossCheck?["nativeKernel"]?.string))
    }
}
