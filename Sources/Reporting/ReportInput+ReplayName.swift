import SafeIO

extension ReportInput {
    /// A replay document's `name` (`replay --name`): a string that can name a report row
    /// (`SafeName`); a document without it (written before `--name`) is named after `trace` as
    /// `replay` names it by default (`ReplayName.default`).
    static func replayName(_ j: JSON, _ d: FieldReader, trace: String) throws -> String {
        guard let n = j["name"], n != .null else { return ReplayName.default(trace: trace) }
        let name = try d.string(n, "name")
        if let why = SafeName.problem(name) { throw d.fail("name", "replay name \(why)") }
        return name
    }
}
