import AccessSink
/// The arrays a kernel touches; each access carries one so misses can be attributed.
public enum Region: RegionTag, CaseIterable, Sendable {
    case a = 1, b, c, packedA, packedB, input, filter, output, im2col
    /// Strassen's temporaries: sums of A's quadrants, of B's quadrants, and the products.
    case strassenS, strassenT, strassenM
    /// Indirect convolution's buffer of input-row pointers, and the zero row padding taps read.
    case indirection, zero
    /// Winograd convolution's transformed filter (U), transformed input tiles (V) and their
    /// element-wise products, summed over channels (M).
    case winogradU, winogradV, winogradM

    /// The name reports and JSON use.
    public var name: String {
        switch self {
        case .a: return "A"
        case .b: return "B"
        case .c: return "C"
        case .packedA: return "packedA"
        case .packedB: return "packedB"
        case .input: return "input"
        case .filter: return "filter"
        case .output: return "output"
        case .im2col: return "im2col"
        case .strassenS: return "S"
        case .strassenT: return "T"
        case .strassenM: return "M"
        case .indirection: return "indirection"
        case .zero: return "zero"
        case .winogradU: return "winogradU"
        case .winogradV: return "winogradV"
        case .winogradM: return "winogradM"
        }
    }

    /// Tag -> name for every region, for trace headers and reports.
    public static var names: [RegionTag: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.name) })
    }
}
