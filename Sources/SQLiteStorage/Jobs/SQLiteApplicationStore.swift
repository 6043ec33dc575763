import Assistant
import Foundation
import GRDB
import Storage

package struct SQLiteApplicationStore: ApplicationStore {
    let database: AppDatabase
    let clock: WallClock

    package init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func record(_ update: ApplicationUpdate, userID: Int64) async throws -> (application: Application, created: Bool) {
        let now = clock.now()
        let followUp = update.status.followUpAfter.map { now.addingTimeInterval($0) }
        return try await database.write { db in
            let existing: Int64?
            if let job = update.jobID {
                existing = try Int64.fetchOne(
                    db, sql: "SELECT id FROM applications WHERE user_id = ? AND job_id = ?", arguments: [userID, job])
            } else {
                existing = try Int64.fetchOne(
                    db, sql: "SELECT id FROM applications WHERE user_id = ? AND lower(company) = lower(?) AND lower(title) = lower(?)",
                    arguments: [userID, update.company, update.title])
            }
            let id: Int64
            if let existing {
                try db.execute(
                    sql: "UPDATE applications SET status = ?, note = COALESCE(?, note), updated_at = ?, follow_up_at = ? WHERE id = ?",
                    arguments: [update.status.rawValue, update.note, now, followUp, existing])
                id = existing
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO applications (user_id, job_id, company, title, status, note, url, created_at, updated_at, follow_up_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        userID, update.jobID, update.company, update.title, update.status.rawValue, update.note, update.url, now, now,
                        followUp,
                    ])
                id = db.lastInsertedRowID
            }
            try db.execute(
                sql: "INSERT INTO application_events (application_id, status, note, at) VALUES (?, ?, ?, ?)",
                arguments: [id, update.status.rawValue, update.note, now])
            guard let application = try Self.fetch(db, where: "a.id = ?", [id]).first else {
                throw StorageError.failed("the application vanished while it was being saved")
            }
            return (application, existing == nil)
        }
    }

    package func list(userID: Int64, status: Application.Status?) async throws -> [Application] {
        try await database.read { db in
            if let status {
                return try Self.fetch(db, where: "a.user_id = ? AND a.status = ?", [userID, status.rawValue])
            }
            return try Self.fetch(db, where: "a.user_id = ?", [userID])
        }
    }

    package func due(userID: Int64, now: Date) async throws -> [Application] {
        try await database.read { db in
            try Self.fetch(db, where: "a.user_id = ? AND a.follow_up_at IS NOT NULL AND a.follow_up_at <= ?", [userID, now])
        }
    }

    private static func fetch(_ db: Database, where condition: String, _ arguments: [DatabaseValueConvertible]) throws -> [Application] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT a.* FROM applications a WHERE \(condition) ORDER BY a.updated_at DESC, a.id DESC",
            arguments: StatementArguments(arguments))
        return try rows.map { row in
            let id: Int64 = row["id"]
            let events = try Row.fetchAll(
                db, sql: "SELECT status, note, at FROM application_events WHERE application_id = ? ORDER BY id", arguments: [id]
            ).map { event in
                Application.Event(status: Application.Status(rawValue: event["status"]) ?? .saved, note: event["note"], at: event["at"])
            }
            return Application(
                id: id, jobID: row["job_id"], company: row["company"], title: row["title"],
                status: Application.Status(rawValue: row["status"]) ?? .saved, note: row["note"], url: row["url"],
                createdAt: row["created_at"], updatedAt: row["updated_at"], followUpAt: row["follow_up_at"], events: events)
        }
    }
}
