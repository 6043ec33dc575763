import Foundation
import Testing
import Transport

/// A client frame, masked as RFC 6455 requires of clients.
func clientFrame(_ opcode: UInt8, _ payload: [UInt8], fin: Bool = true, mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D], rsv: UInt8 = 0) -> [UInt8]
{
    var bytes: [UInt8] = [(fin ? 0x80 : 0) | rsv | opcode]
    if payload.count < 126 {
        bytes.append(0x80 | UInt8(payload.count))
    } else if payload.count <= 0xFFFF {
        bytes += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    } else {
        bytes.append(0x80 | 127)
        bytes += (0..<8).reversed().map { UInt8((payload.count >> (8 * $0)) & 0xFF) }
    }
    return bytes + mask + payload.enumerated().map { $0.element ^ mask[$0.offset & 3] }
}

@Suite("WebSocket protocol (RFC 6455), sans I/O")
struct WebSocketTests {
    @Test("the handshake accepts the RFC's example key, echoes jobhunter.v1, takes a bearer subprotocol")
    func handshake() throws {
        let headers = [
            "Upgrade": "websocket", "Connection": "keep-alive, Upgrade", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol": "jobhunter.v1, bearer.abc.def.ghi",
        ]
        let accepted = try WebSocketHandshake.accept(method: "GET", version: "HTTP/1.1", headers: headers).get()
        #expect(accepted.acceptKey == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(accepted.subprotocol == "jobhunter.v1")
        #expect(accepted.bearerToken == "abc.def.ghi")
    }

    @Test("bad handshakes get 400, a wrong version 426 with the supported version")
    func badHandshakes() {
        let good = [
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        ]
        func status(_ method: String, _ changes: [String: String?]) -> Int? {
            var headers = good
            for (key, value) in changes { headers[key] = value }
            if case .failure(let refusal) = WebSocketHandshake.accept(method: method, version: "HTTP/1.1", headers: headers) {
                return refusal.status
            }
            return nil
        }
        #expect(status("POST", [:]) == 400)
        #expect(status("GET", ["Upgrade": nil]) == 400)
        #expect(status("GET", ["Connection": "keep-alive"]) == 400)
        #expect(status("GET", ["Sec-WebSocket-Key": "c2hvcnQ="]) == 400)
        #expect(status("GET", ["Sec-WebSocket-Version": "8"]) == 426)
        #expect(status("GET", [:]) == nil)
        if case .failure(let refusal) = WebSocketHandshake.accept(
            method: "GET", version: "HTTP/1.1", headers: good.merging(["Sec-WebSocket-Version": "8"]) { $1 })
        {
            #expect(refusal.headers["Sec-WebSocket-Version"] == "13")
        }
    }

    @Test("the RFC's masked \"Hello\", its fragmented form, and a ping answered with the same payload")
    func rfcExamples() {
        var connection = WebSocketConnection()
        let single: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        #expect(connection.receive(single).events == [.text("Hello")])
        let fragmented = clientFrame(0x1, Array("Hel".utf8), fin: false) + clientFrame(0x0, Array("lo".utf8))
        #expect(connection.receive(fragmented).events == [.text("Hello")])
        let pong = connection.receive(clientFrame(0x9, Array("Hello".utf8)))
        #expect(pong.actions == [.send([0x8A, 0x05] + Array("Hello".utf8))])
    }

    @Test("keepalive: each tick pings a peer that was heard; one silent for a whole interval is closed 1001 and dropped")
    func keepalive() {
        var connection = WebSocketConnection()
        let ping: [UInt8] = [0x89, 0x09] + Array("keepalive".utf8)
        #expect(connection.keepaliveTick() == [.send(ping)], "a fresh connection counts as heard")
        _ = connection.receive(clientFrame(0xA, Array("keepalive".utf8)))
        #expect(connection.keepaliveTick() == [.send(ping)], "the pong answered the last ping")
        let silent = connection.keepaliveTick()
        #expect(silent.last == .closeSocket)
        let reason = Array("no answer to ping".utf8)
        #expect(silent.first == .send([0x88, UInt8(2 + reason.count), 0x03, 0xE9] + reason), "close 1001 with the reason")
        #expect(connection.state == .closing)
        #expect(connection.keepaliveTick().isEmpty, "nothing more once closing")
    }

    @Test("bytes delivered one at a time give the same messages, including 16- and 64-bit lengths")
    func byteByByte() {
        var connection = WebSocketConnection(maxFrameBytes: 1 << 20, maxMessageBytes: 1 << 20)
        let medium = [UInt8](repeating: 0x61, count: 300)
        let large = [UInt8](repeating: 0x62, count: 70_000)
        let stream = clientFrame(0x2, medium) + clientFrame(0x2, large) + clientFrame(0x1, Array("é€😀".utf8))
        var events: [WebSocketConnection.Event] = []
        for byte in stream { events += connection.receive([byte]).events }
        #expect(events == [.binary(medium), .binary(large), .text("é€😀")])
    }

