import Engine

extension ExperimentSpec {
    /// A Winograd variant's algorithm (`tile: 2 | 4`, `filterTransform: counted | precomputed`,
    /// `gemm:` as for im2col, by default the naive ikj loop), an upper bound of its GEMMs'
    /// accesses, and the GEMMs' access model. Refused, naming the field, where F(m x m, 3 x 3)
    /// does not apply: a filter other than 3x3, stride, dilation, groups, int8.
    func winograd(
        _ cs: ConvShape, _ layout: ConvLayout, _ vv: VariantValues, _ fail: @escaping (String, String) -> ConfigError
    ) throws -> ((ConvAlgorithm, Double), AccessModel) {
        let values = vv.values
        let why: String? =
            cs.r != 3 || cs.s != 3
            ? "winograd computes F(m x m, 3 x 3): the filter must be 3x3, got \(cs.r)x\(cs.s)"
            : cs.stride != 1
                ? "winograd's tiles overlap by the filter at stride 1 only, got stride \(cs.stride)"
                : cs.dilation != 1
                    ? "winograd takes dilation 1, got \(cs.dilation)"
                    : cs.groups != 1
                        ? "winograd takes groups 1, got \(cs.groups)"
                        : element == .i8 ? "winograd's transforms have fractions (1/2, 1/6, 1/24); use f32 or f64" : nil
        if let why { throw fail("algorithm", why) }
        if values["loops"] != nil {
            throw fail("loops", "winograd has its own loops (tiles, channels); its GEMMs take `gemm:`")
        }
        let t = try vv.int("tile", 2, max: 4)
        guard let tile = WinogradTile(rawValue: t) else {
            throw fail("tile", "must be 2 (F(2x2, 3x3)) or 4 (F(4x4, 3x3)), got \(t)")
        }
        let precomputed: Bool
        switch (values["filterTransform"] ?? "counted").lowercased() {
        case "counted": precomputed = false
        case "precomputed": precomputed = true
        case let s: throw fail("filterTransform", "`\(s)` is not one of counted | precomputed")
        }
        let written = values.keys.contains { $0.hasPrefix("gemm.") }
        let key: (String) -> String = written ? { "gemm." + $0 } : { $0 }
        let gv = VariantValues(values: written ? values : ["loops": "ikj"], fail: fail)
        let (g, est) = try gv.gemm(key, ConvWorkload<Float>.winogradGemmShape(cs, tile, layout))
        let model = try Self.accessModel(values, fail: fail, key: { "gemm." + $0 })
        return ((.winograd(tile, g, precomputedFilter: precomputed), est * Double(tile.alpha * tile.alpha)), model)
    }
}
