import Foundation

/// One read from the user.
package enum LineInput: Equatable, Sendable {
    case line(String)
    /// The bytes were not UTF-8; nothing of them is used.
    case invalidUTF8
    /// The line was longer than the limit; it was read to its end and dropped.
    case tooLong(bytes: Int)
    case endOfInput
}

/// Where the REPL gets lines: the terminal or a pipe, a script in tests.
package protocol LineReader: Sendable {
    func readLine(prompt: String) -> LineInput
    func addToHistory(_ line: String)
}

extension LineReader {
    package func addToHistory(_ line: String) {}
}

extension LineInput {
    /// Classifies raw bytes of one line (without its newline).
    static func from(bytes: [UInt8], limit: Int) -> LineInput {
        if bytes.count > limit { return .tooLong(bytes: bytes.count) }
        var body = bytes
        if body.last == UInt8(ascii: "\r") { body.removeLast() }
        guard let text = String(validating: body, as: UTF8.self) else { return .invalidUTF8 }
        return .line(text)
    }
}
