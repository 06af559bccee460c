/// How much of each document's simulation was warped (exact warping: counts are unchanged,
/// only the work to get them is).
extension Builder {
    mutating func warpNote() {
        for d in inputs {
            let tried = d.runs.compactMap(\.warp)
            guard !tried.isEmpty else { continue }
            let skipped = tried.reduce(0) { $0 + $1.skipped }, total = d.runs.reduce(0) { $0 + $1.accesses }
            let fired = tried.filter { $0.skipped > 0 }.count
            md +=
                """
                **Warping** (\(esc(d.machineName))): \(tried.count) of \(d.runs.count) run(s) tried it, \(fired) \
                skipped accesses; 
                """
            md +=
                """
                \(Fmt.int(skipped)) of \(Fmt.int(total)) accesses \
                (\(Fmt.percent(total == 0 ? 0 : Double(skipped) / Double(total)))) 
                """
            md += "were counted by repeating a period instead of simulated one by one, with identical counts.\n\n"
        }
    }
}
