import Foundation
import PostgresNIO
import Storage

/// Search on the PostgreSQL index, phase by phase as the SQLite index searches (see PostgresJobStore).
extension PostgresJobStore {
    /// A place with at most this many postings is read first and the rest of the query checked on its rows.
    static let smallPlace = 5_000

    package func search(_ query: JobQuery) async throws -> [JobHit] {
        try await JobSearchPlan.run(query, on: self)
    }

    /// Whether the query's place has few postings, from the table's statistics (IndexStatistics), or counted
    /// through the index when the table was never analysed. The planner estimated "data:* & engineer:*" at 4,001 rows
    /// (14,885 at a million postings) and intersected both text indexes in full (50 ms), where reading the 444
    /// postings in Delaware and checking their words takes ~3 ms. With LIMIT, a common place ("US") stops after
    /// a few thousand rows of a sequential scan, a rare one reads its small index entry.
    func isSmall(_ place: PlaceFilter?) async throws -> Bool {
        guard let place else { return false }
        if let estimate = try await statistics.current(database).place?.postings(in: place) { return estimate <= Double(Self.smallPlace) }
        let rows = try await database.rows(
            "SELECT count(*) FROM (SELECT 1 FROM jobs WHERE place_search @@ to_tsquery('simple', \(place.tsquery)) LIMIT \(Self.smallPlace + 1)) AS place"
        )
        return try (rows.first?.decode(Int.self) ?? 0) <= Self.smallPlace
    }

    /// How many of the newest postings to read for a title that is common enough, alone or in a large place, for
    /// the answer to be among them; nil to search the indexes. GIN answers with every match, and each is a heap row
    /// read to sort by id: "software engineer" (2,561 titles at a million postings) and "nurse" in New York (54,694
    /// postings there) took 25-35 ms, while walking the newest postings finds their ten newest after ~3,500 rows in
    /// 5-7 ms. Only text and place are estimated; other filters are in the title's GIN index and stay there.
    func newestWalk(_ query: JobQuery, titleWords: [[String]], smallPlace: Bool) async throws -> Int? {
        guard !smallPlace, query.arrangements?.isEmpty ?? true, query.seniority == nil, query.salaryMin == nil,
            query.postedAfter == nil, query.companies.isEmpty, query.excludedCompanies.isEmpty, query.occupationCodes.isEmpty
        else { return nil }
        let snapshot = try await statistics.current(database)
        guard let title = snapshot.title else { return nil }
        var share = title.titleShare(titleWords)
        if let place = query.placeFilter {
            guard let places = snapshot.place else { return nil }
            share *= places.placeShare(place)
        }
        let expected = query.placeFilter == nil ? Self.expectedWalk : Self.expectedWalkInPlace
        guard share > 0, Double(query.limit) / share <= Double(expected) else { return nil }
        return Self.walkBound
    }

    /// Walk when the limit's worth of matches is expected within this many newest postings, and read at most
    /// `walkBound` (about 15 ms) before searching the indexes instead. The estimate is only an upper bound on
    /// the share of matches (titles with "project" hold "project manager" less often), hence the margin. With a
    /// large place the index path also intersects the place's long posting list (10 ms for New York's), so a
    /// longer walk still wins: "registered nurse" (expected after 6,250 postings) is 10 ms through the indexes
    /// and 12-20 ms walked, "nurse" in New York (6,500) 25-35 ms through the indexes and 5 ms walked.
    static let expectedWalk = 4_000
    static let expectedWalkInPlace = 7_000
    static let walkBound = 10_000

