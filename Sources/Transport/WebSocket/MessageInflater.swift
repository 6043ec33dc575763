import CZlib

/// Decompresses permessage-deflate messages fragment by fragment (RFC 7692 §7.2.2), stopping as soon as the output
/// passes a limit, so a small message that inflates to gigabytes costs at most the limit plus one chunk.
/// A class for the same reason as `MessageDeflater`.
final class MessageInflater: @unchecked Sendable {
    enum Failure: Error, Equatable {
        case tooBig
        case corrupt
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private static let tail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]
    private static let chunkSize = 16 * 1024

    /// Always the largest window: it inflates whatever window the peer chose, and zlib allocates it only when
    /// the first compressed message arrives.
    init?() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard czlib_inflate_init_window(stream, 15) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates one fragment's payload and appends it to `output`; `final` marks the message's last fragment.
    /// Throws `.tooBig` once `output` would pass `limit`.
    func inflate(_ fragment: [UInt8], final: Bool, limit: Int, into output: inout [UInt8]) throws(Failure) {
        try feed(fragment, limit: limit, into: &output)
        if final { try feed(Self.tail, limit: limit, into: &output) }
    }

    /// Forgets the history, for `no_context_takeover`.
    func reset() {
        inflateReset(stream)
    }

    private func feed(_ input: [UInt8], limit: Int, into output: inout [UInt8]) throws(Failure) {
        guard !input.isEmpty else { return }
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        var failure: Failure?
        input.withUnsafeBufferPointer { bytes in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress)
            stream.pointee.avail_in = UInt32(bytes.count)
            defer { stream.pointee.next_in = nil }
            while true {
                var status: Int32 = Z_OK
                let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.pointee.next_out = buffer.baseAddress
                    stream.pointee.avail_out = UInt32(buffer.count)
                    status = CZlib.inflate(stream, Z_SYNC_FLUSH)
                    return buffer.count - Int(stream.pointee.avail_out)
                }
                guard output.count + produced <= limit else {
                    failure = .tooBig
                    return
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_OK: break
                // A peer may end its DEFLATE stream (BFINAL) inside a message; what follows starts a new one.
                case Z_STREAM_END: inflateReset(stream)
                // No progress is possible: everything given has been consumed.
                case Z_BUF_ERROR: return
                default:
                    failure = .corrupt
                    return
                }
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return }
            }
        }
        if let failure { throw failure }
    }
}
