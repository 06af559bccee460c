import CacheSim
import Engine
import LayoutConfig

/// Misses predicted from reuse reasoning, without simulating, for naive and tiled GEMM on
/// row/column-major (padded) operands, per level of a hierarchy of fully associative LRU caches.
///
/// The kernel is a loop nest, innermost loop first (naive: its three loops; tiled: the three loops
/// inside a tile, then the three tile loops). `F(l)` is the number of lines one execution of loop
/// `l` touches (all arrays, exact line counts of the blocks touched). For each array X, with
/// `M(X, l)` its misses in one execution of loop `l`:
///
/// - Between two iterations of loop `l`, X's lines are touched again after about `F(l-1)` other
///   lines, or after a handful if X depends on none of the loops inside `l` (its element is the
///   same all through an iteration). If that fits the cache, X misses once per line it touches
///   in loop `l`; otherwise every iteration misses what it would miss alone: `M(X, l)` is the sum
///   of `M(X, l-1)` over the iterations (exact per iteration: tile edges and misaligned rows).
///
/// That rule is exact for a fully associative LRU cache of its own (a cyclic reuse longer than
/// the cache always misses, a shorter one always hits), except where a working set is within a
/// few lines of the capacity. A level below the first sees only the misses and write-backs of the
/// levels above, so its prediction is given only where it is still exact (see `Prediction`).
package enum AnalyticModel {
    /// Predicted misses per level (nil: no prediction for that level) and, when some level has
    /// none, the one-line reason.
    package struct Prediction: Sendable, Equatable {
        package var misses: [UInt64?]
        package var note: String?
    }

    /// An array's byte stride per step of i, j, p (absent: it does not depend on that index).
    struct Arr {
        var stride: [Character: Int]
        var element: Int
    }

    /// One loop: its index, whether it walks tiles (step `tile`) or the elements inside one.
    struct Loop {
        var index: Character
        var isTile: Bool
    }

    /// Predicted misses per level, or nil where the kernel is not one the model covers.
    package static func predict(_ run: RunSpec, elementSize e: Int, accSize ce: Int, levels: [LevelConfig])
        -> Prediction?
    {
        guard case .gemm(let s, let v) = run.kernel else { return nil }
        func arr(_ layout: StorageLayout, rows: Int, cols: Int, pad: Int, r: Character, c: Character, size: Int) -> Arr?
        {
            switch layout {
            case .rowMajor: return Arr(stride: [r: (cols + pad) * size, c: size], element: size)
            case .colMajor: return Arr(stride: [r: size, c: (rows + pad) * size], element: size)
            case .blocked: return nil
            }
        }
        guard let A = arr(v.layoutA, rows: s.m, cols: s.k, pad: v.padA, r: "i", c: "p", size: e),
            let B = arr(v.layoutB, rows: s.k, cols: s.n, pad: v.padB, r: "p", c: "j", size: e),
            let C = arr(v.layoutC, rows: s.m, cols: s.n, pad: v.padC, r: "i", c: "j", size: ce)
        else { return nil }
        let ext: [Character: Int] = ["i": s.m, "j": s.n, "p": s.k]
        let nest: ModelNest
        switch v.algorithm {
        case .naive(let order):
            nest = ModelNest(arrays: [A, B, C], ext: ext, tile: ext, loops: inner(order))
        case .tiled(let order, let tm, let tn, let tk):
            let tile: [Character: Int] = ["i": min(tm, s.m), "j": min(tn, s.n), "p": min(tk, s.k)]
            nest = ModelNest(
                arrays: [A, B, C], ext: ext, tile: tile,
                loops: inner(order) + inner(order).map { Loop(index: $0.index, isTile: true) })
        default:
            return nil
        }
        return ModelLevels.predict(nest, levels: levels)
    }

    /// The three loops of `order`, innermost first.
    static func inner(_ o: LoopOrder) -> [Loop] {
        o.rawValue.replacingOccurrences(of: "k", with: "p").reversed().map { Loop(index: $0, isTile: false) }
    }
}
