import Foundation
import GRDB

extension AppDatabase {
    /// The schema history. A migration is frozen once it has landed: never edit one, add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-users-conversations-profiles") { db in
            try db.create(table: "users") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique().collate(.nocase)
                table.column("created_at", .datetime).notNull()
            }
            try db.create(table: "conversations") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("user_id", .integer).notNull().references("users", onDelete: .cascade)
                table.column("started_at", .datetime).notNull()
                table.column("archived_at", .datetime)
                table.column("state", .text).notNull()
            }
            try db.create(
                index: "conversations_active", on: "conversations", columns: ["user_id", "archived_at"])
            try db.create(table: "messages") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("conversation_id", .integer).notNull().references("conversations", onDelete: .cascade).indexed()
                table.column("role", .text).notNull()
                table.column("content", .text).notNull()
                table.column("tool_calls", .text)
                table.column("tool_call_id", .text)
                table.column("tool_name", .text)
                table.column("created_at", .datetime).notNull()
            }
            try db.create(table: "profiles") { table in
                table.primaryKey("user_id", .integer).references("users", onDelete: .cascade)
                table.column("name", .text)
                table.column("headline", .text)
                table.column("target_roles", .text).notNull().defaults(to: "[]")
                table.column("locations", .text).notNull().defaults(to: "[]")
                table.column("remote_preference", .text)
                table.column("salary_floor", .integer)
                table.column("salary_currency", .text)
                table.column("skills", .text).notNull().defaults(to: "[]")
                table.column("years_experience", .integer)
                table.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2-usage") { db in
            try db.create(table: "usage") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("user_id", .integer).notNull().references("users", onDelete: .cascade)
                table.column("model", .text).notNull()
                table.column("prompt_tokens", .integer).notNull()
                table.column("completion_tokens", .integer).notNull()
                table.column("created_at", .datetime).notNull()
            }
            try db.create(index: "usage_by_user", on: "usage", columns: ["user_id", "created_at"])
        }
        return migrator
    }
}
