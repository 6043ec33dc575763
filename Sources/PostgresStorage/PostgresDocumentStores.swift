import Assistant
import Foundation
import PostgresNIO
import Storage

/// Every resume version a user gave; the newest is used.
package struct PostgresResumeStore: ResumeStore {
    let database: PostgresDatabase
    let clock: WallClock

    package init(database: PostgresDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func save(userID: Int64, filename: String, text: String, parsed: String?) async throws -> StoredResume {
        let now = clock.now()
        let rows = try await database.rows(
            """
            INSERT INTO resumes (user_id, filename, text, parsed, created_at) VALUES (\(userID), \(filename), \(text), \(parsed), \(now))
            RETURNING id
            """)
        guard let id = try rows.first?.decode(Int64.self) else { throw StorageError.failed("the resume was not saved") }
        return StoredResume(id: id, filename: filename, text: text, parsed: parsed, createdAt: now)
    }

    package func count(userID: Int64) async throws -> Int {
        try await database.rows("SELECT COUNT(*)::bigint FROM resumes WHERE user_id = \(userID)").first?.decode(Int.self) ?? 0
    }

    package func latest(userID: Int64) async throws -> StoredResume? {
        try await database.rows(
            "SELECT id, filename, text, parsed, created_at FROM resumes WHERE user_id = \(userID) ORDER BY id DESC LIMIT 1"
        ).first.map { row in
            let (id, filename, text, parsed, created) = try row.decode((Int64, String, String, String?, Date).self)
            return StoredResume(id: id, filename: filename, text: text, parsed: parsed, createdAt: created)
        }
    }
}

package struct PostgresCoverLetterStore: CoverLetterStore {
    let database: PostgresDatabase
    let clock: WallClock

    package init(database: PostgresDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func save(userID: Int64, jobID: Int64?, company: String, title: String, tone: String, text: String) async throws -> CoverLetter
    {
        let now = clock.now()
        let rows = try await database.rows(
            """
            INSERT INTO cover_letters (user_id, job_id, company, title, tone, text, created_at)
            VALUES (\(userID), \(jobID), \(company), \(title), \(tone), \(text), \(now)) RETURNING id
            """)
        guard let id = try rows.first?.decode(Int64.self) else { throw StorageError.failed("the cover letter was not saved") }
        return CoverLetter(id: id, jobID: jobID, company: company, title: title, tone: tone, text: text, createdAt: now)
    }

    package func list(userID: Int64) async throws -> [CoverLetter] {
        try await database.rows(
            "SELECT id, job_id, company, title, tone, text, created_at FROM cover_letters WHERE user_id = \(userID) ORDER BY id DESC"
        ).map { row in
            let (id, job, company, title, tone, text, created) = try row.decode((Int64, Int64?, String, String, String, String, Date).self)
            return CoverLetter(id: id, jobID: job, company: company, title: title, tone: tone, text: text, createdAt: created)
        }
    }
}

/// Mock interviews (their session is opaque JSON owned by the interview tools) and the story bank.
package struct PostgresInterviewStore: InterviewStore {
    let database: PostgresDatabase
    let clock: WallClock

    package init(database: PostgresDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func create(userID: Int64, role: String, type: String, state: String, questionIDs: [String]) async throws -> Int64 {
        let now = clock.now()
        let ids = try JSONText.encode(questionIDs)
        let rows = try await database.rows(
            """
            INSERT INTO interviews (user_id, role, type, status, state, question_ids, created_at, updated_at)
            VALUES (\(userID), \(role), \(type), 'active', \(state), \(ids), \(now), \(now)) RETURNING id
            """)
        guard let id = try rows.first?.decode(Int64.self) else { throw StorageError.failed("the interview was not saved") }
        return id
    }

    package func update(id: Int64, userID: Int64, status: InterviewRecord.Status, state: String, score: Double?) async throws {
        let now = clock.now()
        try await database.execute(
            """
            UPDATE interviews SET status = \(status.rawValue), state = \(state), score = COALESCE(\(score), score), updated_at = \(now)
            WHERE id = \(id) AND user_id = \(userID)
            """)
    }

    package func current(userID: Int64) async throws -> InterviewRecord? {
        try await database.rows(
            """
            SELECT id, role, type, status, state, score, created_at FROM interviews
            WHERE user_id = \(userID) AND status IN ('active', 'paused') ORDER BY id DESC LIMIT 1
            """
        ).first.map(Self.record)
    }

    package func list(userID: Int64) async throws -> [InterviewRecord] {
        try await database.rows(
            "SELECT id, role, type, status, state, score, created_at FROM interviews WHERE user_id = \(userID) ORDER BY id DESC"
        ).map(Self.record)
    }

    package func recentQuestionIDs(userID: Int64, sessions: Int) async throws -> Set<String> {
        let lists = try await database.rows(
            "SELECT question_ids FROM interviews WHERE user_id = \(userID) ORDER BY id DESC LIMIT \(sessions)"
        ).map { try $0.decode(String.self) }
        return Set(lists.flatMap { JSONText.decode([String].self, $0) ?? [] })
    }

    package func addStory(userID: Int64, question: String, answer: String, score: Double) async throws {
        let now = clock.now()
        try await database.execute(
            "INSERT INTO stories (user_id, question, answer, score, created_at) VALUES (\(userID), \(question), \(answer), \(score), \(now))"
        )
    }

    package func stories(userID: Int64) async throws -> [Story] {
        try await database.rows(
            "SELECT question, answer, score FROM stories WHERE user_id = \(userID) ORDER BY score DESC, id DESC"
        ).map { row in
            let (question, answer, score) = try row.decode((String, String, Double).self)
            return Story(question: question, answer: answer, score: score)
        }
    }

    static func record(_ row: PostgresRow) throws -> InterviewRecord {
        let (id, role, type, status, state, score, created) = try row.decode((Int64, String, String, String, String, Double?, Date).self)
        return InterviewRecord(
            id: id, role: role, type: type, status: InterviewRecord.Status(rawValue: status) ?? .ended, state: state, score: score,
            createdAt: created)
    }
}
