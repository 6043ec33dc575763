@preconcurrency import CEditLine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Line editing and history on a terminal through libedit (BSD licence).
public struct EditLineReader: LineReader {
    let limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    public func readLine(prompt: String) -> LineInput {
        guard let raw = CEditLine.readline(prompt) else { return .endOfInput }
        defer { free(raw) }
        let length = strlen(raw)
        let bytes = [UInt8](UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: length))
        return LineInput.from(bytes: bytes, limit: limit)
    }

    public func addToHistory(_ line: String) {
        _ = CEditLine.add_history(line)
    }
}
