/// Search words as the exact words the index holds, on both indexes.
///
/// A prefix term ("manager*") makes either index read every posting of every word it covers before it
/// intersects anything (28 ms for "senior project manager" on PostgreSQL at a million postings); the same term
/// written as the words it stands for ("manager" OR "managers") is intersected entry by entry, skipping ahead.
/// And a prefix covers words that are not the one typed: "nurse" found "Nursery School Teacher", "java" every
/// JavaScript job, "sales" every Salesforce one. A typed word therefore stands for itself and its inflections
/// only; a shortened stem (the typo fallback, "kubernets" → "kuberne") still stands for every completion.
package struct SearchTerms: Sendable, Equatable {
    package enum Term: Sendable, Equatable {
        /// Any of these words.
        case anyOf([String])
        /// Every word starting with this, when it stands for too many to list.
        case prefix(String)
    }

    package let terms: [Term]

    /// Beyond this many words a prefix stays a prefix term: "pro*" would be a query of hundreds of words.
    package static let maximumWords = 64

    /// Endings that keep a word the same word ("engineer" → "engineers", "engineering"; "manage" → "manager",
    /// "management"). "nurse" → "nursery", "java" → "javascript" and "account" → "accountant" are other words.
    static let inflections: Set<String> = [
        "", "s", "es", "d", "ed", "ing", "ings", "r", "rs", "er", "ers", "or", "ors", "ment", "ments", "ist", "ists", "ian", "ians",
    ]

    package static func isInflection(_ word: String, of token: String) -> Bool {
        word.hasPrefix(token) && inflections.contains(String(word.dropFirst(token.count)))
    }

    /// What to look up in the index's vocabulary (`job_words`) for the tokens that match as prefixes: a typed word's
    /// inflected forms, or every word starting with a three-letter word or a stem (at most one more than
    /// `maximumWords`, which is enough to know there are too many).
    package struct Lookups: Sendable, Equatable {
        package var forms: [String: [String]] = [:]
        package var ranges: [String] = []
    }

    package static func lookups(for tokens: [String], inflectionsOnly: Bool) -> Lookups {
        var lookups = Lookups()
        for token in Set(tokens.filter(SearchWords.matchesAsPrefix)).sorted() {
            if isStrict(token, inflectionsOnly: inflectionsOnly) {
                lookups.forms[token] = inflections.sorted().map { token + $0 }
            } else {
                lookups.ranges.append(token)
            }
        }
        return lookups
    }

    /// Three letters are mostly an abbreviation ("dev", "eng", "ops") that stands for the longer word.
    static func isStrict(_ token: String, inflectionsOnly: Bool) -> Bool { inflectionsOnly && token.count > 3 }

    /// `completions` holds, for each prefix token, the indexed words that start with it. Nil when some token stands
    /// for no indexed word at all: then no posting holds every word. Stored words with other characters ("full-time") are
    /// also stored as their parts, so they are found through those.
    package init?(tokens: [String], completions: [String: [String]], inflectionsOnly: Bool) {
        var terms: [Term] = []
        for token in tokens {
            guard SearchWords.matchesAsPrefix(token) else {
                terms.append(.anyOf([token]))
                continue
            }
            let strict = Self.isStrict(token, inflectionsOnly: inflectionsOnly)
            let words = (completions[token] ?? []).filter { word in
                word.allSatisfy { $0.isLetter || $0.isNumber } && (!strict || Self.isInflection(word, of: token))
            }
            if words.isEmpty { return nil }
            terms.append(words.count > Self.maximumWords ? .prefix(token) : .anyOf(Array(Set(words)).sorted()))
        }
        guard !terms.isEmpty else { return nil }
        self.terms = terms
    }

    /// Each term's words, for estimating how common a title is (a prefix term has none listed).
    package var words: [[String]] {
        terms.map { term in
            switch term {
            case .anyOf(let words): return words
            case .prefix: return []
            }
        }
    }

    /// A `to_tsquery('simple', …)` text: terms joined by `&`, words by `|`.
    package var tsquery: String { rendered(quote: Self.quotedTS, prefixMark: ":*", or: " | ", and: " & ") }

    /// An FTS5 expression: terms joined by AND (FTS5 reads side-by-side terms as AND only between phrases, not
    /// beside a parenthesised OR), words by OR, every word quoted.
    package var fts5Expression: String { rendered(quote: Self.quotedFTS, prefixMark: "*", or: " OR ", and: " AND ") }

    private func rendered(quote: (String) -> String, prefixMark: String, or: String, and: String) -> String {
        terms.map { term in
            switch term {
            case .prefix(let token): return quote(token) + prefixMark
            case .anyOf(let words) where words.count == 1: return quote(words[0])
            case .anyOf(let words): return "(" + words.map(quote).joined(separator: or) + ")"
            }
        }.joined(separator: and)
    }

    private static func quotedTS(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "''") + "'" }
    private static func quotedFTS(_ word: String) -> String { "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
