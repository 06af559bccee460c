// libyaml's event parser, as Yams vendors it: the events are read without building any node, so
// a file is measured in time linear in its text and memory bounded by its anchors.
import CYaml

/// How large and how deep a YAML text becomes once its aliases are expanded, measured on
/// libyaml's event stream before any tree is built. Aliases add depth and size that the text
/// does not show: `&a2 [*a1]` repeated 50,000 times nests 50,000 levels in 1.5 MB (the tree's
/// recursive release overflows the stack), and ten anchors of ten aliases each (a "billion
/// laughs") expand to 10^10 nodes. Both are refused in one line, naming where the limit is passed.
enum YAMLExpansion {
    /// The most nodes (scalars, sequences, mappings) a file may expand to; the bundled machine and
    /// experiment files have a few hundred.
    static let nodeLimit = 100_000
    /// The most nodes on one path from the root once aliases are expanded: twice the text's own
    /// limit (a node per bracket, plus its scalar), so what this adds to `YAMLDepth` is the
    /// aliases' depth. Yams's composer and the tree's release recurse once per level.
    static let depthLimit = 2 * YAMLDepth.limit

    /// A node being read: its expanded size and the depth of its deepest child so far.
    private struct Frame {
        var anchor: String?
        var size = 1
        var childDepth = 0
    }

    /// The line (1-based) and the reason, where the expanded text first passes a limit; nil when
    /// it never does or when libyaml stops on a syntax error (Yams then reports that error).
    static func firstProblem(_ text: String) -> (line: Int, message: String)? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> (line: Int, message: String)? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var state = State()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let problem = state.read(event) { return (Int(event.start_mark.line) + 1, problem) }
            }
        }
    }

    /// The nodes open on the current path and the anchors defined so far in this document.
    private struct State {
        var stack: [Frame] = []
        var anchors: [String: (size: Int, depth: Int)] = [:]
        var rootSize = 0

        mutating func read(_ event: yaml_event_t) -> String? {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                anchors = [:]
                rootSize = 0
            case YAML_SEQUENCE_START_EVENT:
                return open(YAMLExpansion.text(event.data.sequence_start.anchor))
            case YAML_MAPPING_START_EVENT:
                return open(YAMLExpansion.text(event.data.mapping_start.anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { return nil }
                return add(size: frame.size, depth: frame.childDepth + 1, anchor: frame.anchor)
            case YAML_SCALAR_EVENT:
                return add(size: 1, depth: 1, anchor: YAMLExpansion.text(event.data.scalar.anchor))
            case YAML_ALIAS_EVENT:
                // An undefined alias is Yams's error to report.
                guard let name = YAMLExpansion.text(event.data.alias.anchor), let node = anchors[name] else {
                    return nil
                }
                return add(size: node.size, depth: node.depth, anchor: nil)
            default:
                break
            }
            return nil
        }

        private mutating func open(_ anchor: String?) -> String? {
            stack.append(Frame(anchor: anchor))
            return stack.count > YAMLExpansion.depthLimit ? depthMessage : nil
        }

        /// A finished node (or an expanded alias) joins its parent.
        private mutating func add(size: Int, depth: Int, anchor: String?) -> String? {
            if let anchor { anchors[anchor] = (size, depth) }
            if stack.count + depth > YAMLExpansion.depthLimit { return depthMessage }
            guard !stack.isEmpty else {
                rootSize = size
                return nil
            }
            let (sum, overflow) = stack[stack.count - 1].size.addingReportingOverflow(size)
            if overflow || sum > YAMLExpansion.nodeLimit {
                return "expands to more than \(YAMLExpansion.nodeLimit) nodes through its aliases"
                    + " (`*name`); a machine or experiment file has a few hundred"
            }
            stack[stack.count - 1].size = sum
            stack[stack.count - 1].childDepth = max(stack[stack.count - 1].childDepth, depth)
            return nil
        }

        private var depthMessage: String {
            "nests deeper than \(YAMLExpansion.depthLimit) levels once its aliases (`*name`) are expanded;"
                + " a machine or experiment file nests a few"
        }
    }

    private static func text(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
