import AccessSink
/// The arrays a kernel touches; each access carries one so misses can be attributed.
public enum Region: RegionTag, CaseIterable, Sendable {
    case a = 1, b, c, packedA, packedB, input, filter, output, im2col

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
        }
    }

    /// Tag -> name for every region, for trace headers and reports.
    public static var names: [RegionTag: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.name) })
    }
}
