import ResultsSchema
import SafeIO

/// Text for SVG (XML 1.0) content and attribute values: `&<>"'` as entities, and the
/// characters XML 1.0 does not allow (C0 controls but tab and LF, U+FFFE, U+FFFF) and C1
/// controls as U+FFFD, so a chart of any names is well-formed XML.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(u)
            default:
                let forbidden = TerminalText.isControl(u) || u.value == 0xFFFE || u.value == 0xFFFF
                if forbidden { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
