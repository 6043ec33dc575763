import Foundation
@testable import PostgresStorage
import Storage
import Testing

/// PostgreSQL searches titles by the exact words a prefix stands for (see PostgresJobStore+TitleWords).
@Suite("PostgreSQL title words")
struct TitleWordsTests {
    @Test("a prefix becomes the title words it covers; short tokens stay exact; a prefix no title has makes the phase impossible")
    func expansion() {
        let completions = ["manager": ["managers", "manager"], "project": ["project"], "nurse": ["nurse", "full-time"]]
        #expect(PostgresJobStore.titleMatch(tokens: ["project", "manager"], completions: completions)
            == .terms("'project' & ('manager' | 'managers')", words: [["project"], ["manager", "managers"]]))
        #expect(PostgresJobStore.titleMatch(tokens: ["rn", "nurse"], completions: completions) == .terms("'rn' & 'nurse'", words: [["rn"], ["nurse"]]))
        #expect(PostgresJobStore.titleMatch(tokens: ["welder"], completions: completions) == .impossible)
        let many = ["pro": (0..<100).map { "pro\($0)" }]
        #expect(PostgresJobStore.titleMatch(tokens: ["pro"], completions: many) == .terms("pro:*", words: [[]]))
        #expect(PostgresJobStore.titleMatch(tokens: ["o'neil"], completions: ["o'neil": ["o'neil"]]) == .impossible)
    }

    @Test("titles written later are found by prefix, including words first seen in an update")
    func wordsFollowWrites() async throws {
        guard Backend.available.contains(.postgresql) else { return }
        let (stores, _) = try await Backend.postgresql.makeStores()
        #expect(try await stores.jobs.search(JobQuery(text: "weld")).isEmpty)
        _ = try await stores.jobs.upsert([JobPosting(source: "a", title: "Pipe Welder", company: "Acme", location: "Tulsa, OK")])
        #expect(try await stores.jobs.search(JobQuery(text: "weld")).map(\.posting.title) == ["Pipe Welder"])
        _ = try await stores.jobs.upsert([
            JobPosting(source: "a", title: "Welding Inspector", company: "Beta", location: "Tulsa, OK"),
            JobPosting(source: "b", title: "Pipe Welder", company: "Acme", location: "Tulsa, OK", description: "Welds pipe."),
        ])
        let found = try await stores.jobs.search(JobQuery(text: "weld")).map(\.posting.title)
        #expect(found.sorted() == ["Pipe Welder", "Welding Inspector"])
        #expect(try await stores.jobs.search(JobQuery(text: "inspect weld")).map(\.posting.title) == ["Welding Inspector"])
    }
}
