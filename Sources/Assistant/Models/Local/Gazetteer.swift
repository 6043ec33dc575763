import Foundation

/// Phrase dictionaries the slot extractor and the tagger match against: job titles, places, technologies,
/// tools and equipment, certifications and licences, and languages.
/// Keys are token texts joined by single spaces (see `Gazetteer.key`).
package struct Gazetteer: Sendable {
    package struct Place: Sendable, Equatable {
        package var name: String
        package var countryCode: String
        package var population: Int
        package var isCountry: Bool
    }

    package var titles: [String: String]
    package var places: [String: Place]
    package var skills: [String: String]
    /// O*NET tools and equipment ("stethoscopes", "forklifts"), singular and plural.
    package var tools: [String: String]
    package var certifications: [String: String]
    package var languages: [String: String]
    package var maxTitleWords: Int
    package var maxPlaceWords: Int
    package var maxSkillWords: Int
    package var maxToolWords: Int
    package var maxCertificationWords: Int

    package init(
        titles: [String: String] = [:], places: [String: Place] = [:], skills: [String: String] = [:],
        tools: [String: String] = [:], certifications: [String: String] = [:], languages: [String: String] = [:]
    ) {
        self.titles = titles
        self.places = places
        self.skills = skills
        self.tools = tools
        self.certifications = certifications
        self.languages = languages
        maxTitleWords = Self.longestKey(titles.keys)
        maxPlaceWords = Self.longestKey(places.keys)
        maxSkillWords = Self.longestKey(skills.keys)
        maxToolWords = Self.longestKey(tools.keys)
        maxCertificationWords = Self.longestKey(certifications.keys)
    }

    /// A skill as the catalogs spell it, whether it is a technology, a tool or a certification.
    package func canonicalSkill(_ key: String) -> String? {
        skills[key] ?? certifications[key] ?? tools[key]
    }

    package static func key<Phrase: StringProtocol>(_ phrase: Phrase) -> String {
        // Most catalog names are plain ASCII words ("Adobe Acrobat", "Forklifts"); for those the tokenizer's
        // answer is the lower-cased words joined by one space, computed here without tokenising (start-up reads
        // tens of thousands of names before the first prompt).
        let utf8 = phrase.utf8
        if utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 }) {
            return phrase.lowercased().split(separator: " ").joined(separator: " ")
        }
        return Tokenizer.tokenize(String(phrase)).map(\.text).joined(separator: " ")
    }

    private static func longestKey<Keys: Sequence>(_ keys: Keys) -> Int where Keys.Element == String {
        min(keys.reduce(0) { max($0, $1.split(separator: " ").count) }, 8)
    }

    /// The longest phrase starting at `start` found in `dictionary`, as (length in tokens, value).
    func longestMatch<Value>(
        in tokens: [Token], at start: Int, dictionary: [String: Value], maxWords: Int
    ) -> (length: Int, value: Value)? {
        guard tokens[start].isWord else { return nil }
        var key = ""
        var best: (Int, Value)?
        for length in 1...max(1, min(maxWords, tokens.count - start)) {
            let token = tokens[start + length - 1]
            guard token.isWord || token.number != nil else { break }
            key += (length == 1 ? "" : " ") + token.text
            if let value = dictionary[key] { best = (length, value) }
        }
        return best
    }

    /// All non-overlapping longest matches, left to right.
    func matches<Value>(in tokens: [Token], dictionary: [String: Value], maxWords: Int) -> [(range: Range<Int>, value: Value)] {
        var found: [(Range<Int>, Value)] = []
        var index = 0
        while index < tokens.count {
            if let match = longestMatch(in: tokens, at: index, dictionary: dictionary, maxWords: maxWords) {
                found.append((index..<(index + match.length), match.value))
                index += match.length
            } else {
                index += 1
            }
        }
        return found
    }
}
