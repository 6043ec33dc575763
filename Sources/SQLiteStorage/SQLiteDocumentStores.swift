import Assistant
import Foundation
import GRDB
import Storage

package struct SQLiteResumeStore: ResumeStore {
    let database: AppDatabase
    let clock: WallClock

    package init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func save(userID: Int64, filename: String, text: String, parsed: String? = nil) async throws -> StoredResume {
        let now = clock.now()
        return try await database.write { db in
            try db.execute(
                sql: "INSERT INTO resumes (user_id, filename, text, parsed, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [userID, filename, text, parsed, now])
            return StoredResume(id: db.lastInsertedRowID, filename: filename, text: text, parsed: parsed, createdAt: now)
        }
    }

    package func count(userID: Int64) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resumes WHERE user_id = ?", arguments: [userID]) ?? 0
        }
    }

    package func latest(userID: Int64) async throws -> StoredResume? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM resumes WHERE user_id = ? ORDER BY id DESC LIMIT 1", arguments: [userID]).map {
                StoredResume(id: $0["id"], filename: $0["filename"], text: $0["text"], parsed: $0["parsed"], createdAt: $0["created_at"])
            }
        }
    }
}

package struct SQLiteCoverLetterStore: CoverLetterStore {
    let database: AppDatabase
    let clock: WallClock

    package init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func save(userID: Int64, jobID: Int64?, company: String, title: String, tone: String, text: String) async throws -> CoverLetter
    {
        let now = clock.now()
        return try await database.write { db in
            try db.execute(
                sql: "INSERT INTO cover_letters (user_id, job_id, company, title, tone, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [userID, jobID, company, title, tone, text, now])
            return CoverLetter(
                id: db.lastInsertedRowID, jobID: jobID, company: company, title: title, tone: tone, text: text, createdAt: now)
        }
    }

    package func list(userID: Int64) async throws -> [CoverLetter] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cover_letters WHERE user_id = ? ORDER BY id DESC", arguments: [userID]).map {
                CoverLetter(
                    id: $0["id"], jobID: $0["job_id"], company: $0["company"], title: $0["title"], tone: $0["tone"], text: $0["text"],
                    createdAt: $0["created_at"])
            }
        }
    }
}
