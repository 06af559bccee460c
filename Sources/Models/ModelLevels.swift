import CacheSim

/// The analytical model applied level by level, with the rules for where it gives a figure:
///
/// - A level the whole problem fits misses once per line the kernel touches (exact at any level).
/// - Otherwise the first level gets the reuse rule of `ModelNest`, unless a working set the rule
///   consults is within 2x of the capacity (LRU then keeps part of it), or a tiled nest has
///   partial tiles at an edge (the rule follows full tiles only).
/// - Otherwise a level below the first gets no figure: it sees only the misses and write-backs
///   of the level above, whose own hits reorder its LRU stack.
/// - An instruction level misses never: a kernel makes no instruction fetches.
enum ModelLevels {
    static func predict(_ nest: ModelNest, levels all: [LevelConfig]) -> AnalyticModel.Prediction {
        let levels = all.filter { !$0.instruction }
        var out: [UInt64?] = [], notes: [String] = []
        for (k, lv) in levels.enumerated() {
            let cap = lv.size / lv.line
            let whole = nest.footprint(line: lv.line)
            if whole <= cap {
                out.append(UInt64(whole))
                continue
            }
            out.append(nil)
            if k > 0 {
                notes.append(
                    """
                    \(lv.name): the problem (\(whole) lines) overflows it, and below \(levels[0].name) the model \
                    predicts only what fits
                    """
                )
            } else if let c = nest.edge {
                notes.append(
                    """
                    \(lv.name): \(c == "p" ? "k" : String(c)) = \(nest.ext[c]!) is not a multiple of the tile \
                    \(nest.tile[c]!), and the model follows full tiles only
                    """
                )
            } else {
                let r = nest.misses(cap: cap, line: lv.line)
                if let m = r.misses {
                    out[k] = UInt64(m)
                } else if let near = r.near {
                    notes.append(
                        """
                        \(lv.name): a working set of \(near) lines is within 2x of its \(cap) lines, where LRU \
                        reuses part of it
                        """
                    )
                }
            }
        }
        if let i = all.firstIndex(where: \.instruction) { out.insert(0, at: i) }
        return AnalyticModel.Prediction(
            misses: out, note: notes.isEmpty ? nil : "no prediction at " + notes.joined(separator: "; "))
    }
}
