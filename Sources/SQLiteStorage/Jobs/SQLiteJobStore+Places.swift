import Foundation
import GRDB
import Storage

/// Place filters on the SQLite index (see PlaceFilter): whether a place has postings at all, and the newest
/// postings of a place when there are no words to search.
extension SQLiteJobStore {
    func hasPostings(in place: PlaceFilter) async throws -> Bool {
        let match = place.fts5Expression
        return try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM jobs_fts WHERE jobs_fts MATCH ? LIMIT 1", arguments: [match]) != nil
        }
    }

    /// The newest postings in a place, with no words to search: the text index says how many postings the place
    /// has (counting stops at `smallPlace`), and the plan follows, so "jobs in Boise" never scans a million rows.
    func newest(
        in place: PlaceFilter, conditions: [String], arguments: [DatabaseValueConvertible?], limit: Int
    ) async throws -> [JobHit] {
        let match = place.fts5Expression
        let phrases = place.delimitedPhrases
        let filters = StatementArguments(arguments) ?? StatementArguments()
        return try await database.read { db in
            let size =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM jobs_fts WHERE jobs_fts MATCH ? LIMIT \(smallPlace + 1))",
                    arguments: [match]) ?? 0
            guard size > 0 else { return [] }
            let inPlace: String
            let placeArguments: StatementArguments
            if size <= smallPlace {
                inPlace = "jobs.id IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)"
                placeArguments = [match]
            } else {
                inPlace = "(" + phrases.map { _ in "instr(jobs.place_words, ?) > 0" }.joined(separator: " OR ") + ")"
                placeArguments = StatementArguments(phrases)
            }
            let sql = """
                SELECT jobs.*, NULL AS rank FROM jobs WHERE \(([inPlace] + conditions).joined(separator: " AND "))
                ORDER BY jobs.posted_at DESC, jobs.id DESC LIMIT \(limit)
                """
            return try Row.fetchAll(db, sql: sql, arguments: placeArguments + filters).map { row in
                JobHit(posting: Self.posting(from: row), rank: row["rank"])
            }
        }
    }
}
