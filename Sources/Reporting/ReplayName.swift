import SafeIO

/// The name a replay goes by in its document and in reports (`replay --name`): given, or by
/// default the trace's file name without its extension (`traces/t.din` -> `t`; `.hidden`
/// keeps its name); `stdin` for standard input (`-`).
public enum ReplayName {
    /// The name standard input gets.
    public static let standardInput = "stdin"

    /// The default name of the trace at `path` (as given on the command line or recorded in an
    /// older document that has no `name`).
    public static func `default`(trace path: String) -> String {
        if path == "-" { return standardInput }
        let file = path.split(separator: "/").last.map(String.init) ?? ""
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file.isEmpty ? path : file }
        return String(file[..<dot])
    }

    /// The name a replay of `trace` writes: `given`, or the default; an error naming `--name`
    /// when it cannot name a report row (`SafeName`).
    public static func resolve(given: String?, trace: String) throws -> String {
        if let given {
            if let why = SafeName.problem(given) { throw LayoutLabError("--name: \(why)") }
            return given
        }
        let name = self.default(trace: trace)
        if let why = SafeName.problem(name) {
            throw LayoutLabError("--name: the default name from the trace's file name \(why); give --name NAME")
        }
        return name
    }
}
