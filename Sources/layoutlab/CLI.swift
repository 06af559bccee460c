import ArgumentParser
import Foundation
import LayoutLabKit

/// Shared CLI plumbing: every known error becomes one line on stderr and exit status 1.
enum CLI {
    static func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as ExitCode {
            throw e
        } catch let e as CleanExit {
            throw e
        } catch {
            FileHandle.standardError.write(Data(("layoutlab: error: " + oneLine(error) + "\n").utf8))
            throw ExitCode(1)
        }
    }

    static func oneLine(_ e: Error) -> String {
        String(describing: e).split(separator: "\n").joined(separator: " ")
    }

    /// The command as typed, program name shortened to `layoutlab`.
    static func commandLine() -> String {
        (["layoutlab"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    }

    static func stderr(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
}
