/// Text from files (names, paths) made safe to print: control characters (ANSI escapes, CR,
/// NUL, ...) are shown as `\u{1B}`-style escapes instead of acting on the terminal.
package enum TerminalText {
    /// C0 controls, DEL and C1 controls; tab is kept.
    package static func isControl(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u.value != 9) || (u.value >= 0x7F && u.value < 0xA0)
    }

    package static func escape(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isControl(u) {
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