    /// With `newest`, only that many of the newest postings are read, newest first (see `newestWalk`).
    /// With `smallPlace`, the place's postings are read first (a materialized CTE named like the table, so every
    /// condition below stays as written) and the rest of the query runs over them only.
    func run(_ query: JobQuery, match: String?, ranked: Bool = false, smallPlace: Bool = false, newest: Int? = nil) async throws -> [JobHit]
    {
        var bindings = PostgresBindings()
        var conditions: [String] = []
        func bind(_ value: some PostgresNonThrowingEncodable & Sendable) -> String {
            bindings.append(value)
            return "$\(bindings.count)"
        }
        // Unranked text matches are the title-first phase: every word in the title.
        let column = ranked ? "search" : "title_search"
        var source = "jobs"
        var placeCTE = ""
        var filtered = query
        if let newest {
            source = "(SELECT * FROM jobs ORDER BY id DESC LIMIT \(newest)) AS jobs"
        } else if smallPlace, let place = query.placeFilter {
            source = "jobs_in_place AS jobs"
            filtered.location = nil
            filtered.locationAlternatives = []
            placeCTE =
                "WITH jobs_in_place AS MATERIALIZED (SELECT * FROM jobs WHERE \(JobFilters.placeCondition(place, bind: { bind($0) }))) "
        }
        if let match { conditions.append("jobs.\(column) @@ to_tsquery('simple', \(bind(match)))") }
        conditions += JobFilters.conditions(filtered, bind: { bind($0) }, bindDouble: { bind($0) }, bindDate: { bind($0) })

        let filters = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let limit = max(1, min(query.limit, 500))
        let sql: String
        if let match, ranked {
            sql =
                placeCTE + """
                    SELECT * FROM (
                        SELECT \(Self.selectColumns), -ts_rank('{0.1, 0.3, 0.6, 1.0}', jobs.search, to_tsquery('simple', \(bind(match)))) AS rank
                        FROM \(source)\(filters) ORDER BY jobs.id DESC LIMIT \(Self.rankedCandidates)
                    ) candidates ORDER BY rank, id DESC LIMIT \(limit)
                    """
        } else if match != nil {
            sql =
                placeCTE
                + "SELECT \(Self.selectColumns), NULL::float8 AS rank FROM \(source)\(filters) ORDER BY jobs.id DESC LIMIT \(limit)"
        } else {
            sql =
                placeCTE + """
                    SELECT \(Self.selectColumns), NULL::float8 AS rank FROM \(source)\(filters)
                    ORDER BY jobs.posted_at DESC NULLS LAST, jobs.id DESC LIMIT \(limit)
                    """
        }
        return try await database.rows(PostgresQuery(unsafeSQL: sql, binds: bindings)).map { row in
            JobHit(posting: try Self.posting(from: row), rank: try row.column("rank", as: Double?.self))
        }
    }
}

/// The filters of a `JobQuery` as SQL conditions with bound values, shared by search and market figures.
enum JobFilters {
    static func conditions(
        _ query: JobQuery, bind: (String) -> String, bindDouble: (Double) -> String, bindDate: (Date) -> String
    ) -> [String] {
        var conditions: [String] = []
        if let place = query.placeFilter { conditions.append(placeCondition(place, bind: bind)) }
        if let arrangements = query.arrangements, !arrangements.isEmpty {
            conditions.append("jobs.arrangement IN (" + arrangements.map(\.rawValue).sorted().map(bind).joined(separator: ", ") + ")")
        }
        if let seniority = query.seniority { conditions.append("jobs.seniority = \(bind(seniority))") }
        if let minimum = query.salaryMin {
            let floor = bindDouble(minimum)
            conditions.append(
                query.requireSalary
                    ? "COALESCE(jobs.annual_max, jobs.annual_min) >= \(floor)"
                    : "(COALESCE(jobs.annual_max, jobs.annual_min) >= \(floor) OR (jobs.annual_min IS NULL AND jobs.annual_max IS NULL))")
        }
        if let after = query.postedAfter { conditions.append("jobs.posted_at >= \(bindDate(after))") }
        if !query.companies.isEmpty {
            conditions.append(
                "(" + query.companies.map { "jobs.company ILIKE \(bind(like($0))) ESCAPE '\\'" }.joined(separator: " OR ") + ")")
        }
        for excluded in query.excludedCompanies {
            conditions.append("jobs.company NOT ILIKE \(bind(like(excluded))) ESCAPE '\\'")
        }
        if !query.occupationCodes.isEmpty {
            conditions.append("jobs.occupation_code IN (" + query.occupationCodes.map(bind).joined(separator: ", ") + ")")
        }
        return conditions
    }

    static func placeCondition(_ place: PlaceFilter, bind: (String) -> String) -> String {
        "jobs.place_search @@ to_tsquery('simple', \(bind(place.tsquery)))"
    }

    /// A `%…%` pattern in which the user's own `%`, `_` and `\` match themselves.
    static func like(_ text: String) -> String {
        "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
