import Assistant
import Foundation
import PostgresNIO
import Storage

/// Applications with their status history. `record` locks the user's matching application, so two instances
/// recording the same job at once update one application instead of creating two.
package struct PostgresApplicationStore: ApplicationStore {
    let database: PostgresDatabase
    let clock: WallClock

    package init(database: PostgresDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func record(_ update: ApplicationUpdate, userID: Int64) async throws -> (application: Application, created: Bool) {
        let now = clock.now()
        let followUp = update.status.followUpAfter.map { now.addingTimeInterval($0) }
        let (id, created) = try await database.transaction { connection in
            // One user's applications are matched under a per-user advisory lock, released at commit.
            try await connection.query("SELECT pg_advisory_xact_lock(\(userID))", logger: database.logger)
            let match: PostgresQuery
            if let job = update.jobID {
                match = "SELECT id FROM applications WHERE user_id = \(userID) AND job_id = \(job)"
            } else {
                match = """
                    SELECT id FROM applications WHERE user_id = \(userID)
                    AND lower(company) = lower(\(update.company)) AND lower(title) = lower(\(update.title))
                    """
            }
            var existing: Int64?
            for try await value in try await connection.query(match, logger: database.logger).decode(Int64.self) { existing = value }
            let id: Int64
            if let existing {
                try await connection.query(
                    """
                    UPDATE applications SET status = \(update.status.rawValue), note = COALESCE(\(update.note), note),
                        updated_at = \(now), follow_up_at = \(followUp) WHERE id = \(existing)
                    """, logger: database.logger)
                id = existing
            } else {
                var inserted: Int64?
                for try await value in try await connection.query(
                    """
                    INSERT INTO applications (user_id, job_id, company, title, status, note, url, created_at, updated_at, follow_up_at)
                    VALUES (\(userID), \(update.jobID), \(update.company), \(update.title), \(update.status.rawValue), \(update.note),
                        \(update.url), \(now), \(now), \(followUp)) RETURNING id
                    """, logger: database.logger
                ).decode(Int64.self) { inserted = value }
                guard let inserted else { throw StorageError.failed("the application was not saved") }
                id = inserted
            }
            try await connection.query(
                "INSERT INTO application_events (application_id, status, note, at) VALUES (\(id), \(update.status.rawValue), \(update.note), \(now))",
                logger: database.logger)
            return (id, existing == nil)
        }
        guard let application = try await fetch(where: "a.id = ", id).first else {
            throw StorageError.failed("the application vanished while it was being saved")
        }
        return (application, created)
    }

    package func list(userID: Int64, status: Application.Status?) async throws -> [Application] {
        let all = try await fetch(where: "a.user_id = ", userID)
        guard let status else { return all }
        return all.filter { $0.status == status }
    }

    package func due(userID: Int64, now: Date) async throws -> [Application] {
        try await fetch(where: "a.user_id = ", userID).filter { application in
            application.followUpAt.map { $0 <= now } ?? false
        }
    }

    /// Applications matching `column = value`, newest change first, each with its events in order.
    private func fetch(where condition: String, _ value: Int64) async throws -> [Application] {
        var bindings = PostgresBindings()
        bindings.append(value)
        let rows = try await database.rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT a.id, a.job_id, a.company, a.title, a.status, a.note, a.url, a.created_at, a.updated_at, a.follow_up_at,
                        e.status, e.note, e.at
                    FROM applications a JOIN application_events e ON e.application_id = a.id
                    WHERE \(condition)$1 ORDER BY a.updated_at DESC, a.id DESC, e.id
                    """, binds: bindings))
        var applications: [Application] = []
        for row in rows {
            let (id, job, company, title, status, note, url, created, updated, followUp, eventStatus, eventNote, eventAt) =
                try row.decode((Int64, Int64?, String, String, String, String?, String?, Date, Date, Date?, String, String?, Date).self)
            let event = Application.Event(status: Application.Status(rawValue: eventStatus) ?? .saved, note: eventNote, at: eventAt)
            if applications.last?.id == id {
                applications[applications.count - 1].events.append(event)
            } else {
                applications.append(
                    Application(
                        id: id, jobID: job, company: company, title: title, status: Application.Status(rawValue: status) ?? .saved,
                        note: note, url: url, createdAt: created, updatedAt: updated, followUpAt: followUp, events: [event]))
            }
        }
        return applications
    }
}

/// The latest run of each job board.
package struct PostgresSourceRunStore: SourceRunStore {
    let database: PostgresDatabase

    package init(database: PostgresDatabase) {
        self.database = database
    }

    package func record(_ run: SourceRun) async throws {
        try await database.execute(
            """
            INSERT INTO source_runs (source, query, status, reason, fetched, new, latency_ms, at)
            VALUES (\(run.source), \(run.query), \(run.status.rawValue), \(run.reason), \(run.fetched), \(run.new),
                \(run.latencyMilliseconds), \(run.at))
            """)
    }

    package func latest() async throws -> [SourceRun] {
        try await database.rows(
            """
            SELECT DISTINCT ON (source) source, query, status, reason, fetched, new, latency_ms, at
            FROM source_runs ORDER BY source, id DESC
            """
        ).map { row in
            let (source, query, status, reason, fetched, new, latency, at) =
                try row.decode((String, String?, String, String?, Int, Int, Int, Date).self)
            return SourceRun(
                source: source, query: query ?? "", status: SourceRun.Status(rawValue: status) ?? .failed, reason: reason,
                fetched: fetched, new: new, latencyMilliseconds: latency, at: at)
        }
    }
}
