import Foundation
import Storage

/// Finds what people mean when their literal words find little. Each step runs only while there are
/// fewer results than asked for, and every step past the first says what it did:
/// 1. the words as typed, every one required (the index's own search);
/// 2. synonyms: a phrase of the query replaced by each of its synonyms ("rn" → "registered nurse");
/// 3. the occupation the words name, by O*NET code ("programmer" finds every Computer Programmers posting);
/// 4. partial matches: postings with most of the words, those with more words first;
/// 5. with nothing found at all, each filter relaxed in turn (newest first, salary, seniority, company,
///    arrangement, place), saying which one.
/// It only calls `JobStore.search`, so SQLite and PostgreSQL give the same answers.
package struct SearchPlan: Sendable {
    package struct Outcome: Sendable {
        package var hits: [JobHit]
        /// One line per step that changed the answer, for the reply.
        package var notes: [String]
    }

    let jobs: any JobStore
    let synonyms: SearchSynonyms
    let occupations: OccupationCatalogLoader?

    package init(jobs: any JobStore, synonyms: SearchSynonyms, occupations: OccupationCatalogLoader?) {
        self.jobs = jobs
        self.synonyms = synonyms
        self.occupations = occupations
    }

    /// Words that say "a job" rather than which one.
    static let fillerWords: Set<String> = [
        "job", "jobs", "role", "roles", "position", "positions", "opening", "openings", "work", "vacancy", "vacancies",
        "with", "and", "or", "in", "for", "the", "a", "an", "of", "at", "to", "using", "experience", "any",
    ]

    package func run(_ query: JobQuery) async throws -> Outcome {
        var outcome = try await find(query)
        guard outcome.hits.isEmpty else { return outcome }
        for (relaxed, name) in Self.relaxations(of: query) {
            var found = try await find(relaxed)
            guard !found.hits.isEmpty else { continue }
            found.notes.insert("Nothing matched every filter, so these leave out \(name).", at: 0)
            return found
        }
        outcome.notes = []
        return outcome
    }

    /// Postings whose title has the words (or a synonym, or whose occupation the words name) come before postings
    /// that only mention the words: "registered nurse" means RN postings first, not a caregiver posting whose
    /// description says "under the direction of a registered nurse".
    private func find(_ query: JobQuery) async throws -> Outcome {
        let strict = try await jobs.search(query)
        var notes: [String] = []
        guard let text = query.text else { return Outcome(hits: strict, notes: notes) }
        var titled: [JobHit] = []
        var elsewhere: [JobHit] = []
        var seen = Set<Int64>()
        @discardableResult
        func add(_ more: [JobHit]) -> Int {
            var added = 0
            for hit in more where seen.insert(hit.posting.id).inserted {
                // The index's title phase returns hits without a rank; ranked hits matched elsewhere.
                if hit.rank == nil { titled.append(hit) } else { elsewhere.append(hit) }
                added += 1
            }
            return added
        }
        add(strict)

        var changes: [String] = []
        for rewrite in synonyms.rewrites(of: text) where titled.count < query.limit {
            var alternative = query
            alternative.text = rewrite.text
            if add(try await jobs.search(alternative)) > 0 { changes.append(rewrite.change.replacingOccurrences(of: " → ", with: " = ")) }
        }
        if !changes.isEmpty { notes.append("Also searched with synonyms (\(changes.joined(separator: "; "))).") }

        if titled.count < query.limit, let catalog = try? await occupations?.catalog(), let mapping = catalog.map(text), mapping.exact {
            var occupation = query
            occupation.text = nil
            occupation.occupationCodes = [mapping.occupation.code]
            if add(try await jobs.search(occupation)) > 0 {
                notes.append("Also included other \(mapping.occupation.title) postings.")
            }
        }

        var hits = Array((titled + elsewhere).prefix(query.limit))
        seen = Set(hits.map(\.posting.id))
        if hits.count < query.limit {
            let partial = try await partialMatches(
                query, words: SearchWords.words(text).filter { !Self.fillerWords.contains($0) }, anyFound: !hits.isEmpty)
            let more = partial.hits.filter { seen.insert($0.posting.id).inserted }.prefix(query.limit - hits.count)
            if !more.isEmpty {
                hits += more
                notes.append(partial.note)
            }
        }
        return Outcome(hits: hits, notes: notes)
    }

    /// Postings with most of the words: each word is searched alone and every posting found is counted by how
    /// many of the words it has. With three words or more, two thirds of them must be there; with two, one
    /// is enough only when nothing better was found.
    private func partialMatches(_ query: JobQuery, words: [String], anyFound: Bool) async throws -> (hits: [JobHit], note: String) {
        guard words.count >= 2, words.count <= 8, !(words.count == 2 && anyFound) else { return ([], "") }
        let needed = words.count == 2 ? 1 : Int((Double(words.count) * 2 / 3).rounded(.up))
        var found: [Int64: (hit: JobHit, matched: Int)] = [:]
        for word in words {
            var single = query
            single.text = word
            single.limit = max(query.limit * 5, 100)
            for hit in try await jobs.search(single) where found[hit.posting.id] == nil {
                let matched = Self.matchedWords(words, in: hit.posting)
                if matched >= needed { found[hit.posting.id] = (hit, matched) }
            }
        }
        let ranked = found.values.sorted { first, second in
            if first.matched != second.matched { return first.matched > second.matched }
            let (a, b) = (first.hit.posting.postedAt ?? .distantPast, second.hit.posting.postedAt ?? .distantPast)
            return a != b ? a > b : first.hit.posting.id > second.hit.posting.id
        }
        let note =
            "Few postings have every word of \"\(words.joined(separator: " "))\"; the rest have \(needed == words.count - 1 ? "all but one" : "most") of them."
        return (ranked.map(\.hit), note)
    }

    /// How many of the words start a word of the posting's title, skills, company or description.
    static func matchedWords(_ words: [String], in posting: JobPosting) -> Int {
        let text = ([posting.title, posting.company, posting.description] + posting.skills).joined(separator: " ")
        let postingWords = Set(SearchWords.words(text.count > 20_000 ? String(text.prefix(20_000)) : text, limit: .max))
        return words.filter { word in postingWords.contains(word) || postingWords.contains { $0.hasPrefix(word) } }.count
    }

    /// Each filter removed on its own, the least important first.
    static func relaxations(of query: JobQuery) -> [(JobQuery, String)] {
        var steps: [(JobQuery, String)] = []
        if query.postedAfter != nil {
            steps.append(
                (
                    {
                        var q = query
                        q.postedAfter = nil
                        return q
                    }(), "the posting-date limit"
                ))
        }
        if query.salaryMin != nil {
            steps.append(
                (
                    {
                        var q = query
                        q.salaryMin = nil
                        q.requireSalary = false
                        return q
                    }(), "the salary minimum"
                ))
        }
        if query.seniority != nil {
            steps.append(
                (
                    {
                        var q = query
                        q.seniority = nil
                        return q
                    }(), "the seniority"
                ))
        }
        if !query.companies.isEmpty {
            steps.append(
                (
                    {
                        var q = query
                        q.companies = []
                        return q
                    }(), "the company"
                ))
        }
        if query.arrangements != nil {
            steps.append(
                (
                    {
                        var q = query
                        q.arrangements = nil
                        return q
                    }(), "the remote/on-site choice"
                ))
        }
        if query.location != nil {
            steps.append(
                (
                    {
                        var q = query
                        q.location = nil
                        q.locationAlternatives = []
                        return q
                    }(), "the place"
                ))
        }
        return steps
    }
}
