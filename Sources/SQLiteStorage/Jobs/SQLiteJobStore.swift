import Assistant
import Foundation
import GRDB
import Storage

/// The local job index: postings in SQLite with an FTS5 table over title, company, location,
/// description and skills, ranked by bm25.
package struct SQLiteJobStore: JobStore {
    let database: AppDatabase
    let clock: WallClock
    /// A place with at most this many postings is read from the text index and sorted by date; a larger one is
    /// found by walking the newest postings, checking each one's `place_words`, which meets `limit` matches long
    /// before the end.
    package var smallPlace = 5_000

    package init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    /// Keeps jobs_fts in step with jobs; its location column is the place and the country code (migration v13).
    /// Bulk loads drop these, insert, rebuild the FTS table, and recreate them.
    static let createTriggers = """
        CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
            INSERT INTO jobs_fts(rowid, title, company, location, description, skills)
            VALUES (new.id, new.title, new.company, \(indexedPlace("new")), new.description, new.skills);
        END;
        CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
            INSERT INTO jobs_fts(jobs_fts, rowid, title, company, location, description, skills)
            VALUES ('delete', old.id, old.title, old.company, \(indexedPlace("old")), old.description, old.skills);
        END;
        CREATE TRIGGER jobs_fts_update AFTER UPDATE OF title, company, location, country, description, skills ON jobs BEGIN
            INSERT INTO jobs_fts(jobs_fts, rowid, title, company, location, description, skills)
            VALUES ('delete', old.id, old.title, old.company, \(indexedPlace("old")), old.description, old.skills);
            INSERT INTO jobs_fts(rowid, title, company, location, description, skills)
            VALUES (new.id, new.title, new.company, \(indexedPlace("new")), new.description, new.skills);
        END;
        """

    private static func indexedPlace(_ row: String) -> String {
        "\(row).location || ' ' || COALESCE(\(row).country, '')"
    }

    static let dropTriggers = """
        DROP TRIGGER IF EXISTS jobs_fts_insert; DROP TRIGGER IF EXISTS jobs_fts_delete; DROP TRIGGER IF EXISTS jobs_fts_update;
        """

    static let columns = """
        dedup_key, source, sources, source_id, url, title, company, location, country, arrangement, seniority,
        employment_type, salary_min, salary_max, salary_currency, salary_period, annual_min, annual_max, posted_at,
        description, skills, indexed_at, occupation_code, links, place_words, company_place, description_hash
        """

    /// What a posting seen again keeps and takes (`JobMergePolicy`), in SQLite's SQL.
    static let merge = JobMergePolicy.postings.setClause(table: "jobs", dialect: SQLiteMergeDialect())

    static let placeholders = Array(repeating: "?", count: 27).joined(separator: ", ")

    package func upsert(_ postings: [JobPosting]) async throws -> IndexWriteReport {
        let now = clock.now()
        return try await database.write { db in
            var report = IndexWriteReport()
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO jobs (\(Self.columns)) VALUES (\(Self.placeholders))
                    ON CONFLICT(dedup_key) DO UPDATE SET \(Self.merge)
                    """)
            let existing = try db.makeStatement(sql: "SELECT 1 FROM jobs WHERE dedup_key = ?")
            let samePlace = try db.makeStatement(
                sql: """
                    SELECT dedup_key, title, description_hash FROM jobs
                    WHERE company_place = ? AND description_hash IS NOT NULL ORDER BY id DESC LIMIT \(JobPosting.sameJobCandidates)
                    """)
            for posting in postings {
                var key = posting.dedupKey
                var seen = try Int.fetchOne(existing, arguments: [key]) != nil
                let fingerprint = posting.descriptionFingerprint
                if !seen, let fingerprint {
                    let candidates = try Row.fetchAll(samePlace, arguments: [posting.companyPlaceKey]).map {
                        (key: $0["dedup_key"] as String, title: $0["title"] as String, fingerprint: $0["description_hash"] as Int64)
                    }
                    if let duplicate = posting.duplicate(fingerprint: fingerprint, among: candidates) { (key, seen) = (duplicate, true) }
                }
                try insert.execute(arguments: Self.arguments(posting, key: key, fingerprint: fingerprint, now: now))
                if seen { report.updated += 1 } else { report.inserted += 1 }
            }
            try Self.noteWords(of: postings, db)
            return report
        }
    }

    package func bulkLoad(
        _ produce: @escaping @Sendable (_ insert: ([JobPosting]) throws -> Void) throws -> Void
    ) async throws -> IndexWriteReport {
        let now = clock.now()
        return try await database.write { db in
            try db.execute(sql: Self.dropTriggers)
            let statement = try db.makeStatement(
                sql: """
                    INSERT OR IGNORE INTO jobs (\(Self.columns)) VALUES (\(Self.placeholders))
                    """)
            var report = IndexWriteReport()
            try produce { postings in
                for posting in postings {
                    try statement.execute(
                        arguments: Self.arguments(posting, key: posting.dedupKey, fingerprint: posting.descriptionFingerprint, now: now))
                    if db.changesCount > 0 { report.inserted += 1 }
                }
            }
            try db.execute(sql: "INSERT INTO jobs_fts(jobs_fts) VALUES ('rebuild')")
            try Self.noteIndexedWords(db)
            try db.execute(sql: Self.createTriggers)
            return report
        }
    }

    private static func arguments(_ posting: JobPosting, key: String, fingerprint: Int64?, now: Date) -> StatementArguments {
        let annual = posting.annualSalaryRange
        let skills = (try? JSONEncoder().encode(posting.skills)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return [
            key, posting.source, "[\"\(posting.source.replacingOccurrences(of: "\"", with: ""))\"]", posting.sourceID,
            posting.url, posting.title, posting.company, posting.location, posting.country, posting.arrangement.rawValue,
            posting.seniority, posting.employmentType, posting.salaryMin, posting.salaryMax, posting.salaryCurrency,
            posting.salaryPeriod?.rawValue, annual.min, annual.max, posting.postedAt, posting.description, skills, now,
            posting.occupationCode, posting.linksJSON, PlaceFilter.storedWords(location: posting.location, country: posting.country),
            posting.companyPlaceKey, fingerprint,
        ]
    }

    /// bm25 ranks at most this many of the newest matching postings, so a common word costs the same
    /// as a rare one.
    static let rankedCandidates = 2_000

    package func search(_ query: JobQuery) async throws -> [JobHit] {
        try await JobSearchPlan.run(query, on: self)
    }

    func run(_ query: JobQuery, pattern: String?, newestFirst: Bool = false) async throws -> [JobHit] {
        var conditions: [String] = []
        var arguments: [DatabaseValueConvertible?] = []
        if let arrangements = query.arrangements, !arrangements.isEmpty {
            conditions.append("jobs.arrangement IN (\(arrangements.map { _ in "?" }.joined(separator: ",")))")
            arguments += arrangements.map(\.rawValue).sorted()
        }
        if let seniority = query.seniority {
            conditions.append("jobs.seniority = ?")
            arguments.append(seniority)
        }
        if let minimum = query.salaryMin {
            conditions.append(
                query.requireSalary
                    ? "COALESCE(jobs.annual_max, jobs.annual_min) >= ?"
                    : "(COALESCE(jobs.annual_max, jobs.annual_min) >= ? OR (jobs.annual_min IS NULL AND jobs.annual_max IS NULL))")
            arguments.append(minimum)
        }
        if let after = query.postedAfter {
            conditions.append("jobs.posted_at >= ?")
            arguments.append(after)
        }
        if !query.companies.isEmpty {
            conditions.append("(" + query.companies.map { _ in "jobs.company LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")")
            arguments += query.companies.map { "%" + FTSPattern.escapeLike($0) + "%" }
        }
        for excluded in query.excludedCompanies {
            conditions.append("jobs.company NOT LIKE ? ESCAPE '\\'")
            arguments.append("%" + FTSPattern.escapeLike(excluded) + "%")
        }
        if !query.occupationCodes.isEmpty {
            conditions.append("jobs.occupation_code IN (\(query.occupationCodes.map { _ in "?" }.joined(separator: ",")))")
            arguments += query.occupationCodes
        }
        let limit = max(1, min(query.limit, 500))
        let place = query.placeFilter
        let sql: String
        if var pattern {
            if let place { pattern = "(\(pattern)) AND \(place.fts5Expression)" }
            let filters = conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ")
            if newestFirst {
                sql = """
                    SELECT jobs.*, NULL AS rank FROM jobs_fts JOIN jobs ON jobs.id = jobs_fts.rowid
                    WHERE jobs_fts MATCH ?\(filters) ORDER BY jobs_fts.rowid DESC LIMIT \(limit)
                    """
            } else {
                sql = """
                    SELECT * FROM (
                        SELECT jobs.*, bm25(jobs_fts, 10.0, 4.0, 2.0, 1.0, 6.0) AS rank
                        FROM jobs_fts JOIN jobs ON jobs.id = jobs_fts.rowid
                        WHERE jobs_fts MATCH ?\(filters) ORDER BY jobs_fts.rowid DESC LIMIT \(Self.rankedCandidates)
                    ) ORDER BY rank LIMIT \(limit)
                    """
            }
            arguments.insert(pattern, at: 0)
        } else if let place {
            return try await newest(in: place, conditions: conditions, arguments: arguments, limit: limit)
        } else {
            let filters = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            sql = "SELECT jobs.*, NULL AS rank FROM jobs\(filters) ORDER BY jobs.posted_at DESC, jobs.id DESC LIMIT \(limit)"
        }
        let bound = StatementArguments(arguments) ?? StatementArguments()
        return try await database.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                JobHit(posting: Self.posting(from: row), rank: row["rank"])
            }
        }
    }

    package func posting(id: Int64) async throws -> JobPosting? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Self.posting(from:))
        }
    }

    package func postingsWithoutOccupation(after id: Int64, limit: Int) async throws -> [JobPosting] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM jobs WHERE occupation_code IS NULL AND id > ? ORDER BY id LIMIT ?", arguments: [id, limit]
            ).map(Self.posting(from:))
        }
    }

    package func setOccupations(_ codes: [Int64: String]) async throws {
        try await database.write { db in
            let statement = try db.makeStatement(sql: "UPDATE jobs SET occupation_code = ? WHERE id = ?")
            for (id, code) in codes { try statement.execute(arguments: [code, id]) }
        }
    }

    package func count() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT total FROM job_count") ?? 0 }
    }

    static func posting(from row: Row) -> JobPosting {
        let skillsJSON: String = row["skills"]
        var posting = JobPosting(
            id: row["id"], source: row["source"], sourceID: row["source_id"], url: row["url"], title: row["title"],
            company: row["company"], location: row["location"], country: row["country"],
            arrangement: JobPosting.WorkArrangement(rawValue: row["arrangement"]) ?? .unknown,
            seniority: row["seniority"], employmentType: row["employment_type"], salaryMin: row["salary_min"],
            salaryMax: row["salary_max"], salaryCurrency: row["salary_currency"],
            salaryPeriod: (row["salary_period"] as String?).flatMap(JobPosting.SalaryPeriod.init(rawValue:)),
            postedAt: row["posted_at"], description: row["description"],
            skills: (try? JSONDecoder().decode([String].self, from: Data(skillsJSON.utf8))) ?? [],
            occupationCode: row["occupation_code"])
        if let sources: String = row["sources"] {
            posting.sources = (try? JSONDecoder().decode([String].self, from: Data(sources.utf8))) ?? []
        }
        if let links: String = row["links"] {
            posting.links = (try? JSONDecoder().decode([String: String].self, from: Data(links.utf8))) ?? [:]
        }
        return posting
    }
}
