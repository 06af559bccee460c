/// The wording of progress lines (`simulate`, `replay`): counts with SI prefixes, durations
/// in the largest sensible unit. Scripts may rely on the words `% of` and `ETA`.
public enum ProgressText {
    /// `sweep: 36 runs, 26 G accesses, estimated 6 min`.
    public static func sweep(runs: Int, accesses: Double, seconds: Double) -> String {
        "sweep: \(runs) run\(runs == 1 ? "" : "s"), \(count(accesses)) accesses, estimated \(duration(seconds))"
    }

    /// `[3/36] ijk-row size=1024: 41% of 3.2 G accesses, 78 M/s, ETA 38 s (sweep 6 min)`;
    /// `index` counts from 1. The sweep's ETA is left out when nil.
    public static func run(
        index: Int, of total: Int, label: String, done: Double, expected: Double,
        rate: Double, eta: Double, sweepETA: Double?
    ) -> String {
        let pct = expected > 0 ? min(100, Int(done / expected * 100)) : 0
        var s =
            """
            [\(index)/\(total)] \(label): \(pct)% of \(count(expected)) accesses, \(count(rate))/s, ETA \
            \(duration(eta))
            """
        if let sweepETA { s += " (sweep \(duration(sweepETA)))" }
        return s
    }

    /// `replay: 41% of 1.2 GB read, 78 M accesses/s, ETA 12 s`; with `total` 0 (a pipe),
    /// `replay: 1.2 GB read, 78 M accesses/s`.
    public static func replay(read: Double, total: Double, rate: Double, eta: Double) -> String {
        guard total > 0 else { return "replay: \(count(read))B read, \(count(rate)) accesses/s" }
        let pct = min(100, Int(read / total * 100))
        return "replay: \(pct)% of \(count(total))B read, \(count(rate)) accesses/s, ETA \(duration(eta))"
    }

    /// 950, 41 k, 3.2 M, 26 G: one decimal under 10, whole numbers above, SI prefixes.
    public static func count(_ x: Double) -> String {
        let units: [(Double, String)] = [(1e12, " T"), (1e9, " G"), (1e6, " M"), (1e3, " k")]
        for (scale, u) in units where x >= scale {
            let v = x / scale
            return (v >= 9.95 ? "\(Int(v.rounded()))" : tenths(v)) + u
        }
        return "\(Int(max(0, x).rounded()))"
    }

    /// 38 s, 6 min, 1.5 h; "?" when not finite.
    public static func duration(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "?" }
        if s < 90 { return "\(Int(s.rounded())) s" }
        if s < 90 * 60 { return "\(Int((s / 60).rounded())) min" }
        return tenths(s / 3600) + " h"
    }

    /// One decimal: 3.2, 25.8.
    static func tenths(_ v: Double) -> String {
        let r = Int((v * 10).rounded())
        return "\(r / 10).\(r % 10)"
    }
}
