import Foundation
import Testing
import Transport

@Suite("WebSocket framing in linear time, with fragment caps")
struct WebSocketLimitsTests {
    /// The close code in the last frame the connection sends (a close frame), if any.
    func closeCode(_ actions: [WebSocketConnection.Action]) -> UInt16? {
        for case .send(let bytes) in actions.reversed() where bytes.first == 0x88 && bytes.count >= 4 {
            return UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        }
        return nil
    }

    @Test("100,000 one-byte fragments in one read make one message, and the parser moves fewer bytes than it was fed")
    func manySmallFrames() {
        var connection = WebSocketConnection(maxFrameBytes: 1 << 20, maxMessageBytes: 1 << 20)
        var bytes = clientFrame(0x1, [UInt8(ascii: "a")], fin: false)
        for _ in 0..<99_998 { bytes += clientFrame(0x0, [UInt8(ascii: "a")], fin: false) }
        bytes += clientFrame(0x0, [UInt8(ascii: "a")])
        let (events, actions) = connection.receive(bytes)

        #expect(events == [.text(String(repeating: "a", count: 100_000))])
        #expect(actions.isEmpty)
        #expect(connection.parserBytesMoved <= bytes.count, "linear: each byte is moved at most once in compaction")
    }

    @Test("fed in many small reads, the parser still moves each byte at most a constant number of times")
    func manySmallReads() {
        var connection = WebSocketConnection(maxFrameBytes: 1 << 20, maxMessageBytes: 1 << 20)
        var fed = 0
        _ = connection.receive(clientFrame(0x2, [1], fin: false))
        for _ in 0..<20_000 {
            let frame = clientFrame(0x0, [1, 2, 3], fin: false)
            fed += frame.count
            // Half a frame per read: the buffer never empties on a frame boundary.
            _ = connection.receive(Array(frame.prefix(4)))
            _ = connection.receive(Array(frame.dropFirst(4)))
        }
        let (events, _) = connection.receive(clientFrame(0x0, [9]))
        #expect(events.count == 1)
        #expect(connection.parserBytesMoved <= 2 * fed)
    }

    @Test("endless empty continuation frames close with 1008; too many fragments close with 1009")
    func fragmentCaps() {
        var empty = WebSocketConnection()
        var flood = clientFrame(0x1, [], fin: false)
        for _ in 0...WebSocketConnection.maxEmptyFragmentsInARow { flood += clientFrame(0x0, [], fin: false) }
        let (_, emptyActions) = empty.receive(flood)
        #expect(closeCode(emptyActions) == 1008)
        #expect(empty.state == .closed)

        var capped = WebSocketConnection(maxFragments: 10)
        var pieces = clientFrame(0x1, [UInt8(ascii: "x")], fin: false)
        for _ in 0..<10 { pieces += clientFrame(0x0, [UInt8(ascii: "x")], fin: false) }
        let (_, cappedActions) = capped.receive(pieces)
        #expect(closeCode(cappedActions) == 1009)

        var fine = WebSocketConnection(maxFragments: 10)
        var ten = clientFrame(0x1, [UInt8(ascii: "x")], fin: false)
        for index in 0..<9 { ten += clientFrame(0x0, [UInt8(ascii: "x")], fin: index == 8) }
        #expect(fine.receive(ten).events == [.text("xxxxxxxxxx")], "ten fragments are allowed")
    }
}
