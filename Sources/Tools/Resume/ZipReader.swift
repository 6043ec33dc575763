import CZlib
import Foundation

/// Reads files out of a ZIP archive (what a DOCX is), defensively: bounded entry count, bounded
/// uncompressed size and compression ratio (zip bombs), CRC checked, no ZIP64.
package struct ZipReader {
    package enum ReadError: Error, Equatable, CustomStringConvertible {
        case notZip
        case unsupported(String)
        case tooLarge
        case corrupt(String)

        package var description: String {
            switch self {
            case .notZip: return "it is not a ZIP-based document"
            case .unsupported(let what): return "it uses \(what), which is not supported"
            case .tooLarge: return "it expands past its stated size or past 20 MB (a zip bomb or an unusually large document)"
            case .corrupt(let what): return "it is damaged (\(what))"
            }
        }
    }

    struct Entry {
        var name: String
        var method: UInt16
        var compressedSize: Int
        var size: Int
        var crc: UInt32
        var localHeaderOffset: Int
    }

    static let maxEntries = 5_000
    static let maxExpandedBytes = 20 * 1_048_576
    static let maxRatio = 200

    let data: [UInt8]
    let entries: [String: Entry]

    package var names: [String] { entries.keys.sorted() }

    package init(data: Data) throws {
        let bytes = [UInt8](data)
        self.data = bytes
        guard bytes.count >= 22 else { throw ReadError.notZip }
        // End of central directory: the last "PK\u{5}\u{6}" within the final 64 KiB + 22 bytes.
        var end = -1
        var position = bytes.count - 22
        while position >= max(0, bytes.count - 65_557) {
            if Self.u32(bytes, position) == 0x0605_4B50 {
                end = position
                break
            }
            position -= 1
        }
        guard end >= 0 else { throw ReadError.notZip }
        let count = Int(Self.u16(bytes, end + 10))
        let directorySize = Int(Self.u32(bytes, end + 12))
        let directoryOffset = Int(Self.u32(bytes, end + 16))
        guard count != 0xFFFF, directoryOffset != 0xFFFF_FFFF else { throw ReadError.unsupported("ZIP64") }
        guard count <= Self.maxEntries else { throw ReadError.tooLarge }
        guard directoryOffset + directorySize <= bytes.count else { throw ReadError.corrupt("central directory out of range") }
        var entries: [String: Entry] = [:]
        var cursor = directoryOffset
        for _ in 0..<count {
            guard cursor + 46 <= bytes.count, Self.u32(bytes, cursor) == 0x0201_4B50 else { throw ReadError.corrupt("bad directory entry") }
            let nameLength = Int(Self.u16(bytes, cursor + 28))
            let extraLength = Int(Self.u16(bytes, cursor + 30))
            let commentLength = Int(Self.u16(bytes, cursor + 32))
            guard cursor + 46 + nameLength <= bytes.count else { throw ReadError.corrupt("bad entry name") }
            let name = String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            entries[name] = Entry(
                name: name, method: Self.u16(bytes, cursor + 10), compressedSize: Int(Self.u32(bytes, cursor + 20)),
                size: Int(Self.u32(bytes, cursor + 24)), crc: Self.u32(bytes, cursor + 16),
                localHeaderOffset: Int(Self.u32(bytes, cursor + 42)))
            cursor += 46 + nameLength + extraLength + commentLength
        }
        try Self.checkNoOverlap(entries.values)
        // The whole archive shares one inflate budget: members are inflated only up to their declared size (see
        // `file`), so the declared sizes bound what reading every member can cost.
        guard entries.values.reduce(0, { $0 + $1.size }) <= Self.maxExpandedBytes else { throw ReadError.tooLarge }
        self.entries = entries
    }

    /// Members may not share bytes: a directory of thousands of entries pointing at one deflated member passed
    /// every per-entry limit and cost 1.7 s per entry.
    static func checkNoOverlap(_ entries: some Collection<Entry>) throws {
        var end = 0
        for entry in entries.sorted(by: { $0.localHeaderOffset < $1.localHeaderOffset }) {
            guard entry.localHeaderOffset >= end else { throw ReadError.corrupt("members overlap") }
            end = entry.localHeaderOffset + 30 + entry.compressedSize
        }
    }

    /// The uncompressed bytes of one member, or nil when the archive has no such member.
    package func file(_ name: String) throws -> Data? {
        guard let entry = entries[name] else { return nil }
        let header = entry.localHeaderOffset
        guard header + 30 <= data.count, Self.u32(data, header) == 0x0403_4B50 else {
            throw ReadError.corrupt("bad local header for \(name)")
        }
        let start = header + 30 + Int(Self.u16(data, header + 26)) + Int(Self.u16(data, header + 28))
        guard start + entry.compressedSize <= data.count else { throw ReadError.corrupt("\(name) runs past the end") }
        if entry.size > Self.maxExpandedBytes || (entry.compressedSize > 0 && entry.size / max(1, entry.compressedSize) > Self.maxRatio) {
            throw ReadError.tooLarge
        }
        let compressed = Array(data[start..<(start + entry.compressedSize)])
        let output: [UInt8]
        switch entry.method {
        case 0: output = compressed
        case 8: output = try Self.inflate(compressed, expected: entry.size)
        default: throw ReadError.unsupported("compression method \(entry.method)")
        }
        let crc = output.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == entry.crc, output.count == entry.size else { throw ReadError.corrupt("checksum mismatch in \(name)") }
        return Data(output)
    }

    /// Raw DEFLATE, stopping the moment output passes the limit, whatever the header claimed.
    static func inflate(_ input: [UInt8], expected: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard czlib_inflate_init_raw(&stream) == Z_OK else { throw ReadError.corrupt("zlib would not start") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(expected, maxExpandedBytes))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var source = input
        let status: Int32 = source.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            while true {
                let result: Int32 = chunk.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = uInt(outputBuffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                // Past the declared size the checksum check would fail anyway; stop before spending more.
                if output.count > min(expected, maxExpandedBytes) { return Z_MEM_ERROR }
                if result == Z_STREAM_END { return Z_OK }
                if result != Z_OK || (produced == 0 && stream.avail_in == 0) { return result == Z_OK ? Z_DATA_ERROR : result }
            }
        }
        if status == Z_MEM_ERROR { throw ReadError.tooLarge }
        guard status == Z_OK else { throw ReadError.corrupt("bad compressed data") }
        return output
    }

    static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
