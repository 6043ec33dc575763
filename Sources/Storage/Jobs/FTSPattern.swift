import Foundation

/// Builds FTS5 MATCH patterns from user text. Every word becomes a quoted prefix term, so quotes,
/// NEAR, *, ^, parentheses or column filters typed by a user are plain text, never query syntax.
enum FTSPattern {
    static func allPrefixes(of text: String) -> String? { prefixTerms(SearchWords.words(text)) }

    static func stems(of text: String) -> String? { prefixTerms(SearchWords.stems(text)) }

    private static func prefixTerms(_ words: [String]) -> String? {
        let terms = SearchWords.indexTokens(words).map { token in
            "\"" + token.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (SearchWords.matchesAsPrefix(token) ? "*" : "")
        }
        return terms.isEmpty ? nil : terms.joined(separator: " ")
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
