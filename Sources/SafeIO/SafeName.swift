/// Names that become parts of file names (the experiment's NAME.json, NAME.md and
/// NAME.partial.jsonl under `--out`, level names in chart file names) must stay inside the
/// output folder and print cleanly: no `/`, not `.` or `..`, no control characters, not empty.
package enum SafeName {
    /// Why `name` cannot name a file, or nil when it can.
    package static func problem(_ name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        if name == "." || name == ".." { return "`\(name)` cannot name a file" }
        if name.contains("/") {
            return "`\(TerminalText.escape(name))` contains `/`; names become file names and must not name folders"
        }
        if name.unicodeScalars.contains(where: TerminalText.isControl) {
            return "`\(TerminalText.escape(name))` contains control characters"
        }
        if name.utf8.count > 200 { return "is \(name.utf8.count) bytes long; at most 200 (it becomes a file name)" }
        return nil
    }
}
