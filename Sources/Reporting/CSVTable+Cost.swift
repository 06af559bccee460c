/// The CSV's cost columns, after the counters: per run (repeated on each of its level rows) the
/// unit of work, the flops and the registers-L1 boundary; per level row the boundary from that
/// level to the one below (`L1-L2`, ..., `L3-memory`) with its bytes and cycles; then the
/// roofline's and the ECM's figures. A run whose `cost` is null has every one of these cells
/// empty (not 0), as has a boundary cell on a level without a boundary (an instruction cache).
extension CSVTable {
    public static let costColumns = [
        "costUnit", "flops", "registersBytes", "registersCycles", "boundary", "boundaryBytes", "boundaryCycles",
        "rooflineCycles", "rooflineGflops", "rooflineBound", "ecmCycles", "ecmGflops", "ecmOverlap",
        "ecmNonOverlap",
    ]

    /// The cost cells of one run's row for `level` of document `d`.
    static func costCells(_ cost: ReportInput.RunCost?, level: String, _ d: ReportInput) -> [String] {
        guard let c = cost else { return costColumns.map { _ in "" } }
        func bytes(_ i: Int) -> String { i < c.boundaryBytes.count ? number(c.boundaryBytes[i]) : "" }
        // Boundary k + 1 lies below the k-th data level (the cost model's order).
        let data = d.machine.filter { $0.inclusion != "instruction side" }.map(\.name)
        let below = data.firstIndex(of: level).map { $0 + 1 }.flatMap { $0 < c.boundaries.count ? $0 : nil }
        let registers = c.boundaries.isEmpty ? ["", ""] : [bytes(0), number(c.boundaries[0].cycles)]
        let boundary = below.map { [text(c.boundaries[$0].name), bytes($0), number(c.boundaries[$0].cycles)] }
        return [text(c.unit), number(c.flops)] + registers + (boundary ?? ["", "", ""])
            + [number(c.roofline), number(c.rooflineGflops), text(c.rooflineBound)]
            + [number(c.ecm), number(c.ecmGflops), number(c.overlap), number(c.nonOverlap)]
    }

    /// A figure as the JSON holds it: whole numbers without a fraction, others in the shortest
    /// form that reads back as the same double.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 0x1p53 ? String(Int64(v)) : "\(v)"
    }
}
