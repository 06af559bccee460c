import Foundation

/// A fresh directory for one test's files, removed with the last reference to it. Swift
/// Testing makes a new suite instance for every test (and every argument of a parameterized
/// one), so a suite that holds one leaves nothing behind in the temporary directory.
public final class TestDirectory {
    public let path: String

    /// Made by `mkdtemp` (mode 0700, a name no one else holds), so two tests running at once,
    /// or another user of the temporary directory, never share or pre-create a test's files.
    public init(_ prefix: String) {
        var template = Array((NSTemporaryDirectory() + "\(prefix)-\(getpid())-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            fatalError("mkdtemp failed for \(prefix): errno \(errno)")
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }
}
