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
            var row = InterviewRow(
                userID: userID, role: role, type: type, status: InterviewRecord.Status.active.rawValue, state: state, questionIDs: ids,
                createdAt: now, updatedAt: now)
            try row.insert(db)
            return row.id ?? db.lastInsertedRowID
        }
    }

    /// Another user's interview id changes nothing.
    package func update(id: Int64, userID: Int64, status: InterviewRecord.Status, state: String, score: Double?) async throws {
        let now = clock.now()
        try await database.write { db in
            typealias Columns = InterviewRow.Columns
            var changes = [Columns.status.set(to: status.rawValue), Columns.state.set(to: state), Columns.updatedAt.set(to: now)]
            if let score { changes.append(Columns.score.set(to: score)) }
            _ = try InterviewRow.filter(Columns.id == id && Columns.userID == userID).updateAll(db, changes)
        }
    }

    /// The newest interview still active or paused.
    package func current(userID: Int64) async throws -> InterviewRecord? {
        try await database.read { db in
            let open = [InterviewRecord.Status.active.rawValue, InterviewRecord.Status.paused.rawValue]
            return try InterviewRow.of(userID).filter(open.contains(InterviewRow.Columns.status)).fetchOne(db)?.record
        }
    }

    package func list(userID: Int64) async throws -> [InterviewRecord] {
        try await database.read { db in try InterviewRow.of(userID).fetchAll(db).map(\.record) }
    }

    package func recentQuestionIDs(userID: Int64, sessions: Int) async throws -> Set<String> {
        try await database.read { db in
            let lists = try String.fetchAll(db, InterviewRow.of(userID).select(InterviewRow.Columns.questionIDs).limit(sessions))
            return Set(lists.flatMap { (try? JSONDecoder().decode([String].self, from: Data($0.utf8))) ?? [] })
        }
    }

    package func addStory(userID: Int64, question: String, answer: String, score: Double) async throws {
        let now = clock.now()
        try await database.write { db in
            var row = StoryRow(userID: userID, question: question, answer: answer, score: score, createdAt: now)
            try row.insert(db)
        }
    }

    /// Best first; among equal scores, the newest first.
    package func stories(userID: Int64) async throws -> [Story] {
        try await database.read { db in
            try StoryRow.filter(StoryRow.Columns.userID == userID).order(StoryRow.Columns.score.desc, StoryRow.Columns.id.desc)
                .fetchAll(db).map(\.story)
        }
    }
}
