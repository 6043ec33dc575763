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
            var row = UsageRow(
                userID: userID, model: model, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, createdAt: now)
            try row.insert(db)
        }
    }

    /// Requests and tokens per model, by model name.
    package func totals(userID: Int64, since: Date?) async throws -> [UsageTotal] {
        try await database.read { db in
            typealias Columns = UsageRow.Columns
            let request = UsageRow.filter(Columns.userID == userID && Columns.createdAt >= (since ?? Date.distantPast))
                .select(
                    Columns.model, count(SQL("*")).forKey("requests"), sum(Columns.promptTokens).forKey("prompt"),
                    sum(Columns.completionTokens).forKey("completion")
                ).group(Columns.model).order(Columns.model)
            return try Row.fetchAll(db, request).map {
                UsageTotal(model: $0["model"], requests: $0["requests"], promptTokens: $0["prompt"], completionTokens: $0["completion"])
            }
        }
    }
}
