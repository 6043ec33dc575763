import Foundation

/// Where the REPL writes: replies to standard output, errors to standard error.
public protocol TextOutput: Sendable {
    func write(_ text: String)
    func writeError(_ text: String)
}

public struct StandardOutput: TextOutput {
    public init() {}

    public func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    public func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
