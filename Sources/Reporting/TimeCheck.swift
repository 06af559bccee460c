import Foundation

/// Measured wall time against the cost model's times: per run the measured median beside the
/// roofline and ECM times (cycles per unit of work x units / clock), and across runs the rank
/// agreement of ECM with the measurement.
///
/// The roofline time is a lower bound (every term is a throughput at its peak), so a measured
/// time below it means the model's parameters are wrong for the machine that ran (a peak, a
/// bandwidth or the clock too low, or a machine file that is not this host's).
public struct TimeCheck: Sendable {
    public struct Row: Sendable {
        /// Index of the run in the list given to `make`.
        public var index: Int
        /// Measured median seconds.
        public var measured: Double
        /// Modelled seconds.
        public var roofline: Double
        public var ecm: Double
        /// The roofline's bounding term ("core" or a boundary's name).
        public var bound: String
        /// The measurement beats the lower bound.
        public var belowRoofline: Bool { measured < roofline }
        /// ECM's relative error, (ECM - measured) / measured.
        public var ecmError: Double { (ecm - measured) / measured }
    }

    public var rows: [Row]
    /// Kendall tau-b of ECM against the measured times over `rows`, measured times within 1%
    /// counting as ties (`KendallTau.withinOnePercent`); nil for fewer than two runs or no order.
    public var tau: Double?

    /// Seconds for `cycles` per unit of work over `units` units at `clockGHz`.
    public static func seconds(cycles: Double, units: Double, clockGHz: Double) -> Double {
        cycles * units / (clockGHz * 1e9)
    }

    /// The runs that have a positive measured time, a cost and a work count, at `clockGHz`; nil
    /// without a clock or without any such run.
    public static func make(
        _ runs: [(measured: Double?, cost: ReportInput.RunCost?, units: Double?)], clockGHz: Double?
    ) -> TimeCheck? {
        guard let clockGHz, clockGHz > 0 else { return nil }
        let rows = runs.enumerated().compactMap { i, r -> Row? in
            guard let m = r.measured, m > 0, let c = r.cost, let u = r.units, u > 0 else { return nil }
            return Row(
                index: i, measured: m, roofline: seconds(cycles: c.roofline, units: u, clockGHz: clockGHz),
                ecm: seconds(cycles: c.ecm, units: u, clockGHz: clockGHz), bound: c.rooflineBound)
        }
        guard !rows.isEmpty else { return nil }
        let tau = KendallTau.tauB(rows.map(\.ecm), rows.map(\.measured), yTied: KendallTau.withinOnePercent)
        return TimeCheck(rows: rows, tau: tau)
    }

    /// A duration in milliseconds, three significant figures or more, never in exponent form
    /// ("0.000523", "0.0123", "1.23", "123").
    public static func milliseconds(_ seconds: Double) -> String {
        let ms = seconds * 1000
        if !(ms > 0) || !ms.isFinite { return ms.isFinite ? "0" : "-" }
        if ms >= 100 { return String(format: "%.0f", ms) }
        let decimals = Swift.min(Swift.max(2 - Int(log10(ms).rounded(.down)), 1), 12)
        return String(format: "%.\(decimals)f", ms)
    }
}
