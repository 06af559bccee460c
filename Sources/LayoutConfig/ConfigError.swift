/// A bad configuration file: one line naming the file, the line, the key and what was wrong.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var key: String
    public var message: String

    public init(file: String, line: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        let loc = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(loc): \(message)" : "\(loc): \(key): \(message)"
    }
}
