import Foundation
import PostgresNIO
import Storage

/// Search words as the exact words the index holds (see SearchTerms). `job_words` (migration 9) is every word of
/// every posting's text, kept by statement triggers.
extension PostgresJobStore {
    /// Nil when the words have no tokens; `.impossible` when some word is in no posting.
    enum TermsMatch: Equatable {
        case impossible
        case terms(SearchTerms)
    }

    func searchTerms(_ words: [String], inflectionsOnly: Bool = true) async throws -> TermsMatch? {
        let tokens = SearchWords.indexTokens(words)
        guard !tokens.isEmpty else { return nil }
        let lookups = SearchTerms.lookups(for: tokens, inflectionsOnly: inflectionsOnly)
        let forms = lookups.forms.flatMap { token, forms in forms.map { (token, $0) } }
        var completions: [String: [String]] = [:]
        if !forms.isEmpty || !lookups.ranges.isEmpty {
            // One round trip: each typed word's inflected forms that occur, and every word starting with each range
            // prefix up to one more than can be listed (the C collation compares bytes, so [p, p || U+10FFFF) is
            // every word that starts with p).
            let rows = try await database.rows(
                """
                SELECT f.token, w.word FROM unnest(\(forms.map(\.0))::text[], \(forms.map(\.1))::text[]) AS f(token, form)
                JOIN job_words w ON w.word = f.form
                UNION ALL
                SELECT p, w.word FROM unnest(\(lookups.ranges)::text[]) AS p
                CROSS JOIN LATERAL (SELECT word FROM job_words WHERE word >= p AND word < p || chr(1114111)
                    ORDER BY word LIMIT \(SearchTerms.maximumWords + 1)) AS w
                """)
            for row in rows {
                let (token, word) = try row.decode((String, String).self)
                completions[token, default: []].append(word)
            }
        }
        return SearchTerms(tokens: tokens, completions: completions, inflectionsOnly: inflectionsOnly).map(TermsMatch.terms) ?? .impossible
    }
}
