import Foundation
import GRDB
import Storage

extension SQLiteJobStore {
    package func marketStats(title: String, location: String?, sample: Int) async throws -> MarketStats {
        guard let terms = try await searchTerms(SearchWords.words(title), inflectionsOnly: true) else {
            return .empty
        }
        var match = "title : (\(terms.fts5Expression))"
        if let place = PlaceFilter(location: location?.trimmingCharacters(in: .whitespaces)) {
            match += " AND " + place.fts5Expression
        }
        let arguments: [DatabaseValueConvertible?] = [match]
        let countSQL = "SELECT COUNT(*) FROM jobs_fts WHERE jobs_fts MATCH ?"
        let sampleSQL = """
            SELECT jobs.skills, jobs.annual_min, jobs.arrangement, jobs.location, jobs.company
            FROM jobs_fts JOIN jobs ON jobs.id = jobs_fts.rowid WHERE jobs_fts MATCH ?
            ORDER BY jobs_fts.rowid DESC LIMIT \(max(1, min(sample, 20_000)))
            """
        let bound = StatementArguments(arguments) ?? StatementArguments()
        return try await database.read { db in
            let total = try Int.fetchOne(db, sql: countSQL, arguments: bound) ?? 0
            let rows = try Row.fetchAll(db, sql: sampleSQL, arguments: bound)
            return MarketStats.tally(
                total: total,
                samples: rows.map { row in
                    MarketSample(
                        skillsJSON: row["skills"], annualMin: row["annual_min"], arrangement: row["arrangement"], location: row["location"],
                        company: row["company"])
                })
        }
    }
}
