import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Line editing and history on a terminal: raw mode while a line is typed (so Ctrl-C clears the line),
/// the terminal's normal mode between lines (so Ctrl-C during an answer raises SIGINT and cancels it).
/// History is kept in a file when one is given.
package final class TerminalLineReader: LineReader, @unchecked Sendable {
    // @unchecked Sendable: the REPL calls readLine from one thread at a time; `lock` guards the rest.
    private let lock = NSLock()
    private let input: Int32
    private let output: Int32
    private let limit: Int
    private let historyFile: URL?
    private var editor: LineEditor
    private var decoder = KeyDecoder()
    /// Keys read after an Enter (a multi-line paste) wait here for the next prompt.
    private var queuedKeys: [Key] = []

    package init(input: Int32 = 0, output: Int32 = 1, limit: Int, historyFile: URL?) {
        self.input = input
        self.output = output
        self.limit = limit
        self.historyFile = historyFile
        editor = LineEditor(history: historyFile.map(Self.loadHistory) ?? [], historyLimit: Self.historyKept)
    }

    package func readLine(prompt: String) -> LineInput {
        lock.withLock { readLocked(prompt: prompt) }
    }

    private func readLocked(prompt: String) -> LineInput {
        guard let saved = enterRawMode() else { return .endOfInput }
        defer { restore(saved) }
        write(prompt)
        while true {
            if queuedKeys.isEmpty {
                guard let bytes = readChunk() else {
                    write("\r\n")
                    return .endOfInput
                }
                queuedKeys = decoder.feed(bytes)
            }
            var needsRedraw = false
            while !queuedKeys.isEmpty {
                let key = queuedKeys.removeFirst()
                let invalidBefore = editor.sawInvalidInput
                switch editor.handle(key) {
                case .redraw:
                    needsRedraw = true
                case .bell:
                    if key != .invalid || !invalidBefore { write("\u{07}") }
                case .clearScreen:
                    write("\u{1B}[H\u{1B}[2J")
                    needsRedraw = true
                case .cancelLine:
                    write("^C\r\n" + prompt)
                    needsRedraw = false
                case .endOfInput:
                    write("\r\n")
                    return .endOfInput
                case .submit(let line):
                    // The editor has already cleared its text, so the submitted line is drawn from `line`.
                    write("\r" + prompt + line + "\u{1B}[K\r\n")
                    if invalidBefore { return .invalidUTF8 }
                    let bytes = line.utf8.count
                    if bytes > limit { return .tooLong(bytes: bytes) }
                    appendToHistoryFile(line)
                    return .line(line)
                }
            }
            if needsRedraw { redraw(prompt) }
        }
    }

    /// Redraws the whole line: return, prompt, text, clear the rest, then move back to the cursor.
    private func redraw(_ prompt: String) {
        var frame = "\r" + prompt + editor.line + "\u{1B}[K"
        let back = editor.text.count - editor.cursor
        if back > 0 { frame += "\u{1B}[\(back)D" }
        write(frame)
    }

    private func readChunk() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count > 0 { return Array(buffer[0..<count]) }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(output, base + offset, buffer.count - offset)
            }
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    private func enterRawMode() -> termios? {
        var original = termios()
        guard tcgetattr(input, &original) == 0 else { return nil }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        // TCSANOW, not TCSAFLUSH: what the user typed ahead during an answer must not be thrown away.
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { return nil }
        return original
    }

    private func restore(_ saved: termios) {
        var saved = saved
        _ = tcsetattr(input, TCSANOW, &saved)
    }

    /// Reads the history file, rewriting it when it has grown far past what is kept.
    private static func loadHistory(_ file: URL) -> [String] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n").map(String.init)
        if lines.count > historyKept * 2 {
            let kept = lines.suffix(historyKept)
            try? (kept.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            return Array(kept)
        }
        return lines
    }

    static let historyKept = 500

    /// Appends one line; the file is created private (0600) because it holds what the user typed.
    private func appendToHistoryFile(_ line: String) {
        guard let historyFile, !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        let path = historyFile.path
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }
}
