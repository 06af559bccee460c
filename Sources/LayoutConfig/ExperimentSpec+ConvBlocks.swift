import Engine

extension ExperimentSpec {
    /// The activation layout a conv variant names (`layout`, by default nchw) and its channels per
    /// block: `nchw8c` and `nchw16c` (oneDNN's nChw8c and nChw16c, any case) are NCHW with blocks.
    static func convLayout(_ values: [String: String], _ fail: (String, String) -> ConfigError) throws
        -> (ConvLayout, Int)
    {
        let name = values["layout"] ?? "nchw"
        switch name.lowercased() {
        case "nchw8c": return (.nchw, 8)
        case "nchw16c": return (.nchw, 16)
        case let s:
            guard let l = ConvLayout(rawValue: s) else {
                throw fail("layout", "`\(name)` is not one of nchw | nhwc | nchw8c | nchw16c")
            }
            return (l, 1)
        }
    }

    /// Refuses, naming the field, what channel blocks cannot do: a blocked layout or filter outside
    /// direct convolution (Winograd takes plain filters only), a nine-letter nest without blocks,
    /// activations and filter blocked by different sizes, groups other than depthwise with a plain
    /// filter, and channels that do not fill whole blocks of an array that is not blocked (it has
    /// no padding lanes to read).
    static func checkBlocks(
        _ cs: ConvShape, _ v: ConvVariant, _ fail: (String, String) -> ConfigError
    ) throws {
        let direct: Bool
        if case .direct(let nest) = v.algorithm {
            direct = true
            if nest.isBlocked && v.loopBlock == 1 {
                throw fail(
                    "loops",
                    "the block loops `K` and `C` need channel blocks: layout nchw8c or nchw16c, or filter oihw8i8o or "
                        + "oihw16i16o")
            }
        } else {
            direct = false
        }
        if v.block > 1 && !direct {
            throw fail("layout", "\(v.layoutName) (channel blocks) is read by direct convolution only")
        }
        if v.filter.block > 1 && !direct {
            throw fail("filter", "\(v.filter) (channel blocks) is read by direct convolution only")
        }
        guard v.loopBlock > 1 else { return }
        if v.block > 1 && v.filter.block > 1 && v.block != v.filter.block {
            throw fail("filter", "\(v.filter) blocks \(v.filter.block) channels, the layout \(v.layoutName) \(v.block)")
        }
        if cs.groups != 1 && !(cs.groups == cs.c && cs.groups == cs.k && v.filter.block == 1) {
            throw fail(
                "groups",
                "channel blocks take groups 1, or depthwise (groups = c = k) with a filter without blocks; got "
                    + "groups \(cs.groups)")
        }
        let b = v.loopBlock
        if (v.block == 1 || v.filter.block == 1) && (cs.c % b != 0 || cs.k % b != 0) {
            let plain = v.block == 1 ? "layout" : "filter"
            throw fail(
                plain,
                "with blocks of \(b) channels and a \(plain) without them, c = \(cs.c) and k = \(cs.k) must be "
                    + "multiples of \(b)")
        }
    }
}
