/// A GEMM loop nest as the analytical model sees it: three arrays, the problem extents, the tile
/// edges (the extents for a naive nest) and the loops, innermost first. `misses` applies the
/// reuse rule of `AnalyticModel` for one fully associative LRU cache.
struct ModelNest {
    var arrays: [AnalyticModel.Arr]
    var ext: [Character: Int]
    var tile: [Character: Int]
    var loops: [AnalyticModel.Loop]

    /// The fixed outer indices: per index, the tile base and the element inside the tile.
    struct State {
        var base: [Character: Int] = ["i": 0, "j": 0, "p": 0]
        var offset: [Character: Int] = ["i": 0, "j": 0, "p": 0]
    }

    /// Lines the whole nest touches.
    func footprint(line: Int) -> Int { arrays.reduce(0) { $0 + lines($1, varying: loops.count, State(), line: line) } }

    /// The first index whose tiles leave a partial tile at the edge, if any.
    var edge: Character? {
        guard loops.contains(where: \.isTile) else { return nil }
        return ["i", "j", "p"].first { tile[$0]! < ext[$0]! && ext[$0]! % tile[$0]! != 0 }
    }

    /// Misses of a cache of `cap` lines of `line` bytes over the whole nest, or nil with the
    /// working set (in lines) too close to the capacity for the rule to be exact: one the rule
    /// consults (the sets of the inner loops, outermost first, down to the first that fits) lying
    /// between half and twice the capacity. When the whole nest fits, every line misses once.
    func misses(cap: Int, line: Int) -> (misses: Int?, near: Int?) {
        let start = State()
        let f = (0...loops.count).map { l in arrays.reduce(0) { $0 + lines($1, varying: l, start, line: line) } }
        if f[loops.count] > cap {
            for w in f.dropLast().reversed() {
                if 2 * w > cap && w <= 2 * cap { return (nil, w) }
                if w <= cap { break }
            }
        }
        return (arrays.reduce(0) { $0 + misses($1, varying: loops.count, start, cap: cap, line: line, f: f) }, nil)
    }

    /// Misses of X in one execution of the `l` innermost loops, the others fixed by `s`; `f[l]`
    /// are the lines one execution of them touches (at the first iterations).
    func misses(_ X: AnalyticModel.Arr, varying l: Int, _ s: State, cap: Int, line: Int, f: [Int]) -> Int {
        if l == 0 { return 1 }
        let loop = loops[l - 1]
        let dependsInside = loops[0..<(l - 1)].contains { X.stride[$0.index] != nil }
        // Lines touched between two uses of one of X's lines in consecutive iterations of loop l.
        let distance = dependsInside ? f[l - 1] : arrays.count
        if distance <= cap { return lines(X, varying: l, s, line: line) }
        let values = iterations(loop, s)
        if X.stride[loop.index] == nil {
            return values.count * misses(X, varying: l - 1, s, cap: cap, line: line, f: f)
        }
        return values.reduce(0) { acc, v in
            var t = s
            if loop.isTile { t.base[loop.index] = v } else { t.offset[loop.index] = v }
            return acc + misses(X, varying: l - 1, t, cap: cap, line: line, f: f)
        }
    }

    /// The values a loop's index takes: tile bases, or offsets inside the current tile.
    func iterations(_ loop: AnalyticModel.Loop, _ s: State) -> [Int] {
        let c = loop.index, n = ext[c]!, t = tile[c]!
        return loop.isTile ? Array(stride(from: 0, to: n, by: t)) : Array(0..<(min(s.base[c]! + t, n) - s.base[c]!))
    }

    /// The element range index `c` covers when the `l` innermost loops run.
    func range(_ c: Character, varying l: Int, _ s: State) -> Range<Int> {
        let inner = loops[0..<l]
        if inner.contains(where: { $0.index == c && $0.isTile }) { return 0..<ext[c]! }
        let b = s.base[c]!
        if inner.contains(where: { $0.index == c }) { return b..<min(b + tile[c]!, ext[c]!) }
        return (b + s.offset[c]!)..<(b + s.offset[c]! + 1)
    }

    /// Distinct lines X touches when the `l` innermost loops run: per row of its larger-stride
    /// index, the span of the smaller-stride one, merged where consecutive rows share a line.
    func lines(_ X: AnalyticModel.Arr, varying l: Int, _ s: State, line L: Int) -> Int {
        let dims = X.stride.sorted { $0.value < $1.value }.map { (stride: $0.value, r: range($0.key, varying: l, s)) }
        let (a, b) = (dims[0], dims[1])
        var count = 0, last = -1
        for r in b.r {
            let first = (r * b.stride + a.r.lowerBound * a.stride) / L
            let end = (r * b.stride + (a.r.upperBound - 1) * a.stride + X.element - 1) / L
            if a.stride == X.element || a.r.count == 1 {
                if end > last {
                    count += end - max(first, last + 1) + 1
                    last = end
                }
            } else {
                for x in a.r {
                    let ln = (r * b.stride + x * a.stride) / L
                    if ln > last {
                        count += 1
                        last = ln
                    }
                }
            }
        }
        return count
    }
}
