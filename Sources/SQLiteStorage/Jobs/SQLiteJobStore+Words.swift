import Foundation
import GRDB
import Storage

/// `job_words`: every word the FTS index holds, so a search word is searched as the exact words it stands for
/// (see SearchTerms). FTS5 merges every posting of every word a prefix term covers before it intersects anything;
/// exact words are intersected entry by entry, skipping ahead.
extension SQLiteJobStore {
    /// Copies the FTS index's own vocabulary, after a rebuild or in the migration: the words exactly as FTS5
    /// tokenized them (1.6 s at a million postings).
    static func noteIndexedWords(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE temp.jobs_fts_words USING fts5vocab(main, jobs_fts, 'row');
                INSERT OR IGNORE INTO job_words (word) SELECT term FROM temp.jobs_fts_words;
                DROP TABLE temp.jobs_fts_words;
                """)
    }

    /// The words of postings written one batch at a time, tokenized as the index tokenizes them.
    static func noteWords(of postings: [JobPosting], _ db: Database) throws {
        var words = Set<String>()
        for posting in postings {
            for text in [posting.title, posting.company, posting.location, posting.country ?? "", posting.description] + posting.skills {
                words.formUnion(SearchWords.indexTokens(SearchWords.words(text, limit: .max)))
            }
        }
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO job_words (word) VALUES (?)")
        for word in words { try insert.execute(arguments: [word]) }
    }

    /// The search terms for `words`, or nil when some word is in no posting.
    func searchTerms(_ words: [String], inflectionsOnly: Bool) async throws -> SearchTerms? {
        let tokens = SearchWords.indexTokens(words)
        guard !tokens.isEmpty else { return nil }
        let lookups = SearchTerms.lookups(for: tokens, inflectionsOnly: inflectionsOnly)
        let completions = try await database.read { db in
            var found: [String: [String]] = [:]
            for (token, forms) in lookups.forms {
                found[token] = try String.fetchAll(
                    db, sql: "SELECT word FROM job_words WHERE word IN (\(forms.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments(forms))
            }
            // Text compares as bytes, so [p, p + U+10FFFF) is every word that starts with p.
            let range = try db.makeStatement(
                sql: "SELECT word FROM job_words WHERE word >= ? AND word < ? LIMIT \(SearchTerms.maximumWords + 1)")
            for prefix in lookups.ranges {
                found[prefix] = try String.fetchAll(range, arguments: [prefix, prefix + "\u{10FFFF}"])
            }
            return found
        }
        return SearchTerms(tokens: tokens, completions: completions, inflectionsOnly: inflectionsOnly)
    }
}
