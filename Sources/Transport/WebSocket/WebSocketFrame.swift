import Foundation

/// One WebSocket frame (RFC 6455 §5.2), payload already unmasked.
package struct WebSocketFrame: Equatable, Sendable {
    package enum Opcode: UInt8, Sendable {
        case continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA

        package var isControl: Bool { rawValue >= 0x8 }
    }

    package var fin: Bool
    /// RSV1: with permessage-deflate, set on a compressed message's first frame (RFC 7692 §6).
    package var compressed: Bool
    package var opcode: Opcode
    package var payload: [UInt8]

    package init(fin: Bool = true, compressed: Bool = false, opcode: Opcode, payload: [UInt8]) {
        self.fin = fin
        self.compressed = compressed
        self.opcode = opcode
        self.payload = payload
    }

    /// A server frame: never masked (§5.1).
    package func serialized() -> [UInt8] {
        Self.serialized(fin: fin, compressed: compressed, opcode: opcode, payload: payload)
    }

    /// Header and payload in one allocation: a frame per message is the server's hottest path.
    static func serialized<Payload: Collection<UInt8>>(fin: Bool, compressed: Bool, opcode: Opcode, payload: Payload) -> [UInt8] {
        let length = payload.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length + 10)
        bytes.append((fin ? 0x80 : 0) | (compressed ? 0x40 : 0) | opcode.rawValue)
        if length < 126 {
            bytes.append(UInt8(length))
        } else if length <= 0xFFFF {
            bytes.append(126)
            bytes.append(UInt8(length >> 8))
            bytes.append(UInt8(length & 0xFF))
        } else {
            bytes.append(127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((UInt64(length) >> UInt64(shift)) & 0xFF)) }
        }
        bytes.append(contentsOf: payload)
        return bytes
    }
}

/// Frames from client bytes, without I/O: feed bytes as they arrive, take complete frames.
/// Violations are `WebSocketError`s carrying the close code to send.
package struct WebSocketFrameParser: Sendable {
    package let maxFramePayload: Int
    /// RSV1 is legal once permessage-deflate is agreed; the connection checks which frames may carry it.
    package var allowsCompression = false
    /// Received bytes; those before `readIndex` are parsed already. Parsing advances the index instead of removing
    /// each frame from the front (which copied the rest of the buffer once per frame: quadratic in a read of many
    /// small frames), and the parsed prefix is dropped only when it is at least half the buffer.
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Bytes moved by compaction, for the linearity test: never more than the bytes fed.
    package private(set) var bytesMoved = 0

    package init(maxFramePayload: Int) {
        self.maxFramePayload = maxFramePayload
    }

    package mutating func feed(_ bytes: [UInt8]) {
        if readIndex > 0, readIndex * 2 >= buffer.count {
            bytesMoved += buffer.count - readIndex
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        // The common case, a read of whole frames with nothing left over: take the array as it is, without a copy.
        if buffer.isEmpty { buffer = bytes } else { buffer += bytes }
    }

    /// The next complete frame, nil when more bytes are needed.
    package mutating func next() throws -> WebSocketFrame? {
        let available = buffer.count - readIndex
        guard available >= 2 else { return nil }
        let base = readIndex
        let first = buffer[base]
        let second = buffer[base + 1]
        let reserved = first & (allowsCompression ? 0x30 : 0x70)
        guard reserved == 0 else { throw WebSocketError.protocolViolation("reserved bits set without an extension") }
        let compressed = first & 0x40 != 0
        guard let opcode = WebSocketFrame.Opcode(rawValue: first & 0x0F) else {
            throw WebSocketError.protocolViolation("reserved opcode \(first & 0x0F)")
        }
        let fin = first & 0x80 != 0
        guard second & 0x80 != 0 else { throw WebSocketError.protocolViolation("client frames must be masked") }
        var length = Int(second & 0x7F)
        var offset = 2
        if length == 126 {
            guard available >= 4 else { return nil }
            length = Int(buffer[base + 2]) << 8 | Int(buffer[base + 3])
            guard length >= 126 else { throw WebSocketError.protocolViolation("length not minimally encoded") }
            offset = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            var value: UInt64 = 0
            for index in 2..<10 { value = value << 8 | UInt64(buffer[base + index]) }
            guard value >> 63 == 0 else { throw WebSocketError.protocolViolation("64-bit length with the top bit set") }
            guard value > 0xFFFF else { throw WebSocketError.protocolViolation("length not minimally encoded") }
            guard value <= UInt64(maxFramePayload) else { throw WebSocketError.tooBig }
            length = Int(value)
            offset = 10
        }
        if opcode.isControl {
            guard fin else { throw WebSocketError.protocolViolation("control frames cannot be fragmented") }
            guard length <= 125 else { throw WebSocketError.protocolViolation("control frame payload over 125 bytes") }
            guard !compressed else { throw WebSocketError.protocolViolation("control frames cannot be compressed") }
        }
        guard length <= maxFramePayload else { throw WebSocketError.tooBig }
        guard available >= offset + 4 + length else { return nil }
        let mask = (buffer[base + offset], buffer[base + offset + 1], buffer[base + offset + 2], buffer[base + offset + 3])
        let start = base + offset + 4
        var payload = Array(buffer[start..<(start + length)])
        Self.unmask(&payload, mask)
        readIndex = start + length
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            readIndex = 0
        }
        return WebSocketFrame(fin: fin, compressed: compressed, opcode: opcode, payload: payload)
    }
}

extension WebSocketFrameParser {
    /// XORs the payload with the 4-byte mask (§5.3), eight bytes at a time: byte by byte, unmasking was the
    /// largest cost of a large message.
    static func unmask(_ payload: inout [UInt8], _ mask: (UInt8, UInt8, UInt8, UInt8)) {
        let key = [mask.0, mask.1, mask.2, mask.3]
        payload.withUnsafeMutableBytes { raw in
            let half = UInt64(UInt32(mask.0) | UInt32(mask.1) << 8 | UInt32(mask.2) << 16 | UInt32(mask.3) << 24)
            let wide = UInt64(littleEndian: half | half << 32)
            var index = 0
            while index + 8 <= raw.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ wide
                raw.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < raw.count {
                raw[index] ^= key[index & 3]
                index += 1
            }
        }
    }
}

/// What ends a connection, with the close code RFC 6455 §7.4.1 assigns.
package enum WebSocketError: Error, Equatable, Sendable {
    case protocolViolation(String)
    case invalidUTF8
    /// A compressed message that does not inflate: 1007, data inconsistent with its type.
    case corruptCompression
    case tooBig
    /// Legal framing used as an attack (endless empty continuation frames): 1008, policy violation.
    case policyViolation(String)

    package var closeCode: UInt16 {
        switch self {
        case .protocolViolation: return 1002
        case .invalidUTF8, .corruptCompression: return 1007
        case .tooBig: return 1009
        case .policyViolation: return 1008
        }
    }
}