    @Test("invalid UTF-8, also when split across fragments, closes with 1007")
    func invalidUTF8() {
        var whole = WebSocketConnection()
        #expect(whole.receive(clientFrame(0x1, [0xC3, 0x28])).actions == [.send([0x88, 0x02, 0x03, 0xEF]), .closeSocket])
        var split = WebSocketConnection()
        let euro = Array("€".utf8)
        let first = split.receive(clientFrame(0x1, [euro[0]], fin: false))
        #expect(first.actions.isEmpty, "an incomplete sequence at a fragment boundary is fine")
        #expect(split.receive(clientFrame(0x0, [0x41])).actions.first == .send([0x88, 0x02, 0x03, 0xEF]))
        var truncated = WebSocketConnection()
        #expect(truncated.receive(clientFrame(0x1, [euro[0], euro[1]])).actions.first == .send([0x88, 0x02, 0x03, 0xEF]))
    }

    @Test(
        "protocol violations close with 1002",
        arguments: [
            ("unmasked client frame", [0x81, 0x02, 0x68, 0x69] as [UInt8]),
            ("reserved bits", clientFrame(0x1, Array("hi".utf8), rsv: 0x40)),
            ("reserved opcode", clientFrame(0x3, [])),
            ("fragmented control frame", clientFrame(0x9, [], fin: false)),
            ("control frame over 125 bytes", clientFrame(0x9, [UInt8](repeating: 0, count: 126))),
            ("continuation without a message", clientFrame(0x0, Array("x".utf8))),
            ("new message inside a fragmented one", clientFrame(0x1, Array("a".utf8), fin: false) + clientFrame(0x1, Array("b".utf8))),
            ("close code 1005 on the wire", clientFrame(0x8, [0x03, 0xED])),
            ("one-byte close payload", clientFrame(0x8, [0x03])),
            ("non-minimal 16-bit length", [0x82, 0x80 | 126, 0x00, 0x05, 1, 2, 3, 4] + [UInt8](repeating: 0, count: 5)),
        ])
    func violations(name: String, bytes: [UInt8]) {
        var connection = WebSocketConnection()
        let result = connection.receive(bytes)
        #expect(result.actions.contains(.send([0x88, 0x02, 0x03, 0xEA])), "\(name)")
        #expect(result.actions.last == .closeSocket)
        #expect(connection.state == .closed)
        #expect(connection.receive(clientFrame(0x1, Array("late".utf8))).events.isEmpty)
    }

    @Test("frames and messages over the limits close with 1009")
    func limits() {
        var frames = WebSocketConnection(maxFrameBytes: 100, maxMessageBytes: 1_000)
        #expect(frames.receive(clientFrame(0x2, [UInt8](repeating: 0, count: 101))).actions.first == .send([0x88, 0x02, 0x03, 0xF1]))
        var messages = WebSocketConnection(maxFrameBytes: 100, maxMessageBytes: 150)
        let parts = clientFrame(0x2, [UInt8](repeating: 0, count: 100), fin: false) + clientFrame(0x0, [UInt8](repeating: 0, count: 100))
        #expect(messages.receive(parts).actions.first == .send([0x88, 0x02, 0x03, 0xF1]))
    }

    @Test("the close handshake: a peer's close is echoed; our close waits for the peer's and then ends")
    func closeHandshake() {
        var peerCloses = WebSocketConnection()
        let result = peerCloses.receive(clientFrame(0x8, [0x03, 0xE8] + Array("bye".utf8)))
        #expect(result.events == [.closed(code: 1000, reason: "bye")])
        #expect(result.actions == [.send([0x88, 0x02, 0x03, 0xE8]), .closeSocket])

        var weClose = WebSocketConnection()
        #expect(weClose.close(code: 1001) == [.send([0x88, 0x02, 0x03, 0xE9])])
        #expect(weClose.state == .closing)
        #expect(weClose.sendText("x").isEmpty, "nothing is sent after our close")
        #expect(weClose.receive(clientFrame(0x8, [0x03, 0xE9])).actions == [.closeSocket])
        #expect(weClose.state == .closed)
    }

    @Test("random byte streams never crash the parser and always end in messages or a clean close")
    func randomStreams() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var connection = WebSocketConnection(maxFrameBytes: 512, maxMessageBytes: 2_048)
            let length = Int.random(in: 0...300, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if Bool.random(using: &generator), !bytes.isEmpty { bytes[0] = 0x81 }
            let result = connection.receive(bytes)
            if connection.state == .closed { #expect(result.actions.last == .closeSocket) }
        }
    }

    @Test("server frames are unmasked and use the minimal length encoding")
    func serializing() {
        #expect(WebSocketFrame(opcode: .text, payload: Array("Hi".utf8)).serialized() == [0x81, 0x02, 0x48, 0x69])
        #expect(
            WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 256)).serialized().prefix(4) == [0x82, 0x7E, 0x01, 0x00])
        #expect(
            WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 65_536)).serialized().prefix(10) == [
                0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0,
            ])
    }
}
