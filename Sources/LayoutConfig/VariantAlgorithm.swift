/// Each algorithm a variant can name, with the keys it takes: a key another algorithm takes
/// (`tile` on a naive variant, `mc` on a tiled one) is refused where it is written instead of
/// being silently ignored. Sweep axes that set such keys change only the variants whose
/// algorithm takes them.
public enum VariantAlgorithm: String, CaseIterable, Sendable {
    case naive, tiled, regblock, qnnpack, blis, strassen
    case direct, im2col, gemm1x1, indirect, winograd

    /// The algorithm `name` spells (case-insensitive, with the accepted aliases), or nil.
    public static func named(_ name: String, kernel: ExperimentSpec.Kernel) -> VariantAlgorithm? {
        let word = name.lowercased()
        let found: VariantAlgorithm?
        switch word {
        case "register-blocked", "blocked": found = .regblock
        case "1x1": found = .gemm1x1
        default: found = VariantAlgorithm(rawValue: word)
        }
        guard let found, found.kernel == kernel else { return nil }
        return found
    }

    /// The algorithm a variant runs when it names none.
    public static func standard(for kernel: ExperimentSpec.Kernel) -> VariantAlgorithm {
        kernel == .gemm ? .naive : .direct
    }

    public var kernel: ExperimentSpec.Kernel {
        switch self {
        case .naive, .tiled, .regblock, .qnnpack, .blis, .strassen: return .gemm
        case .direct, .im2col, .gemm1x1, .indirect, .winograd: return .conv
        }
    }

    /// Keys every variant of the kernel takes: its name, the algorithm and the data layout.
    static func commonKeys(_ kernel: ExperimentSpec.Kernel) -> [String] {
        switch kernel {
        case .gemm:
            return [
                "name", "algorithm", "layout", "layoutA", "layoutB", "layoutC", "block", "pad", "padA", "padB", "padC",
            ]
        case .conv: return ["name", "algorithm", "layout", "loops", "filter"]
        }
    }

    /// The keys of this algorithm beyond the common ones (`tile.m` and friends are `tile`).
    public var ownKeys: [String] {
        switch self {
        case .naive: return ["loops", "promote", "vector"]
        case .tiled: return ["loops", "tile", "promote", "vector"]
        case .regblock: return ["mr", "nr", "kc", "kinner", "vector"]
        case .qnnpack: return ["mr", "nr", "vector"]
        case .blis: return ["mr", "nr", "kc", "mc", "nc", "vector"]
        case .strassen: return ["levels", "cutoff", "base"]
        case .direct: return ["promote", "vector"]
        case .im2col, .gemm1x1: return ["gemm"]
        case .indirect: return ["mr", "nr"]
        case .winograd: return ["tile", "filterTransform", "gemm"]
        }
    }

    /// Whether a variant of this algorithm takes `key` (a variant key or a swept one).
    public func takes(_ key: String) -> Bool {
        let base = key.hasPrefix("tile.") ? "tile" : key
        return Self.commonKeys(kernel).contains(base) || ownKeys.contains(base)
    }

    /// Why `key` cannot be written on a variant of this algorithm, naming those that take it.
    public func refusal(of key: String) -> String {
        let takers = Self.allCases.filter { $0.kernel == kernel && $0.ownKeys.contains(key) }.map(\.rawValue)
        return "`\(key)` does not apply to algorithm \(rawValue)"
            + (takers.isEmpty ? "" : "; algorithms that take it: " + takers.joined(separator: ", "))
    }
}
