/// Path helpers (Foundation's NSString path methods trap on some short relative names).
package enum PathText {
    /// The folder part of `path`, or "." when it has none.
    package static func directory(_ path: String) -> String {
        guard let i = path.lastIndex(of: "/") else { return "." }
        return i == path.startIndex ? "/" : String(path[..<i])
    }
}
