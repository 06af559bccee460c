import ResultsSchema
import SafeIO

/// User strings (names, descriptions, notes, file names, claim texts) made safe for the
/// markdown report: they render as the text they are, on one line, never as HTML, a link, an
/// image, emphasis, a heading or a table column. Every site that puts such a string into the
/// report goes through these functions; the report's only links are its own charts (`image`).
public enum MarkdownText {
    /// Characters escaped with a backslash: those that start HTML, links, emphasis, code,
    /// strikethrough and table cells. (CommonMark renders `\X` as X for any ASCII punctuation.)
    static let escaped: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "|", "~"]
    /// Text inside a paragraph, heading, list item or table cell. `<`, `>` and `&` become
    /// entities (no HTML tag, autolink or entity of the input survives), markdown punctuation is
    /// backslash-escaped (a leading list or heading marker too), line breaks become spaces and
    /// control characters U+FFFD.
    public static func inline(_ s: String) -> String {
        var out = ""
        let text = oneLine(s)
        let marker = listMarker(text)
        for (i, u) in text.unicodeScalars.enumerated() {
            if i == marker { out += "\\" }
            switch u {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default:
                if escaped.contains(u) { out += "\\" }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Where the text starts like a heading (`# `), a bullet (`- `, `+ `) or an ordered list item
    /// (`1. `, `1) `), the position of the character to escape, so that a string that lands at
    /// the start of a line (a list item's text) stays text; else nil.
    static func listMarker(_ s: String) -> Int? {
        let u = Array(s.unicodeScalars.prefix(12))
        func spaceAt(_ i: Int) -> Bool { i < u.count && u[i] == " " }
        guard let first = u.first else { return nil }
        if first == "-" || first == "+" { return spaceAt(1) ? 0 : nil }
        if first == "#" {
            let n = u.prefix { $0 == "#" }.count
            return n <= 6 && spaceAt(n) ? 0 : nil
        }
        let digits = u.prefix { $0.value >= 0x30 && $0.value <= 0x39 }.count
        let ordered = digits < u.count && (u[digits] == "." || u[digits] == ")")
        if digits > 0 && digits <= 9 && ordered && spaceAt(digits + 1) { return digits }
        return nil
    }

    /// `s` as an inline code span: delimited by a backtick run longer than any inside it (so it
    /// cannot close early), padded with a space where it starts or ends with a backtick. In a
    /// table (`inTable`) `|` is written `\|`, which GFM reads as `|` inside the cell's code.
    /// Text holding `<`, `>` or `&` is written `<code>inline(s)</code>` instead, so that none of
    /// those characters reaches the file raw (a code span would keep them literally).
    public static func code(_ s: String, inTable: Bool = false) -> String {
        if s.unicodeScalars.contains(where: { $0 == "<" || $0 == ">" || $0 == "&" }) {
            return "<code>" + inline(s) + "</code>"
        }
        var text = oneLine(s)
        if inTable { text = text.replacingOccurrences(of: "|", with: "\\|") }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: text) + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// A fenced code block holding `text` verbatim (line breaks kept): its fence is longer than
    /// any backtick run inside, so no line of `text` can close it. CR and other control
    /// characters (which would end a line, or act on a terminal showing the file) become U+FFFD.
    public static func codeBlock(_ text: String, info: String = "") -> String {
        var body = ""
        for u in text.unicodeScalars {
            let kept = u == "\n" || u == "\t" || !TerminalText.isControl(u)
            if kept { body.unicodeScalars.append(u) } else { body += "\u{FFFD}" }
        }
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: body) + 1))
        return fence + info + "\n" + body + "\n" + fence + "\n"
    }

    /// An image of one of the report's own files: alt text escaped, the target percent-encoded
    /// (every byte but ASCII letters, digits and `-._~`), so names with spaces, parentheses or
    /// anything else make a link CommonMark renders, to that file and nowhere else.
    public static func image(alt: String, file: String) -> String {
        "![\(inline(alt))](\(percentEncoded(file)))"
    }

    /// `s` with every UTF-8 byte outside the unreserved set (RFC 3986) written `%XX`.
    public static func percentEncoded(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Unicode.Scalar(b)
            if ShellQuote.isAlphanumeric(c) || "-._~".unicodeScalars.contains(c) {
                out.unicodeScalars.append(c)
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// Line breaks (LF, CR, CRLF, tab) as spaces, other control characters as U+FFFD.
    static func oneLine(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u == "\n" || u == "\r" || u == "\t" {
                out += " "
            } else if TerminalText.isControl(u) {
                out += "\u{FFFD}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// The length of the longest run of `c` in `s`.
    static func longestRun(of c: Character, in s: String) -> Int {
        var best = 0, run = 0
        for ch in s {
            run = ch == c ? run + 1 : 0
            best = max(best, run)
        }
        return best
    }
}

extension String {
    /// The string with zeros in front up to `n` characters.
    fileprivate func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
