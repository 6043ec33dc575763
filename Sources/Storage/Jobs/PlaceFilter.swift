/// A place filter as both job indexes read it. A posting is in the place when its location or its country
/// code holds one of the phrases as whole words: "London" finds "London, ENG, GB" (and "New London, CT") but
/// not "Londonderry"; "DE" finds "Berlin, BE, DE" and Delaware's "Dover, DE, US" but not "Denver". Both indexes hold the place's words in a text index (SQLite FTS5, PostgreSQL tsvector + GIN), so a
/// place that matches nothing costs an index lookup instead of a scan of every posting the text matched.
package struct PlaceFilter: Sendable, Equatable {
    /// Each phrase is the index tokens of one way of saying the place, in order.
    package let phrases: [[String]]

    /// `location` as the person wrote it and the other ways postings write it (", TX" for Texas). Nil when
    /// none of them has a letter or digit: such a filter could only match nothing, so it is not applied.
    package init?(location: String?, alternatives: [String] = []) {
        guard let location else { return nil }
        var seen = Set<[String]>()
        let phrases = ([location] + alternatives)
            .map { SearchWords.indexTokens(SearchWords.words($0)) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        guard !phrases.isEmpty else { return nil }
        self.phrases = phrases
    }

    /// A posting's place and country code as space-separated index tokens with a space at each end
    /// (" houston tx us "), so a phrase is in the place exactly when " phrase " is a substring of this.
    package static func storedWords(location: String, country: String?) -> String {
        " " + SearchWords.indexTokens(SearchWords.words(location + " " + (country ?? ""), limit: 64)).joined(separator: " ") + " "
    }

    /// Each phrase as it appears inside `storedWords`: " new york ".
    package var delimitedPhrases: [String] { phrases.map { " " + $0.joined(separator: " ") + " " } }

    /// Whether a posting's place is in this one, by the same rule the indexes apply.
    package func contains(location: String, country: String?) -> Bool {
        let stored = Self.storedWords(location: location, country: country)
        return delimitedPhrases.contains { stored.contains($0) }
    }

    /// An FTS5 expression over the `location` column (which also holds the country code): quoted phrases, so
    /// nothing the person typed is query syntax.
    package var fts5Expression: String {
        "location : ("
            + phrases.map { "\"" + $0.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: " OR ") + ")"
    }

    /// A `to_tsquery('simple', …)` text: each phrase's words joined by `<->` (next to each other), phrases by `|`.
    /// Tokens are letter-and-digit runs only, so no tsquery syntax can reach PostgreSQL from the person's text.
    package var tsquery: String {
        phrases.map { phrase in
            let words = phrase.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: " <-> ")
            return phrase.count > 1 ? "(" + words + ")" : words
        }.joined(separator: " | ")
    }
}

extension JobQuery {
    /// The query's place filter, when it has one that can match.
    package var placeFilter: PlaceFilter? {
        PlaceFilter(location: location?.trimmingCharacters(in: .whitespaces), alternatives: locationAlternatives)
    }
}
