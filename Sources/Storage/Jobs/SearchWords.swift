import Foundation

/// The words of a search, shared by both index backends so they look for the same terms.
package enum SearchWords {
    /// Lower-cased words, at most `limit` (12 for a query); "+" and "#" stay inside words ("c++", "c#").
    package static func words(_ text: String, limit: Int = 12) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "+" || $0 == "#") }
            .map(String.init).filter { !$0.isEmpty }.prefix(limit).map { $0 }
    }

    /// The letter-and-digit runs of the words, as both indexes tokenize documents ("node.js" → "node", "js").
    package static func indexTokens(_ words: [String]) -> [String] {
        words.flatMap { word in
            word.folding(options: .diacriticInsensitive, locale: nil).split { !($0.isLetter || $0.isNumber) }.map(String.init)
        }
    }

    /// Tokens of three characters or more match as prefixes ("nurs" finds "nurses"); shorter ones only as
    /// themselves, or "rn" would find "RNAV" and "go" every "good".
    package static func matchesAsPrefix(_ token: String) -> Bool { token.count >= 3 }

    /// Each word cut to a shorter stem, so "kubernets" still finds "kubernetes".
    package static func stems(_ text: String) -> [String] {
        words(text).map { word in word.count >= 5 ? String(word.prefix(max(4, word.count - 3))) : word }
    }
}
