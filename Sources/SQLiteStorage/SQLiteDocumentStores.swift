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
            var record = ResumeRecord(userID: userID, filename: filename, text: text, parsed: parsed, createdAt: now)
            try record.insert(db)
            return record.resume
        }
    }

    package func count(userID: Int64) async throws -> Int {
        try await database.read { db in try ResumeRecord.of(userID).fetchCount(db) }
    }

    package func latest(userID: Int64) async throws -> StoredResume? {
        try await database.read { db in try ResumeRecord.of(userID).fetchOne(db)?.resume }
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
            var record = CoverLetterRecord(
                userID: userID, jobID: jobID, company: company, title: title, tone: tone, text: text, createdAt: now)
            try record.insert(db)
            return record.letter
        }
    }

    /// The user's letters, newest first.
    package func list(userID: Int64) async throws -> [CoverLetter] {
        try await database.read { db in
            try CoverLetterRecord.filter(CoverLetterRecord.Columns.userID == userID).order(CoverLetterRecord.Columns.id.desc).fetchAll(db)
                .map(\.letter)
        }
    }
}
