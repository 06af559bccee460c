/// The minimal-filtering algorithms F(m x m, 3 x 3) of Lavin and Gray ("Fast Algorithms for
/// Convolutional Neural Networks", 2016): an m x m output tile from an α x α input tile
/// (α = m + 2) with α² multiplications instead of 9·m². Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A.
public enum WinogradTile: Int, Equatable, Sendable, CaseIterable {
    /// F(2x2, 3x3): α = 4, 16 products for 36 multiply-adds.
    case f2 = 2
    /// F(4x4, 3x3): α = 6, 36 products for 144 multiply-adds.
    case f4 = 4

    /// Output tile side.
    public var m: Int { rawValue }
    /// Input tile side, m + r - 1.
    public var alpha: Int { rawValue + 2 }

    /// Bᵀ (α x α), row-major: the input transform's left factor.
    public var bt: [Double] {
        switch self {
        case .f2: return [1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, 1, 0, -1]
        case .f4:
            return [
                4, 0, -5, 0, 1, 0, 0, -4, -4, 1, 1, 0, 0, 4, -4, -1, 1, 0,
                0, -2, -1, 2, 1, 0, 0, 2, -1, -2, 1, 0, 0, 4, 0, -5, 0, 1,
            ]
        }
    }

    /// G (α x 3), row-major: the filter transform's left factor.
    public var g: [Double] {
        switch self {
        case .f2: return [1, 0, 0, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0, 0, 1]
        case .f4:
            return [
                1.0 / 4, 0, 0, -1.0 / 6, -1.0 / 6, -1.0 / 6, -1.0 / 6, 1.0 / 6, -1.0 / 6,
                1.0 / 24, 1.0 / 12, 1.0 / 6, 1.0 / 24, -1.0 / 12, 1.0 / 6, 0, 0, 1,
            ]
        }
    }

    /// Aᵀ (m x α), row-major: the output transform's left factor.
    public var at: [Double] {
        switch self {
        case .f2: return [1, 1, 1, 0, 0, 1, -1, -1]
        case .f4:
            return [1, 1, 1, 1, 1, 0, 0, 1, -1, 2, -2, 0, 0, 1, 1, 4, 4, 0, 0, 1, -1, 8, -8, 1]
        }
    }

    /// out (p x p) = L x Lᵀ for L (p x q) and x (q x q), all row-major; `t` holds p·q scratch.
    @inlinable
    static func sandwich(
        _ l: UnsafePointer<Double>, _ p: Int, _ q: Int, _ x: UnsafePointer<Double>, _ t: UnsafeMutablePointer<Double>,
        _ out: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<p {
            for j in 0..<q {
                var s = 0.0
                for a in 0..<q { s += l[i * q + a] * x[a * q + j] }
                t[i * q + j] = s
            }
        }
        for i in 0..<p {
            for j in 0..<p {
                var s = 0.0
                for b in 0..<q { s += t[i * q + b] * l[j * q + b] }
                out[i * p + j] = s
            }
        }
    }
}
