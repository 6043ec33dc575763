import CZlib
import Foundation

/// One WebSocket connection's protocol state, without I/O: bytes in, events and actions out. The owner
/// performs the actions (write bytes, close the socket) and handles the events.
package struct WebSocketConnection: Sendable {
    package enum State: Sendable, Equatable {
        case open
        /// We sent a close frame and wait for the peer's.
        case closing
        case closed
    }

    package enum Event: Sendable, Equatable {
        case text(String)
        case binary([UInt8])
        case pong([UInt8])
        /// The peer closed, with its code (nil when it sent none) and reason.
        case closed(code: UInt16?, reason: String)
    }

    package enum Action: Sendable, Equatable {
        case send([UInt8])
        case closeSocket
    }

    package private(set) var state = State.open
    package let maxMessageBytes: Int
    /// Fragments one message may have: enough for 4 MiB in 64-byte pieces (Autobahn 9.3.1), not for endless ones.
    package let maxFragments: Int
    /// Empty non-final continuation frames in a row: they carry nothing, so past this they are an attack.
    package static let maxEmptyFragmentsInARow = 1_000
    private var parser: WebSocketFrameParser
    /// The message being reassembled: bytes appended in place (a copy per fragment was quadratic).
    private var messageOpcode: WebSocketFrame.Opcode?
    private var messageBytes: [UInt8] = []
    private var fragments = 0
    private var emptyFragmentsInARow = 0
    private var validator = UTF8Validator()
    /// permessage-deflate, when the handshake agreed on it. The zlib streams are created on first use and,
    /// without context takeover, dropped after each message: an idle connection holds none.
    package let compression: PerMessageDeflate.Agreement?
    private var messageCompressed = false
    private var pendingFailure: WebSocketError?
    private var inflater: MessageInflater?
    private var deflater: MessageDeflater?
    /// Whether any bytes arrived since the last keepalive tick.
    private var heardSinceLastTick = true

    package init(
        maxFrameBytes: Int = 1 << 20, maxMessageBytes: Int = 4 << 20, maxFragments: Int = 1 << 17,
        compression: PerMessageDeflate.Agreement? = nil
    ) {
        parser = WebSocketFrameParser(maxFramePayload: maxFrameBytes)
        parser.allowsCompression = compression != nil
        self.maxMessageBytes = maxMessageBytes
        self.maxFragments = maxFragments
        self.compression = compression
    }

    /// Whether zlib state is held now (for tests of the memory rule above).
    package var holdsCompressionState: Bool { inflater != nil || deflater != nil }

    /// Bytes the frame parser moved while compacting its buffer (see `WebSocketFrameParser.bytesMoved`).
    package var parserBytesMoved: Int { parser.bytesMoved }

    /// Processes received bytes. A violation sends the right close code and closes; when messages came before it
    /// in the same bytes, the close is held back until `closeIfFailed()`, so their answers (an echo) go out first.
    package mutating func receive(_ bytes: [UInt8]) -> (events: [Event], actions: [Action]) {
        guard state != .closed else { return ([], []) }
        heardSinceLastTick = true
        if pendingFailure != nil { return ([], closeIfFailed()) }
        parser.feed(bytes)
        var events: [Event] = []
        var actions: [Action] = []
        do {
            while state != .closed, let frame = try parser.next() {
                try handle(frame, events: &events, actions: &actions)
            }
        } catch {
            let failure = error as? WebSocketError ?? .protocolViolation("\(error)")
            if events.isEmpty { actions += fail(failure) } else { pendingFailure = failure }
        }
        return (events, actions)
    }

    /// The close a violation called for, once the messages received before it have been answered.
    package mutating func closeIfFailed() -> [Action] {
        guard let failure = pendingFailure else { return [] }
        pendingFailure = nil
        return fail(failure)
    }

    package mutating func sendText(_ text: String) -> [Action] {
        guard state == .open else { return [] }
        // Uncompressed, the text's UTF-8 goes straight into the frame.
        guard compression != nil else {
            return [.send(WebSocketFrame.serialized(fin: true, compressed: false, opcode: .text, payload: text.utf8))]
        }
        return [.send(messageFrame(.text, Array(text.utf8)).serialized())]
    }

    package mutating func sendBinary(_ bytes: [UInt8]) -> [Action] {
        guard state == .open else { return [] }
        return [.send(messageFrame(.binary, bytes).serialized())]
    }

    /// One frame per message, compressed when agreed. With context takeover every message goes through the
    /// compressor, because the peer's history must match ours; without it, each message is compressed only
    /// when it is long enough and sent as is when compression would not make it smaller.
    private mutating func messageFrame(_ opcode: WebSocketFrame.Opcode, _ payload: [UInt8]) -> WebSocketFrame {
        guard let compression else { return WebSocketFrame(opcode: opcode, payload: payload) }
        let independent = compression.serverNoContextTakeover
        if independent, payload.count < max(1, compression.minimumSize) {
            return WebSocketFrame(opcode: opcode, payload: payload)
        }
        guard let deflater = deflater ?? Self.makeDeflater(compression) else {
            return WebSocketFrame(opcode: opcode, payload: payload)
        }
        let compressed = deflater.compress(payload)
        if independent {
            self.deflater = nil
            if compressed.count >= payload.count { return WebSocketFrame(opcode: opcode, payload: payload) }
        } else {
            self.deflater = deflater
        }
        return WebSocketFrame(compressed: true, opcode: opcode, payload: compressed)
    }

    private static func makeDeflater(_ agreement: PerMessageDeflate.Agreement) -> MessageDeflater? {
        let (windowBits, strategy) = agreement.deflaterSettings
        return MessageDeflater(
            windowBits: windowBits, memoryLevel: agreement.memoryLevel, strategy: strategy == .runLength ? Z_RLE : Z_DEFAULT_STRATEGY)
    }

    /// The owner calls this every keepalive interval. A peer that sent nothing since the previous tick (not even
    /// the pong to that tick's ping) is gone: close 1001 and drop the socket. Otherwise ping, so a quiet but live
    /// client answers before the next tick.
    package mutating func keepaliveTick() -> [Action] {
        guard state == .open else { return [] }
        guard heardSinceLastTick else {
            return close(code: 1001, reason: "no answer to ping") + [.closeSocket]
        }
        heardSinceLastTick = false
        return ping(Array("keepalive".utf8))
    }

    package mutating func ping(_ payload: [UInt8] = []) -> [Action] {
        guard state == .open else { return [] }
        return [.send(WebSocketFrame(opcode: .ping, payload: Array(payload.prefix(125))).serialized())]
    }

    /// Starts the close handshake (1001 when the server goes away, 1000 normally).
    package mutating func close(code: UInt16 = 1000, reason: String = "") -> [Action] {
        guard state == .open else { return [] }
        state = .closing
        return [.send(Self.closeFrame(code: code, reason: reason))]
    }

    private mutating func handle(_ frame: WebSocketFrame, events: inout [Event], actions: inout [Action]) throws {
        switch frame.opcode {
        case .ping:
            if state == .open { actions.append(.send(WebSocketFrame(opcode: .pong, payload: frame.payload).serialized())) }
        case .pong:
            events.append(.pong(frame.payload))
        case .close:
            let (code, reason) = try Self.parseClose(frame.payload)
            events.append(.closed(code: code, reason: reason))
            if state == .open { actions.append(.send(Self.closeFrame(code: code ?? 1000, reason: ""))) }
            state = .closed
            actions.append(.closeSocket)
        case .text, .binary:
            guard messageOpcode == nil else { throw WebSocketError.protocolViolation("a new message began before the last one finished") }
            messageOpcode = frame.opcode
            messageCompressed = frame.compressed
            messageBytes = []
            fragments = 0
            emptyFragmentsInARow = 0
            validator = UTF8Validator()
            try append(frame, events: &events)
        case .continuation:
            guard messageOpcode != nil else { throw WebSocketError.protocolViolation("continuation frame without a message") }
            guard !frame.compressed else { throw WebSocketError.protocolViolation("RSV1 is set on the first frame of a message only") }
            try append(frame, events: &events)
        }
    }

    private mutating func append(_ frame: WebSocketFrame, events: inout [Event]) throws {
        guard let opcode = messageOpcode else { return }
        guard messageBytes.count + frame.payload.count <= maxMessageBytes else { throw WebSocketError.tooBig }
        fragments += 1
        guard fragments <= maxFragments else { throw WebSocketError.tooBig }
        emptyFragmentsInARow = frame.payload.isEmpty && !frame.fin ? emptyFragmentsInARow + 1 : 0
        guard emptyFragmentsInARow <= Self.maxEmptyFragmentsInARow else {
            throw WebSocketError.policyViolation("\(Self.maxEmptyFragmentsInARow) empty fragments in a row")
        }
        if !frame.fin, messageBytes.isEmpty { messageBytes.reserveCapacity(min(maxMessageBytes, 64 * 1024)) }
        let start = messageBytes.count
        if messageCompressed {
            try inflate(frame)
        } else if frame.fin && messageBytes.isEmpty {
            // A message in one frame, most of them: its payload is the message, no copy.
            messageBytes = frame.payload
        } else {
            messageBytes.append(contentsOf: frame.payload)
        }
        if opcode == .text, !validator.consume(messageBytes[start...]) { throw WebSocketError.invalidUTF8 }
        guard frame.fin else { return }
        messageOpcode = nil
        let bytes = messageBytes
        messageBytes = []
        if opcode == .text {
            guard validator.isComplete else { throw WebSocketError.invalidUTF8 }
            events.append(.text(String(decoding: bytes, as: UTF8.self)))
        } else {
            events.append(.binary(bytes))
        }
    }

    /// Inflates as the fragments arrive, so UTF-8 is checked early and the message limit applies to the
    /// inflated size before the memory is spent.
    private mutating func inflate(_ frame: WebSocketFrame) throws {
        guard let compression, let inflater = inflater ?? MessageInflater() else { throw WebSocketError.corruptCompression }
        do {
            try inflater.inflate(frame.payload, final: frame.fin, limit: maxMessageBytes, into: &messageBytes)
        } catch .tooBig {
            throw WebSocketError.tooBig
        } catch {
            throw WebSocketError.corruptCompression
        }
        // Without the client's context takeover its next message starts afresh: nothing to keep.
        self.inflater = frame.fin && compression.clientNoContextTakeover ? nil : inflater
    }

    private mutating func fail(_ error: WebSocketError) -> [Action] {
        defer { state = .closed }
        let frame = state == .open ? [Action.send(Self.closeFrame(code: error.closeCode, reason: ""))] : []
        return frame + [.closeSocket]
    }

    /// Close payloads: empty, or a valid code plus UTF-8 reason (§5.5.1, §7.4).
    static func parseClose(_ payload: [UInt8]) throws -> (UInt16?, String) {
        if payload.isEmpty { return (nil, "") }
        guard payload.count >= 2 else { throw WebSocketError.protocolViolation("a close payload of one byte") }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        let allowed = (1000...1003).contains(code) || (1007...1011).contains(code) || (3000...4999).contains(code)
        guard allowed else { throw WebSocketError.protocolViolation("close code \(code) is not allowed on the wire") }
        var validator = UTF8Validator()
        let reason = Array(payload.dropFirst(2))
        guard validator.consume(reason), validator.isComplete else { throw WebSocketError.invalidUTF8 }
        return (code, String(decoding: reason, as: UTF8.self))
    }

    static func closeFrame(code: UInt16, reason: String) -> [UInt8] {
        WebSocketFrame(opcode: .close, payload: [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8.prefix(123))).serialized()
    }
}
