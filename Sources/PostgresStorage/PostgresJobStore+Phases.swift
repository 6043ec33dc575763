import Storage

/// The phases of `JobSearchPlan` on PostgreSQL's text indexes, planned from the table's statistics.
extension PostgresJobStore: JobSearchPhases {
    /// Whether the query's place is small enough to read first (`isSmall`).
    package func prepare(_ query: JobQuery) async throws -> Bool? {
        try await isSmall(query.placeFilter)
    }

    /// Without words the planner needs no help: the place's index entry is read and its newest postings sorted
    /// (3 ms for Boise's 1,516), where reading them all first took 5-18 ms.
    package func newest(_ query: JobQuery) async throws -> [JobHit] {
        try await run(query, match: nil)
    }

    package func terms(for words: [String], inflectionsOnly: Bool) async throws -> SearchTerms? {
        guard case .terms(let terms) = try await searchTerms(words, inflectionsOnly: inflectionsOnly) else { return nil }
        return terms
    }

    /// A common title is found by walking the newest postings (`newestWalk`); anything else through the indexes.
    package func titleMatches(_ query: JobQuery, _ terms: SearchTerms, _ smallPlace: Bool) async throws -> [JobHit] {
        if let bound = try await newestWalk(query, titleWords: terms.words, smallPlace: smallPlace) {
            let walked = try await run(query, match: terms.tsquery, ranked: false, newest: bound)
            // Fewer than asked for within the newest postings says nothing about the older ones.
            if walked.count >= query.limit { return walked }
        }
        return try await run(query, match: terms.tsquery, ranked: false, smallPlace: smallPlace)
    }

    package func anywhereMatches(_ query: JobQuery, _ terms: SearchTerms, seen: Set<Int64>, _ smallPlace: Bool) async throws -> [JobHit] {
        var rest = query
        rest.limit = query.limit + seen.count
        return try await run(rest, match: terms.tsquery, ranked: true, smallPlace: smallPlace)
    }
}
