import Foundation

/// Splits prose into sentences without breaking "2.4 s", "v1.2", "e.g.", "Dr. Smith" or "J. R. R. Tolkien":
/// a period, "!" or "?" ends a sentence only before whitespace and a capital, a digit, a quote or the end,
/// and a period never ends one after a known abbreviation or a single capital initial.
package enum SentenceSplitter {
    package static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            if ".!?".contains(character), endsSentence(characters, at: index, current: current) {
                // Keep closing quotes and brackets with their sentence.
                while index + 1 < characters.count, "\"'”’)]".contains(characters[index + 1]) {
                    index += 1
                    current.append(characters[index])
                }
                append(current, to: &sentences)
                current = ""
            } else if character == "\n", index + 1 < characters.count, characters[index + 1] == "\n" {
                append(current, to: &sentences)
                current = ""
            }
            index += 1
        }
        append(current, to: &sentences)
        return sentences
    }

    /// At most `limit` characters, cut at a word boundary with "…", never inside a number or a word.
    package static func shorten(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        let head = text.prefix(limit - 1)
        let cut = head.lastIndex(where: \.isWhitespace).map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:-")) + "…"
    }

    private static func append(_ sentence: String, to sentences: inout [String]) {
        let trimmed = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { sentences.append(trimmed) }
    }

    private static func endsSentence(_ characters: [Character], at index: Int, current: String) -> Bool {
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        guard let next else { return true }
        // "2.4", "v1.2", "node.js", "…": no space, no break.
        guard next.isWhitespace else { return false }
        guard characters[index] == "." else { return true }
        let word = current.dropLast().split(whereSeparator: \.isWhitespace).last.map(String.init) ?? ""
        let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "(\"'“"))
        if titleAbbreviations.contains(bare) || abbreviations.contains(bare.lowercased()) { return false }
        // An initial: "J. Smith".
        if bare.count == 1, bare.first?.isUppercase == true { return false }
        // Dotted abbreviations: "e.g.", "U.S.", "a.m." (the dot inside the word gives them away).
        if bare.contains("."), bare.count <= 6, bare.allSatisfy({ $0.isLetter || $0 == "." }) {
            let following = characters[(index + 1)...].first { !$0.isWhitespace }
            return following?.isUppercase == true && !["e.g", "i.e", "cf", "vs"].contains(bare.lowercased())
        }
        // The next word should start a sentence.
        let following = characters[(index + 1)...].first { !$0.isWhitespace }
        guard let following else { return true }
        return following.isUppercase || following.isNumber || "\"“'(".contains(following)
    }

    /// Abbreviations that are capitalised ("Dr. Smith"); lower-case "ms." is milliseconds and may end a sentence.
    static let titleAbbreviations: Set<String> = [
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Inc", "Ltd", "Co", "Corp", "No", "Dept", "Fig", "Jan", "Feb",
        "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mt", "Ft", "Gov", "Gen", "Capt", "Lt",
    ]
    /// Abbreviations in any case that never end a sentence.
    static let abbreviations: Set<String> = ["vs", "approx", "e.g", "i.e", "cf", "a.m", "p.m", "u.s", "u.k", "incl", "esp"]
}
