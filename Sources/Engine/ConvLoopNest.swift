/// The seven loops of a direct convolution: batch, output channel, output row, output column,
/// input channel, filter row, filter column. `c`, `r` and `s` are the reduction loops.
public enum ConvLoop: Int, CaseIterable, Sendable {
    case n, k, y, x, c, r, s

    /// The letter experiment files use.
    public var letter: Character { Array("nkyxcrs")[rawValue] }
    public var isReduction: Bool { self == .c || self == .r || self == .s }
}

/// A loop order for direct convolution: a permutation of `n k y x c r s`, outermost first.
/// The output element is loaded before and stored after each execution of the innermost block of
/// reduction loops (`reductionStart` onwards); with no reduction loop innermost every tap is its
/// own block.
public struct ConvLoopNest: Equatable, Sendable, CustomStringConvertible {
    /// Loops outermost first.
    public let loops: [ConvLoop]
    /// Index in `loops` of the first loop of the innermost reduction block (7: no such block).
    public let reductionStart: Int

    /// Parses a permutation such as `nkyxcrs`; nil unless every letter appears exactly once.
    public init?(_ text: String) {
        guard let l = Permutation.parse(text, letters: "nkyxcrs") else { return nil }
        loops = l.map { ConvLoop(rawValue: $0)! }
        var start = loops.count
        while start > 0 && loops[start - 1].isReduction { start -= 1 }
        reductionStart = start
    }

    public var description: String { String(loops.map(\.letter)) }

    /// The default nest for an activation layout: NCHW `nkyxcrs`, NHWC `nkyxrsc` (channels innermost).
    public static func natural(for layout: ConvLayout) -> ConvLoopNest {
        ConvLoopNest(layout == .nchw ? "nkyxcrs" : "nkyxrsc")!
    }
}

/// A filter layout: a permutation of `k c r s`, slowest-varying dimension first (`kcrs`: k
/// outermost, s unit-stride).
public struct FilterLayout: Equatable, Sendable, CustomStringConvertible {
    /// Dimension indices (0 k, 1 c, 2 r, 3 s), slowest first.
    public let order: [Int]

    public init?(_ text: String) {
        guard let o = Permutation.parse(text, letters: "kcrs") else { return nil }
        order = o
    }

    public var description: String { String(order.map { Array("kcrs")[$0] }) }

    /// The default for an activation layout: NCHW `kcrs`, NHWC `krsc` (channels unit-stride).
    public static func natural(for layout: ConvLayout) -> FilterLayout {
        FilterLayout(layout == .nchw ? "kcrs" : "krsc")!
    }

    /// Element strides of k, c, r and s for these extents.
    public func strides(k: Int, c: Int, r: Int, s: Int) -> (k: Int, c: Int, r: Int, s: Int) {
        let ext = [k, c, r, s]
        var st = [0, 0, 0, 0], run = 1
        for d in order.reversed() {
            st[d] = run
            run *= ext[d]
        }
        return (st[0], st[1], st[2], st[3])
    }
}

/// Permutations of a set of letters, written as a word.
public enum Permutation {
    /// The index of each letter of `text` in `letters`, or nil unless `text` uses each letter once.
    public static func parse(_ text: String, letters: String) -> [Int]? {
        let alphabet = Array(letters), word = Array(text.lowercased())
        guard word.count == alphabet.count else { return nil }
        let idx = word.compactMap { alphabet.firstIndex(of: $0) }
        guard idx.count == alphabet.count, Set(idx).count == alphabet.count else { return nil }
        return idx
    }

    /// Why `text` is not a permutation of `letters` (unknown, repeated or missing letters).
    public static func problem(_ text: String, letters: String) -> String {
        let alphabet = Array(letters), word = Array(text.lowercased())
        let unknown = word.filter { !alphabet.contains($0) }
        var seen: Set<Character> = [], repeated: [Character] = []
        for ch in word where alphabet.contains(ch) {
            if !seen.insert(ch).inserted, !repeated.contains(ch) { repeated.append(ch) }
        }
        let missing = alphabet.filter { !word.contains($0) }
        var why: [String] = []
        if !unknown.isEmpty {
            why.append("unknown letter(s) \(String(unknown).map { "`\($0)`" }.joined(separator: ", "))")
        }
        if !repeated.isEmpty { why.append("repeated \(repeated.map { "`\($0)`" }.joined(separator: ", "))") }
        if !missing.isEmpty { why.append("missing \(missing.map { "`\($0)`" }.joined(separator: ", "))") }
        return "`\(text)` is not a permutation of the letters \(letters.map(String.init).joined(separator: " "))"
            + (why.isEmpty ? "" : " (" + why.joined(separator: "; ") + ")")
    }
}
