import CacheSim
import Engine
import LayoutConfig

/// Misses predicted from working-set and reuse reasoning, without simulating, for naive and
/// tiled GEMM on strided (row/column-major, padded) operands. Per cache of capacity `cap` and
/// line `L`, for the loop nest (outer z, middle y, inner x) and each array X:
///
/// - `l1(X)`: lines X touches in one run of the inner loop; `W1` = sum over arrays, in bytes.
/// - `l2(X)`: lines X touches in one run of the middle loop; `W2` likewise.
/// - If `W2 <= cap`, X's lines survive between outer iterations: X misses once per line (its footprint).
/// - An X that does not depend on x is touched on every inner iteration, so it stays recently
///   used: it misses only when y (or z, if X ignores y) moves it to a new line.
/// - Else per outer iteration: if X does not depend on y, its inner lines are reused across the
///   middle loop when `W1 <= cap` (`l1(X)` misses), else reloaded every middle iteration
///   (`l1(X) * ext(y)`). If X depends on y with a stride under a line, consecutive middle
///   iterations share lines when `W1 <= cap` (`l2(X)` misses); otherwise every middle iteration
///   misses `l1(X)` lines.
///
/// It is a capacity model: fully associative, no conflicts, so a simulated count above it points
/// at conflict misses (power-of-two strides). Tiled GEMM applies it per tile and lets the tile
/// that does not depend on the innermost tile loop stay resident.
public enum AnalyticModel {
    struct Arr {
        var stride: [Character: Int]  // bytes per step of i, j, p (absent: independent)
    }

    /// Predicted misses per level, or nil where the model does not apply.
    public static func predict(_ run: RunSpec, elementSize e: Int, accSize ce: Int, levels: [LevelConfig]) -> [UInt64]? {
        guard case .gemm(let s, let v) = run.kernel else { return nil }
        func strides(_ layout: StorageLayout, rows: Int, cols: Int, pad: Int, r: Character, c: Character, size: Int) -> Arr? {
            switch layout {
            case .rowMajor: return Arr(stride: [r: (cols + pad) * size, c: size])
            case .colMajor: return Arr(stride: [r: size, c: (rows + pad) * size])
            case .blocked: return nil
            }
        }
        guard let A = strides(v.layoutA, rows: s.m, cols: s.k, pad: v.padA, r: "i", c: "p", size: e),
              let B = strides(v.layoutB, rows: s.k, cols: s.n, pad: v.padB, r: "p", c: "j", size: e),
              let C = strides(v.layoutC, rows: s.m, cols: s.n, pad: v.padC, r: "i", c: "j", size: ce) else { return nil }
        let ext: [Character: Int] = ["i": s.m, "j": s.n, "p": s.k]
        switch v.algorithm {
        case .naive(let order):
            return levels.map { UInt64(nest([A, B, C], order: order, ext: ext, cap: $0.size, line: $0.line)) }
        case .tiled(let order, let tm, let tn, let tk):
            let tile: [Character: Int] = ["i": tm, "j": tn, "p": tk]
            let counts: [Character: Int] = ["i": (s.m + tm - 1) / tm, "j": (s.n + tn - 1) / tn, "p": (s.k + tk - 1) / tk]
            let visits = counts.values.reduce(1, *)
            let inner = loopChars(order).x
            return levels.map { lv in
                let ws = [A, B, C].reduce(0) { $0 + lines($1, ["i", "j", "p"], tile, lv.line) } * lv.line
                if ws > lv.size {
                    // Tiles do not fit: every tile costs what the naive nest on it costs.
                    return UInt64(nest([A, B, C], order: order, ext: tile, cap: lv.size, line: lv.line) * visits)
                }
                // Tiles fit: each visit loads the tiles that changed; the one independent of the
                // innermost tile index stays from the previous visit.
                return UInt64([A, B, C].reduce(0) { acc, X in
                    let l = lines(X, ["i", "j", "p"], tile, lv.line)
                    return acc + (X.stride[inner] != nil ? l * visits : l * visits / counts[inner]!)
                })
            }
        default:
            return nil
        }
    }

    static func loopChars(_ o: LoopOrder) -> (z: Character, y: Character, x: Character) {
        let c = Array(o.rawValue.replacingOccurrences(of: "k", with: "p"))
        return (c[0], c[1], c[2])
    }

    /// Lines X touches when the indices in `idx` run over `ext` (the others fixed).
    static func lines(_ X: Arr, _ idx: [Character], _ ext: [Character: Int], _ L: Int) -> Int {
        let dims = idx.compactMap { i in X.stride[i].map { (s: $0, n: ext[i]!) } }.sorted { $0.s < $1.s }
        switch dims.count {
        case 0: return 1
        case 1: return dims[0].s >= L ? dims[0].n : (dims[0].n * dims[0].s + L - 1) / L
        default:
            let a = dims[0], b = dims[1]
            let perRow = a.s >= L ? a.n : (a.n * a.s + L - 1) / L
            let span = ((b.n - 1) * b.s + a.n * a.s + L - 1) / L
            return min(perRow * b.n, span)
        }
    }

    static func nest(_ arrays: [Arr], order: LoopOrder, ext: [Character: Int], cap: Int, line L: Int) -> Int {
        let (z, y, x) = loopChars(order)
        let l1 = arrays.map { lines($0, [x], ext, L) }
        let l2 = arrays.map { lines($0, [x, y], ext, L) }
        let w1 = l1.reduce(0, +) * L, w2 = l2.reduce(0, +) * L
        var total = 0
        for (k, X) in arrays.enumerated() {
            if w2 <= cap { total += lines(X, ["i", "j", "p"], ext, L); continue }
            if X.stride[x] == nil {
                // Touched on every inner iteration, so its line is always recently used: it misses
                // only when the middle (or, if independent of y, the outer) index moves to a new line.
                if let sy = X.stride[y] {
                    total += (sy < L ? lines(X, [y], ext, L) : ext[y]!) * ext[z]!
                } else {
                    total += lines(X, [z], ext, L)
                }
                continue
            }
            let perOuter: Int
            if let sy = X.stride[y] {
                perOuter = (sy < L && w1 <= cap) ? l2[k] : l1[k] * ext[y]!
            } else {
                perOuter = w1 <= cap ? l1[k] : l1[k] * ext[y]!
            }
            total += perOuter * ext[z]!
        }
        return total
    }
}
