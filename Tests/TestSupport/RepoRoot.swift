import Foundation

/// The repository root, from this file's path (`Tests/TestSupport/RepoRoot.swift`): the tests read the shipped
/// configs, fixtures and snapshots and run the debug build of `layoutlab` from there.
public let repoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
