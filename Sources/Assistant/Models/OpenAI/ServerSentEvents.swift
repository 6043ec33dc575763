import Foundation

/// One dispatched server-sent event.
package struct ServerSentEvent: Equatable, Sendable {
    package var event: String?
    package var data: String
    package var id: String?

    package init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// The `text/event-stream` parser of the HTML Living Standard (§9.2.6), without I/O: feed bytes as they
/// arrive, get the events they complete. Handles CRLF, CR and LF line ends (also split across chunks),
/// comment lines, multi-line `data:`, fields without a colon, and a leading byte order mark.
package struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var dataLines: [String] = []
    private var hasData = false
    private var eventType: String?
    private var lastEventID: String?
    private var sawCarriageReturn = false
    /// How much of the UTF-8 byte order mark has been seen at the very start of the stream.
    private var bomBytesMatched = 0
    /// A line longer than this is a broken or hostile stream; its excess is dropped.
    package let maxLineBytes: Int

    package init(maxLineBytes: Int = 4 * 1024 * 1024) {
        self.maxLineBytes = maxLineBytes
    }

    package mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [ServerSentEvent] where Bytes.Element == UInt8 {
        var events: [ServerSentEvent] = []
        let input = Array(bytes)
        var index = 0
        while index < input.count, bomBytesMatched < Self.byteOrderMark.count {
            if input[index] == Self.byteOrderMark[bomBytesMatched] {
                bomBytesMatched += 1
                index += 1
                continue
            }
            // Not a BOM after all: the bytes held back are ordinary text.
            let heldBack = Self.byteOrderMark.prefix(bomBytesMatched)
            bomBytesMatched = Self.byteOrderMark.count
            for held in heldBack { process(held, into: &events) }
        }
        while index < input.count {
            // Copy the run up to the next line end in one go; only CR and LF need a closer look.
            var end = index
            while end < input.count, input[end] != 0x0A, input[end] != 0x0D { end += 1 }
            if end > index {
                sawCarriageReturn = false
                let room = maxLineBytes - line.count
                if room > 0 { line.append(contentsOf: input[index..<min(end, index + room)]) }
            }
            if end < input.count { process(input[end], into: &events) }
            index = end + 1
        }
        return events
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private mutating func process(_ byte: UInt8, into events: inout [ServerSentEvent]) {
        switch byte {
        case 0x0A:
            if sawCarriageReturn {
                sawCarriageReturn = false
                return
            }
            endLine(into: &events)
        case 0x0D:
            sawCarriageReturn = true
            endLine(into: &events)
        default:
            sawCarriageReturn = false
            if line.count < maxLineBytes { line.append(byte) }
        }
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        guard !line.isEmpty else {
            dispatch(into: &events)
            return
        }
        if line[0] == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let name = String(decoding: line[..<(colon ?? line.endIndex)], as: UTF8.self)
        var valueStart = colon.map { $0 + 1 } ?? line.endIndex
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = String(decoding: line[valueStart...], as: UTF8.self)
        switch name {
        case "data":
            dataLines.append(value)
            hasData = true
        case "event":
            eventType = value
        case "id":
            if !value.contains("\u{0}") { lastEventID = value }
        default:
            break  // "retry" and unknown fields are ignored.
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer {
            dataLines.removeAll()
            hasData = false
            eventType = nil
        }
        guard hasData else { return }
        events.append(ServerSentEvent(event: eventType, data: dataLines.joined(separator: "\n"), id: lastEventID))
    }
}
