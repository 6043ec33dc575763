import Assistant
import Foundation
import Storage
import Synchronization

/// The job index in memory: the same dedup, merge and search rules as the SQL indexes (`JobMergePolicy`,
/// `JobSearchPlan`, `SearchTerms`, `PlaceFilter`), with a plain scan in place of a text index and a weighted
/// count of matching words in place of bm25. For tests with a few thousand postings, not for a million.
package final class InMemoryJobStore: JobStore, JobSearchPhases {
    struct Row {
        var posting: JobPosting
        let key: String
        let fingerprint: Int64?
        /// Each field's index tokens with its weight in ranking, and all of them together, for matching search terms.
        var title: Set<String>
        var everywhere: [(weight: Double, tokens: Set<String>)]
        var all: Set<String>
    }

    struct State {
        /// By id, ascending: ids only grow.
        var rows: [Row] = []
        var byKey: [String: Int] = [:]
        /// Every indexed word, as `job_words` holds them.
        var vocabulary: Set<String> = []
    }

    private let state = Mutex(State())
    let clock: WallClock
    /// As the SQL indexes: ranking looks at the newest matches only.
    static let rankedCandidates = 2_000

    package init(clock: WallClock = .system) {
        self.clock = clock
    }

    package func upsert(_ postings: [JobPosting]) async throws -> IndexWriteReport {
        state.withLock { state in
            var report = IndexWriteReport()
            for posting in postings {
                var key = posting.dedupKey
                let fingerprint = posting.descriptionFingerprint
                if state.byKey[key] == nil, let fingerprint {
                    let candidates = state.rows.reversed().lazy
                        .filter { $0.posting.companyPlaceKey == posting.companyPlaceKey }
                        .compactMap { row in row.fingerprint.map { (key: row.key, title: row.posting.title, fingerprint: $0) } }
                        .prefix(JobPosting.sameJobCandidates)
                    key = posting.duplicate(fingerprint: fingerprint, among: Array(candidates)) ?? key
                }
                if let index = state.byKey[key] {
                    JobMergePolicy.postings.merge(posting, into: &state.rows[index].posting)
                    state.rows[index] = Self.row(state.rows[index].posting, key: key, fingerprint: state.rows[index].fingerprint)
                    // The words of every posting written, as the SQL indexes note them, even where the stored text was kept.
                    state.vocabulary.formUnion(Self.union(Self.fields(of: posting)))
                    report.updated += 1
                } else {
                    Self.insert(posting, key: key, fingerprint: fingerprint, into: &state)
                    report.inserted += 1
                }
            }
            return report
        }
    }

    package func bulkLoad(
        _ produce: @escaping @Sendable (_ insert: ([JobPosting]) throws -> Void) throws -> Void
    ) async throws -> IndexWriteReport {
        var batches: [[JobPosting]] = []
        try produce { batches.append($0) }
        return state.withLock { state in
            var report = IndexWriteReport()
            for posting in batches.joined() where state.byKey[posting.dedupKey] == nil {
                Self.insert(posting, key: posting.dedupKey, fingerprint: posting.descriptionFingerprint, into: &state)
                report.inserted += 1
            }
            return report
        }
    }

    package func search(_ query: JobQuery) async throws -> [JobHit] {
        try await JobSearchPlan.run(query, on: self)
    }

    package func posting(id: Int64) async throws -> JobPosting? {
        state.withLock { state in state.rows.binarySearch(id).map { state.rows[$0].posting } }
    }

    package func count() async throws -> Int {
        state.withLock { $0.rows.count }
    }

    package func marketStats(title: String, location: String?, sample: Int) async throws -> MarketStats {
        guard let terms = try await terms(for: SearchWords.words(title), inflectionsOnly: true) else { return .empty }
        let place = PlaceFilter(location: location?.trimmingCharacters(in: .whitespaces))
        let matches = state.withLock { state in
            state.rows.reversed().filter { row in
                Self.matches(terms, row.title) && (place?.contains(location: row.posting.location, country: row.posting.country) ?? true)
            }.map(\.posting)
        }
        let samples = matches.prefix(max(1, min(sample, 20_000))).map { posting in
            MarketSample(
                skillsJSON: JobMergePolicy.json(posting.skills), annualMin: posting.annualSalaryRange.min,
                arrangement: posting.arrangement.rawValue, location: posting.location, company: posting.company)
        }
        return MarketStats.tally(total: matches.count, samples: Array(samples))
    }

    package func postingsWithoutOccupation(after id: Int64, limit: Int) async throws -> [JobPosting] {
        state.withLock { state in
            Array(state.rows.lazy.filter { $0.posting.id > id && $0.posting.occupationCode == nil }.prefix(max(0, limit)).map(\.posting))
        }
    }

    package func setOccupations(_ codes: [Int64: String]) async throws {
        state.withLock { state in
            for (id, code) in codes {
                if let index = state.rows.binarySearch(id) { state.rows[index].posting.occupationCode = code }
            }
        }
    }

    // MARK: - Search phases

    /// A place with no postings answers at once, as on SQLite.
    package func prepare(_ query: JobQuery) async throws -> Void? {
        guard let place = query.placeFilter else { return () }
        return state.withLock { state in
            state.rows.contains { place.contains(location: $0.posting.location, country: $0.posting.country) } ? () : nil
        }
    }

    /// The newest postings by posting date (undated last), then by id.
    package func newest(_ query: JobQuery) async throws -> [JobHit] {
        state.withLock { state in
            state.rows.filter { Self.passes($0.posting, query) }
                .sorted { ($0.posting.postedAt ?? .distantPast, $0.posting.id) > ($1.posting.postedAt ?? .distantPast, $1.posting.id) }
                .prefix(Self.limit(query)).map { JobHit(posting: $0.posting, rank: nil) }
        }
    }

    package func terms(for words: [String], inflectionsOnly: Bool) async throws -> SearchTerms? {
        let tokens = SearchWords.indexTokens(words)
        guard !tokens.isEmpty else { return nil }
        let lookups = SearchTerms.lookups(for: tokens, inflectionsOnly: inflectionsOnly)
        let vocabulary = state.withLock { $0.vocabulary }
        var completions: [String: [String]] = [:]
        for (token, forms) in lookups.forms { completions[token] = forms.filter(vocabulary.contains) }
        for prefix in lookups.ranges {
            completions[prefix] = Array(vocabulary.filter { $0.hasPrefix(prefix) }.sorted().prefix(SearchTerms.maximumWords + 1))
        }
        return SearchTerms(tokens: tokens, completions: completions, inflectionsOnly: inflectionsOnly)
    }

    package func titleMatches(_ query: JobQuery, _ terms: SearchTerms, _: Void) async throws -> [JobHit] {
        state.withLock { state in
            Array(
                state.rows.reversed().lazy.filter { Self.matches(terms, $0.title) && Self.passes($0.posting, query) }
                    .prefix(Self.limit(query)).map { JobHit(posting: $0.posting, rank: nil) })
        }
    }

    /// Ranked by how many matching words each field holds, weighted as the SQL indexes weigh their columns.
    package func anywhereMatches(_ query: JobQuery, _ terms: SearchTerms, seen: Set<Int64>, _: Void) async throws -> [JobHit] {
        state.withLock { state in
            let candidates = state.rows.reversed().lazy.filter { row in
                Self.passes(row.posting, query)
                    && Self.matches(terms, row.all)
            }.prefix(Self.rankedCandidates)
            return candidates.map { row in JobHit(posting: row.posting, rank: -Self.score(terms, row)) }
                .sorted { ($0.rank ?? 0, -$0.posting.id) < ($1.rank ?? 0, -$1.posting.id) }
                .prefix(Self.limit(query) + seen.count).map { $0 }
        }
    }

    // MARK: - Rows and rules

    private static func insert(_ posting: JobPosting, key: String, fingerprint: Int64?, into state: inout State) {
        var stored = posting
        stored.id = Int64((state.rows.last?.posting.id ?? 0) + 1)
        stored.sources = [posting.source]
        stored.links = JobMergePolicy.links(of: posting)
        let inserted = row(stored, key: key, fingerprint: fingerprint)
        state.byKey[key] = state.rows.count
        state.rows.append(inserted)
        state.vocabulary.formUnion(inserted.all)
    }

    private static func row(_ posting: JobPosting, key: String, fingerprint: Int64?) -> Row {
        let fields = fields(of: posting)
        return Row(posting: posting, key: key, fingerprint: fingerprint, title: fields[0].tokens, everywhere: fields, all: union(fields))
    }

    /// The indexed fields' tokens, title first, weighted as the SQL indexes weigh their columns.
    private static func fields(of posting: JobPosting) -> [(weight: Double, tokens: Set<String>)] {
        [
            (10, tokens(posting.title)), (6, Set(posting.skills.flatMap { tokens($0) })), (4, tokens(posting.company)),
            (2, tokens(posting.location + " " + (posting.country ?? ""))), (1, tokens(posting.description)),
        ]
    }

    private static func union(_ fields: [(weight: Double, tokens: Set<String>)]) -> Set<String> {
        fields.reduce(into: Set<String>()) { $0.formUnion($1.tokens) }
    }

    private static func tokens(_ text: String) -> Set<String> {
        Set(SearchWords.indexTokens(SearchWords.words(text, limit: .max)))
    }

    private static func limit(_ query: JobQuery) -> Int { max(1, min(query.limit, 500)) }

    /// Every term has one of its words (or, for a prefix term, a word starting with it) among the tokens.
    static func matches(_ terms: SearchTerms, _ tokens: Set<String>) -> Bool {
        terms.terms.allSatisfy { holds($0, tokens) }
    }

    static func holds(_ term: SearchTerms.Term, _ tokens: Set<String>) -> Bool {
        switch term {
        case .anyOf(let words): words.contains(where: tokens.contains)
        case .prefix(let prefix): tokens.contains { $0.hasPrefix(prefix) }
        }
    }

    private static func score(_ terms: SearchTerms, _ row: Row) -> Double {
        row.everywhere.reduce(0) { total, field in
            total + field.weight * Double(terms.terms.filter { holds($0, field.tokens) }.count)
        }
    }

    /// The query's filters, by the rules the SQL indexes write as conditions.
    static func passes(_ posting: JobPosting, _ query: JobQuery) -> Bool {
        if let place = query.placeFilter, !place.contains(location: posting.location, country: posting.country) { return false }
        if let arrangements = query.arrangements, !arrangements.isEmpty, !arrangements.contains(posting.arrangement) { return false }
        if let seniority = query.seniority, posting.seniority != seniority { return false }
        if let minimum = query.salaryMin {
            let annual = posting.annualSalaryRange
            if let top = annual.max ?? annual.min {
                if top < minimum { return false }
            } else if query.requireSalary {
                return false
            }
        }
        if let after = query.postedAfter, posting.postedAt.map { $0 < after } ?? true { return false }
        let company = posting.company.lowercased()
        if !query.companies.isEmpty, !query.companies.contains(where: { company.contains($0.lowercased()) }) { return false }
        if query.excludedCompanies.contains(where: { company.contains($0.lowercased()) }) { return false }
        if !query.occupationCodes.isEmpty, !query.occupationCodes.contains(posting.occupationCode ?? "") { return false }
        return true
    }
}

extension Array where Element == InMemoryJobStore.Row {
    /// The index of the row with this id (rows are in ascending id order).
    func binarySearch(_ id: Int64) -> Int? {
        var (low, high) = (0, count - 1)
        while low <= high {
            let middle = (low + high) / 2
            let found = self[middle].posting.id
            if found == id { return middle }
            if found < id { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}
