import Engine

/// A variant's values at one sweep point (`tile.m` and Strassen's `base.mr` flattened), with the
/// checks `ExperimentSpec.run` applies to them: each failure names the key.
struct VariantValues {
    let values: [String: String]
    let fail: (String, String) -> ConfigError

    /// The integer at `key` in `lo...hi`, or `def` where absent (required where `def` is nil).
    func int(_ key: String, _ def: Int?, min lo: Int = 1, max hi: Int = 1 << 24) throws -> Int {
        guard let s = values[key] else {
            guard let def else { throw fail(key, "is required for this algorithm") }
            return def
        }
        guard let x = Int(s) else { throw fail(key, "expected an integer, got `\(s)`") }
        guard x >= lo && x <= hi else { throw fail(key, "must be between \(lo) and \(hi), got \(x)") }
        return x
    }

    /// The loop order at `key`, or `def`.
    func order(_ def: LoopOrder, key: String = "loops") throws -> LoopOrder {
        guard let s = values[key] else { return def }
        guard let o = LoopOrder(rawValue: s.lowercased()) else {
            throw fail(key, "`\(s)` is not one of " + LoopOrder.allCases.map(\.rawValue).joined(separator: " | "))
        }
        return o
    }

    func fits(_ key: String, _ x: Int, _ dim: String, _ d: Int) throws {
        if x > d { throw fail(key, "\(key) = \(x) exceeds \(dim) = \(d); allowed 1...\(d)") }
    }

    /// The GEMM algorithm named at `key("algorithm")` (naive by default) with its keys at
    /// `key(...)`: a variant's own keys, those of Strassen's `base`, or those of a convolution's
    /// `gemm`, on `gs`, and an upper bound of its accesses. `strassen` only names Strassen among
    /// the algorithms in the refusal of an unknown one (the caller resolves Strassen itself).
    func gemm(_ key: (String) -> String, _ gs: GemmShape, strassen: Bool = false) throws -> (GemmAlgorithm, Double) {
        let mnk = Double(gs.m) * Double(gs.n) * Double(gs.k)
        switch (values[key("algorithm")] ?? "naive").lowercased() {
        case "naive": return (.naive(try order(.ijk, key: key("loops"))), 4 * mnk)
        case "tiled":
            let t = try int(key("tile"), 32)
            let tile = (
                m: min(try int(key("tile.m"), t), gs.m), n: min(try int(key("tile.n"), t), gs.n),
                k: min(try int(key("tile.k"), t), gs.k)
            )
            return (.tiled(try order(.ikj, key: key("loops")), tm: tile.m, tn: tile.n, tk: tile.k), 4 * mnk)
        case "regblock", "register-blocked", "blocked":
            let mr = try int(key("mr"), 4, max: 64), nr = try int(key("nr"), 4, max: 64)
            try fits(key("mr"), mr, "m", gs.m)
            try fits(key("nr"), nr, "n", gs.n)
            let kinner = (values[key("kinner")] ?? "true").lowercased() == "true"
            return (
                .registerBlocked(mr: mr, nr: nr, kc: min(try int(key("kc"), gs.k), gs.k), kInner: kinner),
                mnk / Double(nr) + mnk / Double(mr) + 2 * mnk
            )
        case "qnnpack":
            let mr = try int(key("mr"), 4, max: 64), nr = try int(key("nr"), 8, max: 64)
            try fits(key("mr"), mr, "m", gs.m)
            try fits(key("nr"), nr, "n", gs.n)
            return (.qnnpack(mr: mr, nr: nr), 4 * mnk)
        case "blis":
            let mr = try int(key("mr"), 4, max: 64), nr = try int(key("nr"), 4, max: 64)
            try fits(key("mr"), mr, "m", gs.m)
            try fits(key("nr"), nr, "n", gs.n)
            let kc = min(try int(key("kc"), 256), gs.k), mc = try int(key("mc"), 128)
            let nc = try int(key("nc"), 4096)
            if mc % mr != 0 { throw fail(key("mc"), "mc = \(mc) must be a multiple of mr = \(mr)") }
            if nc % nr != 0 { throw fail(key("nc"), "nc = \(nc) must be a multiple of nr = \(nr)") }
            let packing = 4 * (Double(gs.m) * Double(gs.k) + Double(gs.k) * Double(gs.n))
            return (
                .blis(mr: mr, nr: nr, kc: kc, mc: mc, nc: nc), mnk / Double(nr) + mnk / Double(mr) + 2 * mnk + packing
            )
        case let s:
            throw fail(
                key("algorithm"),
                "`\(s)` is not one of naive | tiled | regblock | qnnpack | blis" + (strassen ? " | strassen" : ""))
        }
    }
}
