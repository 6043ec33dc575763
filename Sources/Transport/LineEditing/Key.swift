import Foundation

/// A key press as the line editor understands it.
package enum Key: Equatable, Sendable {
    case character(Character)
    case enter
    case backspace
    case delete
    case left, right, up, down
    case home, end
    case wordLeft, wordRight
    /// Ctrl-U: delete to the start of the line.
    case killToStart
    /// Ctrl-K: delete to the end of the line.
    case killToEnd
    /// Ctrl-W: delete the word before the cursor.
    case deleteWordBack
    /// Ctrl-C at the prompt: abandon the line.
    case interrupt
    /// Ctrl-D: end of input on an empty line, delete otherwise.
    case endOfInput
    /// Ctrl-L: clear the screen.
    case clearScreen
    /// A byte sequence that is not valid UTF-8.
    case invalid
    /// An escape sequence or control key the editor does not use.
    case ignored
}

/// Turns terminal bytes into keys: UTF-8 text, control characters and ANSI/VT escape sequences.
/// Sans-IO: feed bytes as they arrive, take the keys that are complete.
package struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    package init() {}

    package mutating func feed(_ bytes: [UInt8]) -> [Key] {
        pending.append(contentsOf: bytes)
        var keys: [Key] = []
        while let (key, length) = Self.decodeOne(pending[...]) {
            keys.append(key)
            pending.removeFirst(length)
        }
        return keys
    }

    /// Decodes the first key of `bytes`: nil when more bytes are needed.
    static func decodeOne(_ bytes: ArraySlice<UInt8>) -> (Key, Int)? {
        guard let first = bytes.first else { return nil }
        switch first {
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x01: return (.home, 1)
        case 0x05: return (.end, 1)
        case 0x02: return (.left, 1)
        case 0x06: return (.right, 1)
        case 0x10: return (.up, 1)
        case 0x0E: return (.down, 1)
        case 0x15: return (.killToStart, 1)
        case 0x0B: return (.killToEnd, 1)
        case 0x17: return (.deleteWordBack, 1)
        case 0x03: return (.interrupt, 1)
        case 0x04: return (.endOfInput, 1)
        case 0x0C: return (.clearScreen, 1)
        case 0x09: return (.character(" "), 1)
        case 0x1B: return decodeEscape(bytes)
        case 0x00..<0x20: return (.ignored, 1)
        default: return decodeUTF8(bytes)
        }
    }

    private static func decodeEscape(_ bytes: ArraySlice<UInt8>) -> (Key, Int)? {
        let start = bytes.startIndex
        guard bytes.count >= 2 else { return nil }
        let second = bytes[start + 1]
        if second == UInt8(ascii: "b") { return (.wordLeft, 2) }
        if second == UInt8(ascii: "f") { return (.wordRight, 2) }
        if second == 0x7F { return (.deleteWordBack, 2) }
        guard second == UInt8(ascii: "[") || second == UInt8(ascii: "O") else { return (.ignored, 1) }
        // CSI: parameters (digits and ';') then one final byte in 0x40...0x7E.
        var index = start + 2
        while index < bytes.endIndex, (0x30...0x3F).contains(bytes[index]) { index += 1 }
        guard index < bytes.endIndex else { return bytes.count > 16 ? (.ignored, bytes.count) : nil }
        let final = bytes[index]
        let parameters = String(decoding: bytes[(start + 2)..<index], as: UTF8.self)
        let length = index - start + 1
        let modified = parameters.hasSuffix(";5") || parameters.hasSuffix(";3")
        switch final {
        case UInt8(ascii: "A"): return (.up, length)
        case UInt8(ascii: "B"): return (.down, length)
        case UInt8(ascii: "C"): return (modified ? .wordRight : .right, length)
        case UInt8(ascii: "D"): return (modified ? .wordLeft : .left, length)
        case UInt8(ascii: "H"): return (.home, length)
        case UInt8(ascii: "F"): return (.end, length)
        case UInt8(ascii: "~"):
            switch parameters {
            case "1", "7": return (.home, length)
            case "4", "8": return (.end, length)
            case "3": return (.delete, length)
            default: return (.ignored, length)
            }
        default: return (.ignored, length)
        }
    }

    private static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> (Key, Int)? {
        let first = bytes[bytes.startIndex]
        let length: Int
        switch first {
        case 0x20..<0x80: length = 1
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default: return (.invalid, 1)
        }
        guard bytes.count >= length else { return nil }
        let sequence = bytes.prefix(length)
        guard let text = String(validating: sequence, as: UTF8.self), let character = text.first else {
            return (.invalid, 1)
        }
        return (.character(character), length)
    }
}
