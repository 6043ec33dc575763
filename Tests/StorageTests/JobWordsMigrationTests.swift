import Foundation
import GRDB
import Testing

@testable import SQLiteStorage
@testable import Storage

/// Migration v16 fills `job_words` from the FTS index, so postings indexed before it are found by their words, and
/// starts the posting counter at the number already indexed.
@Suite("SQLite job words migration")
struct JobWordsMigrationTests {
    @Test("postings indexed before v16 are found by their words and inflections after it, not by other words, and counted")
    func backfill() async throws {
        let folder = try TemporaryFolder()
        do {
            let queue = try DatabaseQueue(path: folder.databasePath)
            try AppDatabase.migrator.migrate(queue, upTo: "v15-conversation-message-count")
            try await queue.write { db in
                for (key, title) in [("a", "Pipe Welders"), ("b", "Nursery Assistant"), ("c", "Registered Nurse")] {
                    try db.execute(
                        sql: """
                            INSERT INTO jobs (dedup_key, source, sources, title, company, location, arrangement, description, skills, indexed_at)
                            VALUES (?, 'old', '["old"]', ?, 'Acme', 'Tulsa, OK', 'onsite', '', '[]', CURRENT_TIMESTAMP)
                            """, arguments: [key, title])
                }
            }
        }
        let store = SQLiteJobStore(database: try AppDatabase(path: folder.databasePath))
        #expect(try await store.search(JobQuery(text: "welder")).map(\.posting.title) == ["Pipe Welders"])
        #expect(try await store.search(JobQuery(text: "nurse")).map(\.posting.title) == ["Registered Nurse"])
        #expect(try await store.search(JobQuery(text: "nursery")).map(\.posting.title) == ["Nursery Assistant"])
        #expect(try await store.count() == 3)
        let welder = JobPosting(source: "new", title: "Welder", company: "Beta", location: "Tulsa, OK")
        _ = try await store.upsert([welder])
        _ = try await store.upsert([welder])
        #expect(try await store.count() == 4)
        _ = try await store.bulkLoad { insert in
            try insert([welder, JobPosting(source: "new", title: "Fitter", company: "Beta", location: "Tulsa, OK")])
        }
        #expect(try await store.count() == 5)
    }
}
