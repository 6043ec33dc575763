import Assistant
import Foundation
import GRDB
import Storage

package struct SQLiteUsageStore: UsageStore {
    let database: AppDatabase
    let clock: WallClock

    package init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func record(userID: Int64, model: String, usage: TokenUsage) async throws {
        let now = clock.now()
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO usage (user_id, model, prompt_tokens, completion_tokens, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [userID, model, usage.promptTokens, usage.completionTokens, now])
        }
    }

    package func totals(userID: Int64, since: Date?) async throws -> [UsageTotal] {
        try await database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT model, COUNT(*) AS requests, SUM(prompt_tokens) AS prompt, SUM(completion_tokens) AS completion
                    FROM usage WHERE user_id = ? AND created_at >= ? GROUP BY model ORDER BY model
                    """,
                arguments: [userID, since ?? Date.distantPast])
            return rows.map {
                UsageTotal(model: $0["model"], requests: $0["requests"], promptTokens: $0["prompt"], completionTokens: $0["completion"])
            }
        }
    }
}
