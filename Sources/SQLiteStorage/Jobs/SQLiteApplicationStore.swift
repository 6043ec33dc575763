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
            typealias Columns = ApplicationRecord.Columns
            let mine = ApplicationRecord.filter(Columns.userID == userID)
            let same =
                if let job = update.jobID {
                    mine.filter(Columns.jobID == job)
                } else {
                    // lower() on both sides, as SQLite folds case (ASCII only), so the match does not depend on Swift's rules.
                    mine.filter(Columns.company.lowercased == update.company.sqlExpression.lowercased)
                        .filter(Columns.title.lowercased == update.title.sqlExpression.lowercased)
                }
            let existing = try same.fetchOne(db)
            var record: ApplicationRecord
            if var found = existing {
                found.status = update.status.rawValue
                found.note = update.note ?? found.note
                found.updatedAt = now
                found.followUpAt = followUp
                try found.update(db)
                record = found
            } else {
                record = ApplicationRecord(
                    userID: userID, jobID: update.jobID, company: update.company, title: update.title, status: update.status.rawValue,
                    note: update.note, url: update.url, createdAt: now, updatedAt: now, followUpAt: followUp)
                try record.insert(db)
            }
            guard let id = record.id else { throw StorageError.failed("the application vanished while it was being saved") }
            var event = ApplicationEventRecord(applicationID: id, status: update.status.rawValue, note: update.note, at: now)
            try event.insert(db)
            let events = try record.request(for: ApplicationRecord.events).fetchAll(db)
            return (record.application(events: events), existing == nil)
        }
    }

    package func list(userID: Int64, status: Application.Status?) async throws -> [Application] {
        try await database.read { db in
            var mine = ApplicationRecord.filter(ApplicationRecord.Columns.userID == userID)
            if let status { mine = mine.filter(ApplicationRecord.Columns.status == status.rawValue) }
            return try Self.fetch(db, mine)
        }
    }

    package func due(userID: Int64, now: Date) async throws -> [Application] {
        try await database.read { db in
            try Self.fetch(
                db, ApplicationRecord.filter(ApplicationRecord.Columns.userID == userID).filter(ApplicationRecord.Columns.followUpAt <= now)
            )
        }
    }

    /// Applications newest first, each with its history in order: two queries however many applications there are.
    private static func fetch(_ db: Database, _ request: QueryInterfaceRequest<ApplicationRecord>) throws -> [Application] {
        try request.order(ApplicationRecord.Columns.updatedAt.desc, ApplicationRecord.Columns.id.desc)
            .including(all: ApplicationRecord.events).asRequest(of: ApplicationWithEvents.self).fetchAll(db)
            .map { $0.application.application(events: $0.events) }
    }
}
