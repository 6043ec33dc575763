import Assistant
import Foundation
import GRDB
import Storage

package struct SQLiteSourceRunStore: SourceRunStore {
    let database: AppDatabase

    package init(database: AppDatabase) {
        self.database = database
    }

    package func record(_ run: SourceRun) async throws {
        try await database.write { db in
            try db.execute(
                sql:
                    "INSERT INTO source_runs (source, query, status, reason, fetched, new, latency_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [run.source, run.query, run.status.rawValue, run.reason, run.fetched, run.new, run.latencyMilliseconds, run.at])
        }
    }

    package func latest() async throws -> [SourceRun] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM source_runs WHERE id IN (SELECT MAX(id) FROM source_runs GROUP BY source) ORDER BY source
                    """
            ).map { row in
                SourceRun(
                    source: row["source"], query: row["query"], status: SourceRun.Status(rawValue: row["status"]) ?? .failed,
                    reason: row["reason"], fetched: row["fetched"], new: row["new"], latencyMilliseconds: row["latency_ms"],
                    at: row["at"])
            }
        }
    }
}
