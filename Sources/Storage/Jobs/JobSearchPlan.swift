/// The phases of a job search, as each index reads them. The order of the phases is `JobSearchPlan`'s, written
/// once; a backend decides only how its index answers each one.
package protocol JobSearchPhases: Sendable {
    /// What the phases of one search share, worked out once (PostgreSQL: whether the place is small).
    associatedtype Preparation: Sendable

    /// Nil when no posting can match, so no phase needs to run (SQLite: a place with no postings at all).
    func prepare(_ query: JobQuery) async throws -> Preparation?
    /// The newest postings that pass the query's filters, for a query with no words to search.
    func newest(_ query: JobQuery) async throws -> [JobHit]
    /// The words as the index holds them (`SearchTerms`); nil when some word is in no posting.
    func terms(for words: [String], inflectionsOnly: Bool) async throws -> SearchTerms?
    /// Postings with every term in the title, newest first, at most `query.limit`.
    func titleMatches(_ query: JobQuery, _ terms: SearchTerms, _ preparation: Preparation) async throws -> [JobHit]
    /// Postings with every term anywhere, best first, enough that `query.limit` remain after dropping `seen`.
    func anywhereMatches(_ query: JobQuery, _ terms: SearchTerms, seen: Set<Int64>, _ preparation: Preparation) async throws -> [JobHit]
}

/// How both indexes search: with no words, the newest postings that pass the filters; else the words as typed
/// (each standing for its inflections), first in the title, newest first, then anywhere, ranked; and only when
/// some word is in no posting at all (a typo: "kubernets"), its shorter stem in the same two phases. A word the
/// index knows is never loosened: no nurse in Houston must not become a Nursery School Teacher.
package enum JobSearchPlan {
    package static func run(_ query: JobQuery, on index: some JobSearchPhases) async throws -> [JobHit] {
        guard let text = query.text, case let words = SearchWords.words(text), !SearchWords.indexTokens(words).isEmpty else {
            return try await index.newest(query)
        }
        guard let preparation = try await index.prepare(query) else { return [] }
        if let terms = try await index.terms(for: words, inflectionsOnly: true) {
            return try await titleThenAnywhere(query, terms, preparation, on: index)
        }
        let stems = SearchWords.stems(text)
        guard stems != words, let loose = try await index.terms(for: stems, inflectionsOnly: false) else { return [] }
        return try await titleThenAnywhere(query, loose, preparation, on: index)
    }

    private static func titleThenAnywhere<Index: JobSearchPhases>(
        _ query: JobQuery, _ terms: SearchTerms, _ preparation: Index.Preparation, on index: Index
    ) async throws -> [JobHit] {
        var hits = try await index.titleMatches(query, terms, preparation)
        guard hits.count < query.limit else { return hits }
        let seen = Set(hits.map(\.posting.id))
        let anywhere = try await index.anywhereMatches(query, terms, seen: seen, preparation)
        hits += anywhere.filter { !seen.contains($0.posting.id) }.prefix(query.limit - hits.count)
        return hits
    }
}
