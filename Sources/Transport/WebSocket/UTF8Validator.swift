/// Incremental UTF-8 validation (RFC 3629): bytes can arrive split anywhere, so text fragments are checked
/// as they come and a broken sequence is caught at the first byte that proves it.
package struct UTF8Validator: Sendable {
    private var needed = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    package init() {}

    /// False as soon as the bytes cannot be UTF-8, whatever follows. Runs of ASCII, most of chat text, are
    /// checked eight bytes at a time.
    package mutating func consume<Bytes: Sequence>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({ consume(UnsafeRawBufferPointer($0)) }) { return result }
        return consumeBytewise(bytes)
    }

    private mutating func consume(_ raw: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = raw.count
        while index < count {
            if needed == 0 {
                while index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                if index == count { break }
            }
            let end = min(count, index + 8)
            guard consumeBytewise(UnsafeRawBufferPointer(rebasing: raw[index..<end])) else { return false }
            index = end
        }
        return true
    }

    private mutating func consumeBytewise<Bytes: Sequence>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        for byte in bytes {
            if needed == 0 {
                switch byte {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: needed = 1
                case 0xE0:
                    needed = 2
                    lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: needed = 2
                case 0xED:
                    needed = 2
                    upper = 0x9F
                case 0xF0:
                    needed = 3
                    lower = 0x90
                case 0xF1...0xF3: needed = 3
                case 0xF4:
                    needed = 3
                    upper = 0x8F
                default: return false
                }
            } else {
                guard byte >= lower && byte <= upper else { return false }
                lower = 0x80
                upper = 0xBF
                needed -= 1
            }
        }
        return true
    }

    /// True when no sequence is left unfinished.
    package var isComplete: Bool { needed == 0 }
}
