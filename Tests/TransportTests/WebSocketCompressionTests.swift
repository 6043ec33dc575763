import CZlib
import Testing
import Transport

/// A frame the server sent, read back: (first byte, payload). Server frames are unmasked.
private func serverFrame(_ bytes: [UInt8]) -> (first: UInt8, payload: [UInt8]) {
    var offset = 2
    var length = Int(bytes[1] & 0x7F)
    if length == 126 {
        length = Int(bytes[2]) << 8 | Int(bytes[3])
        offset = 4
    } else if length == 127 {
        length = (2..<10).reduce(0) { $0 << 8 | Int(bytes[$1]) }
        offset = 10
    }
    return (bytes[0], Array(bytes[offset..<(offset + length)]))
}

private func sent(_ actions: [WebSocketConnection.Action]) -> [UInt8] {
    for case .send(let bytes) in actions { return bytes }
    return []
}

/// The close code a connection answered with, if it closed.
private func closeCode(_ actions: [WebSocketConnection.Action]) -> UInt16? {
    for case .send(let bytes) in actions where bytes.first == 0x88 {
        let payload = serverFrame(bytes).payload
        return UInt16(payload[0]) << 8 | UInt16(payload[1])
    }
    return nil
}

/// Independent raw inflation with zlib at a given window, to check what the server's compressor produced.
private func rawInflate(_ payload: [UInt8], windowBits: Int32) -> [UInt8]? {
    var stream = z_stream()
    guard czlib_inflate_init_window(&stream, windowBits) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var input = payload + [0x00, 0x00, 0xFF, 0xFF]
    var output = [UInt8](repeating: 0, count: 1 << 20)
    let status = input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            stream.next_out = target.baseAddress
            stream.avail_out = UInt32(target.count)
            return CZlib.inflate(&stream, Z_SYNC_FLUSH)
        }
    }
    guard status == Z_OK || status == Z_STREAM_END else { return nil }
    return Array(output.prefix(Int(stream.total_out)))
}

@Suite("permessage-deflate (RFC 7692)")
struct WebSocketCompressionTests {
    let agreed = PerMessageDeflate.negotiate(offers: "permessage-deflate", policy: .echo)

