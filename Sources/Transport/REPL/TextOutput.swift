import Foundation

/// Where the REPL writes: replies to standard output, errors to standard error.
package protocol TextOutput: Sendable {
    func write(_ text: String)
    func writeError(_ text: String)
}

package struct StandardOutput: TextOutput {
    package init() {}

    package func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    package func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
