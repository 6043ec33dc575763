import Foundation

/// A word, number or currency sign of an utterance, with its original spelling kept for slot values.
package struct Token: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case word
        /// A number as written, already scaled by a `k`/`m` suffix ("120k" is 120,000).
        case number(Double, scaled: Bool)
        case currency(String)
        case path
        /// A comma or semicolon: it separates list items and ends phrases.
        case separator
    }

    /// Lower-cased, accents folded: what gazetteers and the classifier compare.
    package var text: String
    package var original: String
    package var kind: Kind

    package var number: Double? {
        if case .number(let value, _) = kind { return value }
        return nil
    }

    package var isWord: Bool { kind == .word }
}

/// Splits user text into tokens. Keeps "c++", "c#", "node.js", "120,000" and "~/cv.pdf" whole.
package enum Tokenizer {
    package static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if isPathStart(scalars, index) {
                let end = scanWhile(scalars, from: index) { !isSpace($0) && !"\"'),;".unicodeScalars.contains($0) }
                let raw = String(String.UnicodeScalarView(scalars[index..<end]))
                let path = raw.hasSuffix(".") ? String(raw.dropLast()) : raw
                tokens.append(Token(text: path, original: path, kind: .path))
                index = end
            } else if scalar == "," || scalar == ";" {
                tokens.append(Token(text: String(scalar), original: String(scalar), kind: .separator))
                index += 1
            } else if "$€£¥₹".unicodeScalars.contains(scalar) {
                tokens.append(Token(text: String(scalar), original: String(scalar), kind: .currency(String(scalar))))
                index += 1
            } else if isWordCharacter(scalar)
                || (scalar == "." && index + 1 < scalars.count
                    && isLetter(scalars[index + 1]) && (index == 0 || isSpace(scalars[index - 1])))
            {
                var end = index + 1
                while end < scalars.count {
                    let next = scalars[end]
                    if isWordCharacter(next) || next == "+" || next == "#" {
                        end += 1
                    } else if next == "." || next == "," || next == "'" || next == "’", end + 1 < scalars.count,
                        isWordCharacter(scalars[end + 1]),
                        next != "," || (isDigit(scalars[index]) && isDigit(scalars[end + 1]))
                    {
                        end += 2
                    } else {
                        break
                    }
                }
                let original = String(String.UnicodeScalarView(scalars[index..<end]))
                tokens.append(makeWordOrNumber(original))
                index = end
            } else {
                index += 1
            }
        }
        return tokens
    }

    package static func normalize(_ text: String) -> String {
        // Foundation's folding is slow on Linux; most text (and all of data/'s titles) is ASCII.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return folded.contains("’") ? folded.replacingOccurrences(of: "’", with: "'") : folded
    }

    private static func makeWordOrNumber(_ original: String) -> Token {
        let folded = normalize(original)
        let withoutApostrophes = folded.contains("'") ? folded.replacingOccurrences(of: "'", with: "") : folded
        if let first = folded.unicodeScalars.first, isDigit(first), let value = parseNumber(folded) {
            return Token(text: withoutApostrophes, original: original, kind: .number(value.value, scaled: value.scaled))
        }
        return Token(text: withoutApostrophes, original: original, kind: .word)
    }

    /// "120,000" → 120000; "120k" / "120k+" → 120000 (scaled); "1.5m" → 1500000; "3rd" is not a number.
    static func parseNumber(_ text: String) -> (value: Double, scaled: Bool)? {
        var body = text.replacingOccurrences(of: ",", with: "")
        while body.hasSuffix("+") { body.removeLast() }
        var multiplier = 1.0
        if body.hasSuffix("k") {
            multiplier = 1_000
            body.removeLast()
        } else if body.hasSuffix("mm") {
            multiplier = 1_000_000
            body.removeLast(2)
        } else if body.hasSuffix("m") {
            multiplier = 1_000_000
            body.removeLast()
        }
        guard let value = Double(body) else { return nil }
        return (value * multiplier, multiplier != 1)
    }

    private static func isPathStart(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        guard
            index == 0 || isSpace(scalars[index - 1]) || scalars[index - 1] == "\""
                || scalars[index - 1] == "'"
        else { return false }
        let scalar = scalars[index]
        let next = index + 1 < scalars.count ? scalars[index + 1] : " "
        if scalar == "~" && next == "/" { return true }
        if scalar == "/" && isWordCharacter(next) { return true }
        if scalar == "." && (next == "/" || (next == "." && index + 2 < scalars.count && scalars[index + 2] == "/")) {
            return true
        }
        return false
    }

    private static func scanWhile(_ scalars: [Unicode.Scalar], from start: Int, _ keep: (Unicode.Scalar) -> Bool) -> Int {
        var end = start
        while end < scalars.count, keep(scalars[end]) { end += 1 }
        return end
    }

    // Unicode property lookups are slow; ASCII, which is nearly all input and data, is decided directly.
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A }
        return scalar.properties.isAlphabetic
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool { isLetter(scalar) || isDigit(scalar) }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" }
        return scalar.properties.isWhitespace
    }
}
