import Assistant
import Foundation
import GRDB
import Storage

package struct SQLiteInterviewStore: InterviewStore {
    let database: AppDatabase
    let clock: WallClock

    package init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func create(userID: Int64, role: String, type: String, state: String, questionIDs: [String]) async throws -> Int64 {
        let now = clock.now()
        let ids = (try? String(decoding: JSONEncoder().encode(questionIDs), as: UTF8.self)) ?? "[]"
        return try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO interviews (user_id, role, type, status, state, question_ids, created_at, updated_at)
                    VALUES (?, ?, ?, 'active', ?, ?, ?, ?)
                    """,
                arguments: [userID, role, type, state, ids, now, now])
            return db.lastInsertedRowID
        }
    }

    package func update(id: Int64, userID: Int64, status: InterviewRecord.Status, state: String, score: Double?) async throws {
        let now = clock.now()
        try await database.write { db in
            try db.execute(
                sql: "UPDATE interviews SET status = ?, state = ?, score = COALESCE(?, score), updated_at = ? WHERE id = ? AND user_id = ?",
                arguments: [status.rawValue, state, score, now, id, userID])
        }
    }

    package func current(userID: Int64) async throws -> InterviewRecord? {
        try await database.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM interviews WHERE user_id = ? AND status IN ('active', 'paused') ORDER BY id DESC LIMIT 1",
                arguments: [userID]
            ).map(Self.record)
        }
    }

    package func list(userID: Int64) async throws -> [InterviewRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM interviews WHERE user_id = ? ORDER BY id DESC", arguments: [userID]).map(Self.record)
        }
    }

    package func recentQuestionIDs(userID: Int64, sessions: Int) async throws -> Set<String> {
        try await database.read { db in
            let lists = try String.fetchAll(
                db, sql: "SELECT question_ids FROM interviews WHERE user_id = ? ORDER BY id DESC LIMIT ?", arguments: [userID, sessions])
            return Set(lists.flatMap { (try? JSONDecoder().decode([String].self, from: Data($0.utf8))) ?? [] })
        }
    }

    package func addStory(userID: Int64, question: String, answer: String, score: Double) async throws {
        let now = clock.now()
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO stories (user_id, question, answer, score, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [userID, question, answer, score, now])
        }
    }

    package func stories(userID: Int64) async throws -> [Story] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT question, answer, score FROM stories WHERE user_id = ? ORDER BY score DESC, id DESC", arguments: [userID]
            )
            .map { Story(question: $0["question"], answer: $0["answer"], score: $0["score"]) }
        }
    }

    static func record(_ row: Row) -> InterviewRecord {
        InterviewRecord(
            id: row["id"], role: row["role"], type: row["type"],
            status: InterviewRecord.Status(rawValue: row["status"]) ?? .ended, state: row["state"], score: row["score"],
            createdAt: row["created_at"])
    }
}
