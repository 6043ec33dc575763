import Storage

/// The phases of `JobSearchPlan` on FTS5.
extension SQLiteJobStore: JobSearchPhases {
    /// A place with no postings at all answers at once: otherwise each phase (title, anywhere, stems) would look up
    /// its terms only to intersect them with nothing.
    package func prepare(_ query: JobQuery) async throws -> Void? {
        if let place = query.placeFilter, try await !hasPostings(in: place) { return nil }
        return ()
    }

    package func newest(_ query: JobQuery) async throws -> [JobHit] {
        try await run(query, pattern: nil)
    }

    package func terms(for words: [String], inflectionsOnly: Bool) async throws -> SearchTerms? {
        try await searchTerms(words, inflectionsOnly: inflectionsOnly)
    }

    /// Ordering by rowid lets FTS5 stop after `limit` matches.
    package func titleMatches(_ query: JobQuery, _ terms: SearchTerms, _: Void) async throws -> [JobHit] {
        try await run(query, pattern: "title : (\(terms.fts5Expression))", newestFirst: true)
    }

    /// Ranked by bm25 among the newest candidates. When every match fits in the answer, ranking them would change
    /// nothing but their order, and bm25 first counts each term's postings across the whole index (~10 ms for a
    /// common word at a million postings): those matches come back newest first with rank 0.
    package func anywhereMatches(_ query: JobQuery, _ terms: SearchTerms, seen: Set<Int64>, _: Void) async throws -> [JobHit] {
        var rest = query
        rest.limit = query.limit + seen.count + 1
        var anywhere = try await run(rest, pattern: terms.fts5Expression, newestFirst: true)
        if anywhere.count < rest.limit {
            for index in anywhere.indices { anywhere[index].rank = 0 }
            return anywhere
        }
        rest.limit -= 1
        return try await run(rest, pattern: terms.fts5Expression)
    }
}
