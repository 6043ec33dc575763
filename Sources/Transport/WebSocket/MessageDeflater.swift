import CZlib

/// Compresses whole messages for permessage-deflate (RFC 7692 §7.2.1): raw DEFLATE, flushed to a byte boundary,
/// the trailing 00 00 FF FF removed. The history carries over to the next message unless `reset()` is called,
/// which is what context takeover means.
///
/// A class because zlib's stream keeps a pointer to itself: it must not move. One connection owns it and uses
/// it on one event loop, hence `@unchecked Sendable`.
final class MessageDeflater: @unchecked Sendable {
    private let stream: UnsafeMutablePointer<z_stream>

    /// `windowBits` 9...15 (zlib's raw deflate cannot do 8; `PerMessageDeflate` handles that case), `memoryLevel`
    /// 1...9: together they set the memory zlib allocates, (1 << (windowBits + 2)) + (1 << (memoryLevel + 9)).
    init?(windowBits: Int, memoryLevel: Int, strategy: Int32 = Z_DEFAULT_STRATEGY) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard czlib_deflate_init_window(stream, Int32(windowBits), Int32(memoryLevel), strategy) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func compress(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count / 2 + 64)
        var chunk = [UInt8](repeating: 0, count: max(1024, min(message.count + 64, 256 * 1024)))
        message.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = UInt32(input.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.pointee.next_out = buffer.baseAddress
                    stream.pointee.avail_out = UInt32(buffer.count)
                    _ = deflate(stream, Z_SYNC_FLUSH)
                    return buffer.count - Int(stream.pointee.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while stream.pointee.avail_out == 0
            stream.pointee.next_in = nil
        }
        // Z_SYNC_FLUSH ends with an empty stored block, 00 00 FF FF; the receiver adds it back (§7.2.1).
        if output.count >= 4, output.suffix(4).elementsEqual([0x00, 0x00, 0xFF, 0xFF]) { output.removeLast(4) }
        return output
    }

    /// Forgets the history, for `no_context_takeover`.
    func reset() {
        deflateReset(stream)
    }
}
