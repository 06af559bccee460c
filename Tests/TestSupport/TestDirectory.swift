import Foundation

/// A fresh directory for one test's files, removed with the last reference to it. Swift
/// Testing makes a new suite instance for every test (and every argument of a parameterized
/// one), so a suite that holds one leaves nothing behind in the temporary directory.
public final class TestDirectory {
    public let path: String

    public init(_ prefix: String) {
        path = NSTemporaryDirectory() + "\(prefix)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }
}
