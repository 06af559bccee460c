/// How deeply a YAML text nests, measured on the text before any parsing: the YAML parser
/// recurses once per level, so thousands of `[` overflow the stack (a segfault, not an error).
/// A real machine or experiment file nests four or five levels.
enum YAMLDepth {
    /// The most levels a configuration file may nest.
    static let limit = 64

    /// The first line (1-based) where the nesting passes `limit`, or nil when it never does.
    /// Counts flow brackets (`[`, `{`) outside quotes and comments, plus block nesting: one level
    /// per deeper indentation and per `- ` or `? ` that opens a line. An overestimate is fine here;
    /// missing real depth is not.
    static func firstTooDeep(_ text: String, limit: Int = YAMLDepth.limit) -> Int? {
        var flow = 0
        var indents: [Int] = []
        var line = 1
        var quote: UInt8 = 0  // the open quote character, 0 outside quotes
        var atLineStart = true, indent = 0, inBlock = 0
        var prev: UInt8 = 10
        var comment = false
        for c in text.utf8 {
            if c == 10 || c == 13 {
                if c == 10 || prev != 13 { line += 1 }
                // A quoted scalar may span lines: `quote` stays open.
                atLineStart = true
                indent = 0
                inBlock = 0
                comment = false
                prev = c
                continue
            }
            defer { prev = c }
            if comment { continue }
            if atLineStart {
                if c == 32 {
                    indent += 1
                    continue
                }
                if c == 45 || c == 63 {
                    inBlock += 1
                    indent += 1
                    continue
                }  // "- " / "? " (a following space is indentation)
                if c == 35 {
                    comment = true
                    continue
                }
                atLineStart = false
                if quote == 0 && flow == 0 {
                    while let last = indents.last, last >= indent { indents.removeLast() }
                    indents.append(indent)
                }
                if indents.count + inBlock + flow > limit { return line }
            }
            if quote != 0 {
                if c == quote { quote = 0 }
                continue
            }
            switch c {
            case 34, 39:
                if prev == 32 || prev == 10 || prev == 13 || prev == 91 || prev == 123 || prev == 44 || prev == 58 {
                    quote = c
                }
            case 35: if prev == 32 || prev == 9 { comment = true }
            case 91, 123:
                flow += 1
                if indents.count + inBlock + flow > limit { return line }
            case 93, 125: flow = max(0, flow - 1)
            default: break
            }
        }
        return nil
    }
}
