/// The loops of a direct convolution: batch, output channel, output row, output column, input
/// channel, filter row, filter column, and, with channel blocks (`nchw8c`, `oihw16i16o`), the
/// output and input channel blocks (`K`, `C`; `k` and `c` are then the lanes within a block).
/// `c`, `r`, `s` and `C` are the reduction loops.
public enum ConvLoop: Int, CaseIterable, Sendable {
    case n, k, y, x, c, r, s, kBlock, cBlock

    /// The letter experiment files use.
    public var letter: Character { Array("nkyxcrsKC")[rawValue] }
    public var isReduction: Bool { self == .c || self == .r || self == .s || self == .cBlock }
    /// What it moves, as the unblocked loop it splits (`K` as k, `C` as c).
    public var kind: ConvLoop {
        switch self {
        case .kBlock: return .k
        case .cBlock: return .c
        default: return self
        }
    }
}

/// A loop order for direct convolution: a permutation of `n k y x c r s`, outermost first, or,
/// for channel-blocked layouts, of `n K k y x C c r s` (case matters: `K` and `C` are the block
/// loops). The output element is loaded before and stored after each execution of the innermost
/// block of reduction loops (`reductionStart` onwards); with no reduction loop innermost every tap
/// is its own block.
public struct ConvLoopNest: Equatable, Sendable, CustomStringConvertible {
    /// Loops outermost first.
    public let loops: [ConvLoop]
    /// Index in `loops` of the first loop of the innermost reduction block (7: no such block).
    public let reductionStart: Int

    /// Parses a permutation such as `nkyxcrs` (any case) or `nKyxCrsck`; nil unless every letter
    /// appears exactly once.
    public init?(_ text: String) {
        guard
            let l = text.count == 9
                ? Permutation.parse(text, letters: Self.blockedLetters, caseSensitive: true)
                : Permutation.parse(text, letters: "nkyxcrs")
        else { return nil }
        loops = l.map { ConvLoop(rawValue: $0)! }
        var start = loops.count
        while start > 0 && loops[start - 1].isReduction { start -= 1 }
        reductionStart = start
    }

    public var description: String { String(loops.map(\.letter)) }

    /// The letters of a nest over channel blocks.
    public static let blockedLetters = "nkyxcrsKC"
    /// Whether the nest names the block loops `K` and `C`.
    public var isBlocked: Bool { loops.count == 9 }

    /// The nine loops the nest runs with channel blocks of `block` (1: none): a nine-letter nest
    /// as written; otherwise `K` just outside `k` and `C` just outside `c` where `block` > 1, and
    /// both outermost (one iteration each) where it is 1.
    public func expanded(block: Int) -> [ConvLoop] {
        if isBlocked { return loops }
        if block == 1 { return [.kBlock, .cBlock] + loops }
        return loops.flatMap { l -> [ConvLoop] in
            l == .k ? [.kBlock, .k] : l == .c ? [.cBlock, .c] : [l]
        }
    }

    /// The default nest for an activation layout: NCHW `nkyxcrs`, NHWC `nkyxrsc` (channels
    /// innermost); with channel blocks (`block` > 1) oneDNN's direct order `nKyxCrsck` (output
    /// lanes innermost).
    public static func natural(for layout: ConvLayout, block: Int = 1) -> ConvLoopNest {
        ConvLoopNest(block > 1 ? "nKyxCrsck" : layout == .nchw ? "nkyxcrs" : "nkyxrsc")!
    }
}

/// A filter layout: a permutation of `k c r s`, slowest-varying dimension first (`kcrs`: k
/// outermost, s unit-stride), or oneDNN's blocked `oihw8i8o` / `oihw16i16o` (output-channel
/// blocks, input-channel blocks, r, s, then a block of b input by b output channels, the output
/// channel unit-stride; channels padded with zeros to whole blocks).
public struct FilterLayout: Equatable, Sendable, CustomStringConvertible {
    /// Dimension indices (0 k, 1 c, 2 r, 3 s), slowest first (blocked: the blocks' order, kcrs).
    public let order: [Int]
    /// Channels per block (1: not blocked).
    public let block: Int

    public init?(_ text: String) {
        switch text.lowercased() {
        case "oihw8i8o": (order, block) = ([0, 1, 2, 3], 8)
        case "oihw16i16o": (order, block) = ([0, 1, 2, 3], 16)
        default:
            guard let o = Permutation.parse(text, letters: "kcrs") else { return nil }
            (order, block) = (o, 1)
        }
    }

    public var description: String {
        block > 1 ? "oihw\(block)i\(block)o" : String(order.map { Array("kcrs")[$0] })
    }

    /// The default for an activation layout: NCHW `kcrs`, NHWC `krsc` (channels unit-stride);
    /// with channel blocks of 8 or 16, `oihw8i8o` or `oihw16i16o`.
    public static func natural(for layout: ConvLayout, block: Int = 1) -> FilterLayout {
        FilterLayout(block > 1 ? "oihw\(block)i\(block)o" : layout == .nchw ? "kcrs" : "krsc")!
    }

    /// Element strides of the lanes of k and c and of r and s (blocked), and of the k and c blocks
    /// (`kb`, `cb`): for a layout that is not blocked, `loopBlock` times the plain strides.
    public func blockStrides(k: Int, c: Int, r: Int, s: Int, loopBlock: Int) -> ConvFilterStrides {
        guard block > 1 else {
            let p = strides(k: k, c: c, r: r, s: s)
            return ConvFilterStrides(
                k: p.k, c: p.c, r: p.r, s: p.s, kb: loopBlock * p.k, cb: loopBlock * p.c, count: k * c * r * s)
        }
        let b = block, cBlocks = (c + b - 1) / b, kBlocks = (k + b - 1) / b
        let cb = r * s * b * b
        return ConvFilterStrides(
            k: 1, c: b, r: s * b * b, s: b * b, kb: cBlocks * cb, cb: cb, count: kBlocks * cBlocks * cb)
    }

    /// Element strides of k, c, r and s for these extents (a layout that is not blocked).
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

/// A filter's element strides: lanes of k and c (the channels themselves where not blocked), r,
/// s, the k and c blocks, and the elements the array holds (padding included).
public struct ConvFilterStrides: Equatable, Sendable {
    public let k: Int, c: Int, r: Int, s: Int, kb: Int, cb: Int, count: Int
}

/// Permutations of a set of letters, written as a word.
public enum Permutation {
    /// The index of each letter of `text` in `letters`, or nil unless `text` uses each letter once
    /// (any case, unless `caseSensitive`).
    public static func parse(_ text: String, letters: String, caseSensitive: Bool = false) -> [Int]? {
        let alphabet = Array(letters), word = Array(caseSensitive ? text : text.lowercased())
        guard word.count == alphabet.count else { return nil }
        let idx = word.compactMap { alphabet.firstIndex(of: $0) }
        guard idx.count == alphabet.count, Set(idx).count == alphabet.count else { return nil }
        return idx
    }

    /// Why `text` is not a permutation of `letters` (unknown, repeated or missing letters).
    public static func problem(_ text: String, letters: String, caseSensitive: Bool = false) -> String {
        let alphabet = Array(letters), word = Array(caseSensitive ? text : text.lowercased())
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
