import Foundation

/// Tab-separated rows read on UTF-8 bytes: splitting `String`s walks grapheme clusters and was most
/// of the start-up cost for the reference data.
package enum TSVReader {
    /// Calls `body` with the fields of each non-empty line of `data`, skipping `#` comment lines.
    package static func forEachRow(in data: Data, skipHeader: Bool, _ body: ([String]) -> Bool) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            var isFirst = true
            var fields: [String] = []
            fields.reserveCapacity(16)
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if lineEnd == lineStart || bytes[lineStart] == UInt8(ascii: "#") { continue }
                if isFirst {
                    isFirst = false
                    if skipHeader { continue }
                }
                fields.removeAll(keepingCapacity: true)
                var fieldStart = lineStart
                for index in lineStart...lineEnd where index == lineEnd || bytes[index] == 0x09 {
                    var end = index
                    if end == lineEnd, end > fieldStart, bytes[end - 1] == 0x0D { end -= 1 }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<end]), as: UTF8.self))
                    fieldStart = index + 1
                }
                if !body(fields) { return }
            }
        }
    }
}
