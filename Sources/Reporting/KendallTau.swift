/// Kendall's tau-b, the rank agreement of two measurements of the same items, with a rule per
/// side for when two values count as tied.
public enum KendallTau {
    /// tau-b = (C - D) / sqrt((C + D + Ty) (C + D + Tx)) over the pairs of items: C concordant,
    /// D discordant, Tx tied in `x` only, Ty tied in `y` only (pairs tied in both count nowhere).
    /// nil for fewer than two items or when every pair is tied on a side.
    public static func tauB(
        _ x: [Double], _ y: [Double], xTied: (Double, Double) -> Bool = { $0 == $1 },
        yTied: (Double, Double) -> Bool = { $0 == $1 }
    ) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        var concordant = 0.0, discordant = 0.0, tiesX = 0.0, tiesY = 0.0
        for i in 0..<x.count {
            for j in (i + 1)..<x.count {
                let tx = xTied(x[i], x[j]), ty = yTied(y[i], y[j])
                if tx && ty { continue }
                if tx {
                    tiesX += 1
                } else if ty {
                    tiesY += 1
                } else if (x[i] < x[j]) == (y[i] < y[j]) {
                    concordant += 1
                } else {
                    discordant += 1
                }
            }
        }
        let denom = ((concordant + discordant + tiesX) * (concordant + discordant + tiesY)).squareRoot()
        return denom == 0 ? nil : (concordant - discordant) / denom
    }

    /// Two measured times within 1% of the larger: closer than repeated runs of one kernel agree,
    /// so their order says nothing.
    public static func withinOnePercent(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 0.01 * max(abs(a), abs(b))
    }
}
