import Foundation
import PostgresNIO
import Storage

/// Search on the PostgreSQL index, phase by phase as the SQLite index searches (see PostgresJobStore).
extension PostgresJobStore {
    /// A place with at most this many postings is read first and the rest of the query checked on its rows.
    static let smallPlace = 5_000

    public func search(_ query: JobQuery) async throws -> [JobHit] {
        let small = try await isSmall(query.placeFilter)
        guard let text = query.text, case let words = SearchWords.words(text), TextQuery.terms(words) != nil else {
            return try await run(query, match: nil, smallPlace: small)
        }
        let hits = try await titleThenAnywhere(query, words: words, smallPlace: small)
        let stems = SearchWords.stems(text)
        if hits.isEmpty, stems != words {
            return try await titleThenAnywhere(query, words: stems, smallPlace: small)
        }
        return hits
    }

    /// Whether the query's place has few postings, from the table's statistics (PlaceSizeEstimate), or counted
    /// through the index when the table was never analysed. The planner estimated "data:* & engineer:*" at 4,001 rows
    /// (14,885 at a million postings) and intersected both text indexes in full (50 ms), where reading the 444
    /// postings in Delaware and checking their words takes ~3 ms. With LIMIT, a common place ("US") stops after
    /// a few thousand rows of a sequential scan, a rare one reads its small index entry.
    func isSmall(_ place: PlaceFilter?) async throws -> Bool {
        guard let place else { return false }
        if let estimate = try await placeSizes.postings(in: place, database: database) { return estimate <= Double(Self.smallPlace) }
        let rows = try await database.rows(
            "SELECT count(*) FROM (SELECT 1 FROM jobs WHERE place_search @@ to_tsquery('simple', \(place.tsquery)) LIMIT \(Self.smallPlace + 1)) AS place")
        return try (rows.first?.decode(Int.self) ?? 0) <= Self.smallPlace
    }

    func titleThenAnywhere(_ query: JobQuery, words: [String], smallPlace: Bool) async throws -> [JobHit] {
        guard let terms = TextQuery.terms(words) else { return [] }
        var hits = try await run(query, match: terms, ranked: false, smallPlace: smallPlace)
        if hits.count < query.limit {
            let seen = Set(hits.map(\.posting.id))
            var rest = query
            rest.limit = query.limit + seen.count
            hits += try await run(rest, match: terms, ranked: true, smallPlace: smallPlace)
                .filter { !seen.contains($0.posting.id) }.prefix(query.limit - hits.count)
        }
        return hits
    }

    /// With `smallPlace`, the place's postings are read first (a materialized CTE named like the table, so every
    /// condition below stays as written) and the rest of the query runs over them only.
    func run(_ query: JobQuery, match: String?, ranked: Bool = false, smallPlace: Bool = false) async throws -> [JobHit] {
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
        if smallPlace, let place = query.placeFilter {
            source = "jobs_in_place AS jobs"
            filtered.location = nil
            filtered.locationAlternatives = []
            placeCTE = "WITH jobs_in_place AS MATERIALIZED (SELECT * FROM jobs WHERE \(JobFilters.placeCondition(place, bind: { bind($0) }))) "
        }
        if let match { conditions.append("jobs.\(column) @@ to_tsquery('simple', \(bind(match)))") }
        conditions += JobFilters.conditions(filtered, bind: { bind($0) }, bindDouble: { bind($0) }, bindDate: { bind($0) })

        let filters = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let limit = max(1, min(query.limit, 500))
        let sql: String
        if let match, ranked {
            sql = placeCTE + """
                SELECT * FROM (
                    SELECT \(Self.selectColumns), -ts_rank('{0.1, 0.3, 0.6, 1.0}', jobs.search, to_tsquery('simple', \(bind(match)))) AS rank
                    FROM \(source)\(filters) ORDER BY jobs.id DESC LIMIT \(Self.rankedCandidates)
                ) candidates ORDER BY rank, id DESC LIMIT \(limit)
                """
        } else if match != nil {
            sql = placeCTE + "SELECT \(Self.selectColumns), NULL::float8 AS rank FROM \(source)\(filters) ORDER BY jobs.id DESC LIMIT \(limit)"
        } else {
            sql = placeCTE + """
                SELECT \(Self.selectColumns), NULL::float8 AS rank FROM \(source)\(filters)
                ORDER BY jobs.posted_at DESC NULLS LAST, jobs.id DESC LIMIT \(limit)
                """
        }
        return try await database.rows(PostgresQuery(unsafeSQL: sql, binds: bindings)).map { row in
            JobHit(posting: try Self.posting(from: row), rank: try row.column("rank", as: Double?.self))
        }
    }
}

/// `to_tsquery` text from search words. Each word loses its accents and is cut into its letter-and-digit runs, as
/// both indexes tokenize documents, so a user can never type tsquery syntax: only `run:*` prefix terms joined by
/// `&` reach PostgreSQL.
enum TextQuery {
    static func terms(_ words: [String]) -> String? {
        let tokens = SearchWords.indexTokens(words)
        guard !tokens.isEmpty else { return nil }
        return tokens.map { SearchWords.matchesAsPrefix($0) ? "\($0):*" : $0 }.joined(separator: " & ")
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
            conditions.append(query.requireSalary
                ? "COALESCE(jobs.annual_max, jobs.annual_min) >= \(floor)"
                : "(COALESCE(jobs.annual_max, jobs.annual_min) >= \(floor) OR (jobs.annual_min IS NULL AND jobs.annual_max IS NULL))")
        }
        if let after = query.postedAfter { conditions.append("jobs.posted_at >= \(bindDate(after))") }
        if !query.companies.isEmpty {
            conditions.append("(" + query.companies.map { "jobs.company ILIKE \(bind(like($0))) ESCAPE '\\'" }.joined(separator: " OR ") + ")")
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
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
