import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads lines from a pipe or file, for scripts and tests; a prompt is printed only if one is given.
/// Lines longer than `limit` are consumed to their end but not kept, so a 1 MB paste costs no memory.
package final class PlainLineReader: LineReader, @unchecked Sendable {
    // @unchecked Sendable: the buffer is touched only by `readLine`, which the REPL calls from one task at a time.
    private let descriptor: Int32
    private let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var reachedEnd = false

    package init(descriptor: Int32 = 0, limit: Int) {
        self.descriptor = descriptor
        self.limit = limit
    }

    package func readLine(prompt: String) -> LineInput {
        if !prompt.isEmpty { FileHandle.standardOutput.write(Data(prompt.utf8)) }
        var line: [UInt8] = []
        var length = 0
        while true {
            if start < buffer.count {
                let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n"))
                let chunkEnd = end ?? buffer.count
                length += chunkEnd - start
                if length <= limit { line.append(contentsOf: buffer[start..<chunkEnd]) }
                start = chunkEnd
                if end != nil {
                    start += 1
                    return length > limit ? .tooLong(bytes: length) : LineInput.from(bytes: line, limit: limit)
                }
            }
            if reachedEnd {
                if length == 0 { return .endOfInput }
                return length > limit ? .tooLong(bytes: length) : LineInput.from(bytes: line, limit: limit)
            }
            fill()
        }
    }

    private func fill() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return
            }
            if count < 0 && errno == EINTR { continue }
            reachedEnd = true
            return
        }
    }
}
