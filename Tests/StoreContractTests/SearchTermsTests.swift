import Foundation
import Storage
import Testing

@testable import PostgresStorage

/// Both indexes search by the exact words a search word stands for (SearchTerms).
@Suite("Search terms")
struct TitleWordsTests {
    @Test("a word stands for itself and its inflections, a three-letter word or a stem for every completion")
    func expansion() throws {
        let completions = [
            "manager": ["managers", "manager", "managerial"], "project": ["project"], "nurse": ["nurse", "nurses", "nursery", "full-time"],
            "dev": ["dev", "developer", "devops"], "kuberne": ["kubernetes"],
        ]
        let strict = try #require(SearchTerms(tokens: ["project", "manager"], completions: completions, inflectionsOnly: true))
        #expect(strict.tsquery == "'project' & ('manager' | 'managers')")
        #expect(strict.fts5Expression == #""project" AND ("manager" OR "managers")"#)
        #expect(strict.words == [["project"], ["manager", "managers"]])
        let nurse = try #require(SearchTerms(tokens: ["rn", "nurse"], completions: completions, inflectionsOnly: true))
        #expect(nurse.tsquery == "'rn' & ('nurse' | 'nurses')")
        let dev = try #require(SearchTerms(tokens: ["dev"], completions: completions, inflectionsOnly: true))
        #expect(dev.words == [["dev", "developer", "devops"]])
        let stem = try #require(SearchTerms(tokens: ["kuberne"], completions: completions, inflectionsOnly: false))
        #expect(stem.words == [["kubernetes"]])
        #expect(SearchTerms(tokens: ["kuberne"], completions: completions, inflectionsOnly: true) == nil)
        #expect(SearchTerms(tokens: ["welder"], completions: completions, inflectionsOnly: true) == nil)
        let many = ["pro": (0..<100).map { "pro\($0)" }]
        let wide = try #require(SearchTerms(tokens: ["pro"], completions: many, inflectionsOnly: true))
        #expect(wide.tsquery == "'pro':*")
        #expect(wide.fts5Expression == #""pro"*"#)
    }

    @Test(
        "titles written later are found, including words first seen in an update; nurse never finds nursery", arguments: Backend.available)
    func wordsFollowWrites(backend: Backend) async throws {
        let (stores, _) = try await backend.makeStores()
        #expect(try await stores.jobs.search(JobQuery(text: "welder")).isEmpty)
        _ = try await stores.jobs.upsert([JobPosting(source: "a", title: "Pipe Welders", company: "Acme", location: "Tulsa, OK")])
        #expect(try await stores.jobs.search(JobQuery(text: "welder")).map(\.posting.title) == ["Pipe Welders"])
        _ = try await stores.jobs.upsert([
            JobPosting(source: "a", title: "Welding Inspector", company: "Beta", location: "Tulsa, OK"),
            JobPosting(source: "b", title: "Pipe Welders", company: "Acme", location: "Tulsa, OK", description: "Welds pipe."),
            JobPosting(source: "a", title: "Nursery School Teacher", company: "Kids", location: "Tulsa, OK"),
            JobPosting(source: "a", title: "Registered Nurse", company: "Saint Francis", location: "Tulsa, OK"),
        ])
        #expect(try await stores.jobs.search(JobQuery(text: "inspector weld")).map(\.posting.title) == ["Welding Inspector"])
        #expect(try await stores.jobs.search(JobQuery(text: "nurse")).map(\.posting.title) == ["Registered Nurse"])
        // A shortened stem (typo fallback) still finds every completion: "nursse" has no match, "nur" finds both.
        let stems = try await stores.jobs.search(JobQuery(text: "nursse")).map(\.posting.title)
        #expect(Set(stems) == ["Registered Nurse", "Nursery School Teacher"])
        // A known word with no match where asked is not loosened into other words.
        _ = try await stores.jobs.upsert([JobPosting(source: "a", title: "Nursery Worker", company: "Kids", location: "Boise, ID")])
        #expect(try await stores.jobs.search(JobQuery(text: "nurse", location: "Boise")).isEmpty)
    }
}