    @Test("negotiation: what is offered, what the echo and chat endpoints answer, what is declined")
    func negotiation() {
        func answer(_ offer: String?, _ policy: PerMessageDeflate.Policy = .echo) -> String? {
            PerMessageDeflate.negotiate(offers: offer, policy: policy)?.responseHeader
        }
        #expect(answer(nil) == nil)
        #expect(answer("x-webkit-deflate-frame") == nil)
        #expect(answer("permessage-deflate") == "permessage-deflate")
        // What Chrome and Firefox send.
        #expect(answer("permessage-deflate; client_max_window_bits") == "permessage-deflate")
        #expect(
            answer("permessage-deflate; client_max_window_bits", .chat)
                == "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12; client_max_window_bits=12"
        )
        #expect(
            answer("permessage-deflate", .chat)
                == "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12")
        #expect(answer("permessage-deflate; server_no_context_takeover") == "permessage-deflate; server_no_context_takeover")
        #expect(answer("permessage-deflate; client_no_context_takeover") == "permessage-deflate; client_no_context_takeover")
        #expect(answer("permessage-deflate; server_max_window_bits=10") == "permessage-deflate; server_max_window_bits=10")
        #expect(answer("permessage-deflate; server_max_window_bits=\"9\"") == "permessage-deflate; server_max_window_bits=9")
        #expect(answer("Permessage-Deflate; SERVER_MAX_WINDOW_BITS=8") == "permessage-deflate; server_max_window_bits=8")
        #expect(answer("permessage-deflate; client_max_window_bits=10", .chat)?.hasSuffix("client_max_window_bits=10") == true)
        // Invalid offers are declined, never refused: the next acceptable one wins, or none.
        for invalid in [
            "permessage-deflate; server_max_window_bits", "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=7", "permessage-deflate; server_max_window_bits=010",
            "permessage-deflate; client_max_window_bits=abc", "permessage-deflate; server_no_context_takeover=1",
            "permessage-deflate; mystery", "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        ] {
            #expect(answer(invalid) == nil, "\(invalid)")
            #expect(
                answer(invalid + ", permessage-deflate; server_no_context_takeover") == "permessage-deflate; server_no_context_takeover")
        }
    }

    @Test("RFC 7692's own examples inflate: one frame, fragments, a stored block, and context taken over")
    func rfcExamples() {
        var connection = WebSocketConnection(compression: agreed)
        let hello: [UInt8] = [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00]
        #expect(connection.receive(clientFrame(0x1, hello, rsv: 0x40)).events == [.text("Hello")])
        // §7.2.3.2: the second "Hello" refers back to the first.
        #expect(connection.receive(clientFrame(0x1, [0xF2, 0x00, 0x11, 0x00, 0x00], rsv: 0x40)).events == [.text("Hello")])
        let fragments = clientFrame(0x1, [0xF2, 0x48, 0xCD], fin: false, rsv: 0x40) + clientFrame(0x0, [0xC9, 0xC9, 0x07, 0x00])
        #expect(connection.receive(fragments).events == [.text("Hello")])
        let stored: [UInt8] = [0x00, 0x05, 0x00, 0xFA, 0xFF, 0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x00]
        #expect(connection.receive(clientFrame(0x1, stored, rsv: 0x40)).events == [.text("Hello")])
        #expect(connection.receive(clientFrame(0x1, Array("plain".utf8))).events == [.text("plain")], "uncompressed messages stay legal")
        // Without the history, the back-reference cannot be resolved.
        var fresh = WebSocketConnection(compression: agreed)
        #expect(closeCode(fresh.receive(clientFrame(0x1, [0xF2, 0x00, 0x11, 0x00, 0x00], rsv: 0x40)).actions) == 1007)
    }

    @Test("what the server compresses, a client inflates; with context takeover a repeat costs a few bytes")
    func serverCompression() throws {
        var server = WebSocketConnection(compression: agreed)
        var client = WebSocketConnection(compression: agreed)
        let message = #"{"type":"jobs","results":[{"title":"Registered Nurse","company":"Mercy Hospital","city":"Chicago"}]}"#
        var sizes: [Int] = []
        for _ in 0..<3 {
            let (first, payload) = serverFrame(sent(server.sendText(message)))
            #expect(first == 0xC1, "FIN, RSV1 and text")
            sizes.append(payload.count)
            #expect(client.receive(clientFrame(0x1, payload, rsv: 0x40)).events == [.text(message)])
        }
        #expect(sizes[0] < message.utf8.count)
        #expect(sizes[1] < sizes[0] / 3, "the repeat refers to the first message: \(sizes)")
        #expect(server.holdsCompressionState && client.holdsCompressionState)
    }

    @Test("the chat policy keeps no zlib state between messages and leaves short events uncompressed")
    func chatPolicy() throws {
        let chat = try #require(PerMessageDeflate.negotiate(offers: "permessage-deflate; client_max_window_bits", policy: .chat))
        var server = WebSocketConnection(compression: chat)
        let delta = #"{"type":"delta","text":" nurse"}"#
        #expect(serverFrame(sent(server.sendText(delta))).first == 0x81, "short: sent as is")
        let reply = String(repeating: #"{"title":"Staff Accountant","company":"Acme","city":"Denver"},"#, count: 20)
        let (first, payload) = serverFrame(sent(server.sendText(reply)))
        #expect(first == 0xC1)
        #expect(rawInflate(payload, windowBits: 12) == Array(reply.utf8), "fits the announced 12-bit window")
        #expect(!server.holdsCompressionState)
        // The client's messages are independent too.
        #expect(server.receive(clientFrame(0x1, [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], rsv: 0x40)).events == [.text("Hello")])
        #expect(!server.holdsCompressionState)
    }

    @Test("an agreed 8-bit server window is honoured although zlib cannot deflate with it")
    func eightBitWindow() throws {
        let agreement = try #require(PerMessageDeflate.negotiate(offers: "permessage-deflate; server_max_window_bits=8", policy: .echo))
        var server = WebSocketConnection(compression: agreement)
        let text = (0..<200).map { "line \($0 % 17): the quick brown fox\n" }.joined()
        for _ in 0..<2 {
            let (_, payload) = serverFrame(sent(server.sendText(text)))
            #expect(payload.count < text.utf8.count)
            #expect(rawInflate(payload, windowBits: 8) != nil, "no match reaches back more than 256 bytes")
        }
    }

    @Test("a small message that inflates past the limit closes with 1009 before the memory is spent")
    func inflateBomb() {
        var sender = WebSocketConnection(maxMessageBytes: 64 << 20, compression: agreed)
        let (_, bomb) = serverFrame(sent(sender.sendBinary([UInt8](repeating: 0, count: 32 << 20))))
        #expect(bomb.count < 64 << 10, "32 MiB of zeros compress to \(bomb.count) bytes")
        var receiver = WebSocketConnection(maxFrameBytes: 1 << 20, maxMessageBytes: 1 << 20, compression: agreed)
        let result = receiver.receive(clientFrame(0x2, bomb, rsv: 0x40))
        #expect(result.events.isEmpty)
        #expect(closeCode(result.actions) == 1009)
    }

    @Test("RSV1 only where RFC 7692 allows it; corrupt or non-UTF-8 compressed data closes with 1007")
    func violations() {
        var unnegotiated = WebSocketConnection()
        #expect(closeCode(unnegotiated.receive(clientFrame(0x1, [0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], rsv: 0x40)).actions) == 1002)
        var continuation = WebSocketConnection(compression: agreed)
        let bad = clientFrame(0x1, [0xF2, 0x48], fin: false, rsv: 0x40) + clientFrame(0x0, [0xCD], rsv: 0x40)
        #expect(closeCode(continuation.receive(bad).actions) == 1002)
        var control = WebSocketConnection(compression: agreed)
        #expect(closeCode(control.receive(clientFrame(0x9, [], rsv: 0x40)).actions) == 1002)
        var rsv2 = WebSocketConnection(compression: agreed)
        #expect(closeCode(rsv2.receive(clientFrame(0x1, Array("x".utf8), rsv: 0x20)).actions) == 1002)
        var corrupt = WebSocketConnection(compression: agreed)
        #expect(closeCode(corrupt.receive(clientFrame(0x1, [0xFF, 0xFF, 0xFF, 0xFF], rsv: 0x40)).actions) == 1007)
        // A stored block holding 0xFF, which is never UTF-8.
        var notText = WebSocketConnection(compression: agreed)
        #expect(closeCode(notText.receive(clientFrame(0x1, [0x00, 0x01, 0x00, 0xFE, 0xFF, 0xFF, 0x00], rsv: 0x40)).actions) == 1007)
    }

    @Test("random byte streams with compression agreed never crash and end in messages or a clean close")
    func randomStreams() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var connection = WebSocketConnection(maxFrameBytes: 512, maxMessageBytes: 2_048, compression: agreed)
            var bytes = (0..<Int.random(in: 1...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Mostly well-framed compressed messages with random payloads, so the inflater sees garbage too.
            if Bool.random(using: &generator) { bytes = clientFrame(0x1, bytes, fin: Bool.random(using: &generator), rsv: 0x40) }
            let result = connection.receive(bytes)
            if connection.state == .closed { #expect(result.actions.last == .closeSocket) }
        }
    }
}

@Suite("WebSocket violations after messages in the same read")
struct HeldBackCloseTests {
    @Test("a message before a violation is delivered first; the close waits for closeIfFailed() and then comes once")
    func messageThenViolation() {
        var connection = WebSocketConnection()
        let bytes = clientFrame(0x1, Array("Hello".utf8)) + clientFrame(0x9, Array("ping".utf8)) + clientFrame(0x1, [0x41], rsv: 0x20)
        let result = connection.receive(bytes)
        #expect(result.events == [.text("Hello")])
        #expect(result.actions.count == 1, "only the pong so far")
        #expect(connection.state == .open)
        let echo = connection.sendText("Hello")
        #expect(echo.count == 1, "the echo can still be sent")
        let close = connection.closeIfFailed()
        #expect(close.last == .closeSocket)
        #expect(connection.state == .closed)
        #expect(connection.closeIfFailed().isEmpty)
    }

    @Test("a violation with nothing before it closes at once, as before")
    func violationAlone() {
        var connection = WebSocketConnection()
        let result = connection.receive(clientFrame(0x1, [0x41], rsv: 0x20))
        #expect(result.actions.last == .closeSocket)
        #expect(connection.state == .closed)
    }
}
