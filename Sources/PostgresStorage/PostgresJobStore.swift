import Assistant
import Foundation
import PostgresNIO
import Storage
import Synchronization

/// The job index on PostgreSQL: a generated, weighted `tsvector` (title A > skills B > company and location C >
/// description D) under a GIN index. Search follows the SQLite index step by step — postings with every word in
/// the title first, newest first; then matches anywhere ranked among the newest candidates; then word stems —
/// so both backends return the same postings for the same corpus.
package struct PostgresJobStore: JobStore {
    let database: PostgresDatabase
    let clock: WallClock
    let statistics = IndexStatistics()

    package init(database: PostgresDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    static let insertColumns = """
        dedup_key, source, sources, source_id, url, title, company, location, country, arrangement, seniority,
        employment_type, salary_min, salary_max, salary_currency, salary_period, annual_min, annual_max, posted_at,
        description, skills, indexed_at, occupation_code, links, company_place, description_hash
        """
    static let insertColumnCount = 26
    static let selectColumns = """
        jobs.id, jobs.source, jobs.source_id, jobs.url, jobs.title, jobs.company, jobs.location, jobs.country, jobs.arrangement,
        jobs.seniority, jobs.employment_type, jobs.salary_min, jobs.salary_max, jobs.salary_currency, jobs.salary_period,
        jobs.posted_at, jobs.description, jobs.skills, jobs.occupation_code, jobs.sources, jobs.links
        """
    /// The GIN indexes a load into an empty table drops and builds once at the end (see migration 2).
    static let textIndexes = [
        ("jobs_search", "GIN (search)"), ("jobs_title_search", "GIN (title_search, seniority, arrangement)"),
        ("jobs_place_search", "GIN (place_search)"), ("jobs_company_trgm", "GIN (company gin_trgm_ops)"),
    ]
    /// What a posting seen again keeps and takes (`JobMergePolicy`), in PostgreSQL's SQL.
    static let merge = JobMergePolicy.postings.setClause(table: "jobs", dialect: PostgresMergeDialect())
    /// Same as the SQLite index: ranking looks at the newest 2,000 matches, so a common word costs what a rare one does.
    static let rankedCandidates = 2_000

    package func upsert(_ postings: [JobPosting]) async throws -> IndexWriteReport {
        let now = clock.now()
        return try await database.transaction { connection in
            var report = IndexWriteReport()
            for posting in postings {
                var bindings = PostgresBindings()
                let fingerprint = posting.descriptionFingerprint
                let key = try await Self.storedKey(for: posting, fingerprint: fingerprint, connection: connection, database: database)
                Self.bind(posting, key: key, fingerprint: fingerprint, now: now, into: &bindings)
                // xmax = 0 only for a freshly inserted row: that tells new from updated in one statement.
                let rows = try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO jobs (\(Self.insertColumns)) VALUES (\(Self.placeholders(from: 1)))
                            ON CONFLICT (dedup_key) DO UPDATE SET \(Self.merge)
                            RETURNING (xmax = 0)
                            """, binds: bindings), logger: database.logger
                ).decode(Bool.self)
                for try await inserted in rows {
                    if inserted { report.inserted += 1 } else { report.updated += 1 }
                }
            }
            return report
        }
    }

    /// The dedup key a posting is stored under: its own, or that of a stored posting it duplicates (same company
    /// and place, near-identical description; see `JobPosting.duplicate(fingerprint:among:)`), as the SQLite index decides.
    private static func storedKey(
        for posting: JobPosting, fingerprint: Int64?, connection: PostgresConnection, database: PostgresDatabase
    ) async throws -> String {
        let key = posting.dedupKey
        guard let fingerprint else { return key }
        let rows = try await connection.query(
            """
            SELECT dedup_key, title, description_hash FROM jobs WHERE dedup_key = \(key)
            UNION ALL (SELECT dedup_key, title, description_hash FROM jobs
                WHERE company_place = \(posting.companyPlaceKey) AND description_hash IS NOT NULL
                ORDER BY id DESC LIMIT \(JobPosting.sameJobCandidates))
            """, logger: database.logger)
        var candidates: [(key: String, title: String, fingerprint: Int64)] = []
        for try await (stored, title, hash) in rows.decode((String, String, Int64?).self) {
            if stored == key { return key }
            if let hash { candidates.append((stored, title, hash)) }
        }
        return posting.duplicate(fingerprint: fingerprint, among: candidates) ?? key
    }

    package func bulkLoad(
        _ produce: @escaping @Sendable (_ insert: ([JobPosting]) throws -> Void) throws -> Void
    ) async throws -> IndexWriteReport {
        let now = clock.now()
        let (batches, continuation) = AsyncThrowingStream<[JobPosting], any Error>.makeStream()
        // The producer is synchronous (a file reader or the generator): it runs on its own thread and blocks while
        // four batches wait, so memory stays flat however large the load.
        let slots = DispatchSemaphore(value: 4)
        let abandoned = Mutex(false)
        Thread.detachNewThread {
            do {
                try produce { postings in
                    slots.wait()
                    if abandoned.withLock({ $0 }) { throw CancellationError() }
                    continuation.yield(postings)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        do {
            return try await database.longTransaction { connection in
                var empty = true
                for try await _ in try await connection.query("SELECT 1 FROM jobs LIMIT 1", logger: database.logger) { empty = false }
                // Into an empty table, building the text indexes once at the end is several times faster than keeping them.
                if empty {
                    for (name, _) in Self.textIndexes {
                        try await connection.query(PostgresQuery(unsafeSQL: "DROP INDEX IF EXISTS \(name)"), logger: database.logger)
                    }
                }
                var report = IndexWriteReport()
                var pending: [JobPosting] = []
                func flush() async throws {
                    for chunk in stride(from: 0, to: pending.count, by: 1_000) {
                        report.inserted += try await Self.insertIgnoringDuplicates(
                            Array(pending[chunk..<min(chunk + 1_000, pending.count)]), now: now, connection: connection, database: database)
                    }
                    pending.removeAll(keepingCapacity: true)
                }
                for try await batch in batches {
                    slots.signal()
                    pending += batch
                    if pending.count >= 1_000 { try await flush() }
                }
                try await flush()
                if empty {
                    // A one-off build of the whole index: give it memory for this transaction only.
                    try await connection.query("SET LOCAL maintenance_work_mem = '512MB'", logger: database.logger)
                    for (name, definition) in Self.textIndexes {
                        try await connection.query(
                            PostgresQuery(unsafeSQL: "CREATE INDEX IF NOT EXISTS \(name) ON jobs USING \(definition)"),
                            logger: database.logger)
                    }
                }
                // Fresh statistics, so the first searches after a load get good plans.
                try await connection.query("ANALYZE jobs", logger: database.logger)
                statistics.forget()
                return report
            }
        } catch {
            abandoned.withLock { $0 = true }
            for _ in 0..<8 { slots.signal() }
            throw error
        }
    }

    private static func insertIgnoringDuplicates(
        _ postings: [JobPosting], now: Date, connection: PostgresConnection, database: PostgresDatabase
    ) async throws -> Int {
        guard !postings.isEmpty else { return 0 }
        var bindings = PostgresBindings(capacity: postings.count * insertColumnCount)
        var values: [String] = []
        for (index, posting) in postings.enumerated() {
            bind(posting, key: posting.dedupKey, fingerprint: posting.descriptionFingerprint, now: now, into: &bindings)
            values.append("(" + placeholders(from: index * insertColumnCount + 1) + ")")
        }
        var inserted = 0
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO jobs (\(insertColumns)) VALUES \(values.joined(separator: ", "))
                    ON CONFLICT (dedup_key) DO NOTHING RETURNING 1
                    """, binds: bindings), logger: database.logger)
        for try await _ in rows { inserted += 1 }
        return inserted
    }

    private static func placeholders(from first: Int) -> String {
        (first..<first + insertColumnCount).map { "$\($0)" }.joined(separator: ", ")
    }

    private static func bind(_ posting: JobPosting, key: String, fingerprint: Int64?, now: Date, into bindings: inout PostgresBindings) {
        let annual = posting.annualSalaryRange
        let skills = (try? JSONText.encode(posting.skills)) ?? "[]"
        bindings.append(key)
        bindings.append(posting.source)
        bindings.append("[\"\(posting.source.replacingOccurrences(of: "\"", with: ""))\"]")
        bindings.append(posting.sourceID)
        bindings.append(posting.url)
        bindings.append(posting.title)
        bindings.append(posting.company)
        bindings.append(posting.location)
        bindings.append(posting.country)
        bindings.append(posting.arrangement.rawValue)
        bindings.append(posting.seniority)
        bindings.append(posting.employmentType)
        bindings.append(posting.salaryMin)
        bindings.append(posting.salaryMax)
        bindings.append(posting.salaryCurrency)
        bindings.append(posting.salaryPeriod?.rawValue)
        bindings.append(annual.min)
        bindings.append(annual.max)
        bindings.append(posting.postedAt)
        bindings.append(posting.description)
        bindings.append(skills)
        bindings.append(now)
        bindings.append(posting.occupationCode)
        bindings.append(posting.linksJSON)
        bindings.append(posting.companyPlaceKey)
        bindings.append(fingerprint)
    }

    package func posting(id: Int64) async throws -> JobPosting? {
        try await database.rows(
            PostgresQuery(
                unsafeSQL: "SELECT \(Self.selectColumns) FROM jobs WHERE id = $1",
                binds: {
                    var bindings = PostgresBindings()
                    bindings.append(id)
                    return bindings
                }())
        ).first.map(Self.posting(from:))
    }

    package func postingsWithoutOccupation(after id: Int64, limit: Int) async throws -> [JobPosting] {
        var bindings = PostgresBindings()
        bindings.append(id)
        bindings.append(Int64(limit))
        return try await database.rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT \(Self.selectColumns) FROM jobs WHERE occupation_code IS NULL AND id > $1 ORDER BY id LIMIT $2
                    """, binds: bindings)
        ).map(Self.posting(from:))
    }

    package func setOccupations(_ codes: [Int64: String]) async throws {
        try await database.transaction { connection in
            for (id, code) in codes {
                try await connection.query("UPDATE jobs SET occupation_code = \(code) WHERE id = \(id)", logger: database.logger)
            }
        }
    }

    /// Exact below 200,000 postings; above, PostgreSQL's own row estimate, because COUNT(*) reads the whole table
    /// (300 ms at 1M) and every search and recommendation asks. The estimate is refreshed by the ANALYZE each bulk
    /// load runs and by autovacuum, so it is within a fraction of a percent of a large index.
    package func count() async throws -> Int {
        let estimate =
            try await database.rows("SELECT reltuples::bigint FROM pg_class WHERE oid = 'jobs'::regclass").first?.decode(Int64.self) ?? -1
        if estimate > 200_000 { return Int(estimate) }
        return try await database.rows("SELECT COUNT(*) FROM jobs").first?.decode(Int.self) ?? 0
    }

    static func posting(from row: PostgresRow) throws -> JobPosting {
        let columns = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ name: String, _ type: T.Type = T.self) throws -> T {
            try columns[name].decode(T.self, context: .default)
        }
        var posting = JobPosting(
            id: try value("id"), source: try value("source"), sourceID: try value("source_id"), url: try value("url"),
            title: try value("title"), company: try value("company"), location: try value("location"), country: try value("country"),
            arrangement: JobPosting.WorkArrangement(rawValue: try value("arrangement", String.self)) ?? .unknown,
            seniority: try value("seniority"), employmentType: try value("employment_type"), salaryMin: try value("salary_min"),
            salaryMax: try value("salary_max"), salaryCurrency: try value("salary_currency"),
            salaryPeriod: try value("salary_period", String?.self).flatMap(JobPosting.SalaryPeriod.init(rawValue:)),
            postedAt: try value("posted_at"), description: try value("description"),
            skills: JSONText.decode([String].self, try value("skills", String.self)) ?? [],
            occupationCode: try value("occupation_code"))
        posting.sources = JSONText.decode([String].self, try value("sources", String.self)) ?? []
        posting.links = JSONText.decode([String: String].self, try value("links", String.self)) ?? [:]
        return posting
    }
}
