import Assistant
import Foundation
import GRDB
import Storage

/// Conversations and their messages in SQLite. Each method is one transaction.
package struct SQLiteConversationStore: ConversationStore {
    let database: AppDatabase
    let clock: WallClock

    package init(database: AppDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func activeConversation(userID: Int64, recentMessageLimit: Int) async throws -> StoredConversation {
        let now = clock.now()
        return try await database.write { db in
            let id = try Self.activeConversationID(db, userID: userID, now: now)
            let stateJSON = try String.fetchOne(db, sql: "SELECT state FROM conversations WHERE id = ?", arguments: [id])
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT role, content, tool_calls, tool_call_id, tool_name FROM messages
                    WHERE conversation_id = ? ORDER BY id DESC LIMIT ?
                    """,
                arguments: [id, recentMessageLimit])
            let messages = rows.reversed().compactMap(Self.message(from:))
            let wasCut = rows.count == recentMessageLimit
            return StoredConversation(
                id: id, messages: wasCut ? ContextWindow.startingAtUserMessage(messages) : messages,
                state: Self.decodeState(stateJSON), messageCount: try Self.messageCount(db, conversationID: id))
        }
    }

    package func append(_ messages: [ChatMessage], state: ConversationState, conversationID: Int64) async throws -> Int64 {
        let now = clock.now()
        let stateJSON = try Self.encode(state)
        let rows = try messages.map { message in
            (message, message.toolCalls.isEmpty ? nil : try Self.encode(message.toolCalls))
        }
        return try await database.write { db in
            for (message, toolCalls) in rows {
                try db.execute(
                    sql: """
                        INSERT INTO messages (conversation_id, role, content, tool_calls, tool_call_id, tool_name, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        conversationID, message.role.rawValue, message.content, toolCalls, message.toolCallID,
                        message.toolName, now,
                    ])
            }
            try db.execute(
                sql: "UPDATE conversations SET state = ?, message_count = message_count + ? WHERE id = ?",
                arguments: [stateJSON, rows.count, conversationID])
            return try Self.messageCount(db, conversationID: conversationID)
        }
    }

    package func revision(userID: Int64) async throws -> ConversationRevision? {
        try await database.read { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM conversations WHERE user_id = ? AND archived_at IS NULL ORDER BY id DESC LIMIT 1",
                    arguments: [userID])
            else { return nil }
            return ConversationRevision(conversationID: id, messageCount: try Self.messageCount(db, conversationID: id))
        }
    }

    /// Kept as a counter on the conversation (migration v15), as PostgreSQL keeps it: counting the messages cost a
    /// scan of the conversation on every append and every revision check.
    private static func messageCount(_ db: Database, conversationID: Int64) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT message_count FROM conversations WHERE id = ?", arguments: [conversationID]) ?? 0
    }

    package func startNewConversation(userID: Int64) async throws -> StoredConversation {
        let now = clock.now()
        return try await database.write { db in
            try db.execute(
                sql: "UPDATE conversations SET archived_at = ? WHERE user_id = ? AND archived_at IS NULL",
                arguments: [now, userID])
            let id = try Self.activeConversationID(db, userID: userID, now: now)
            return StoredConversation(id: id, messages: [], state: ConversationState())
        }
    }

    /// How many conversations (active and archived) a user has; used by tests and the REPL banner.
    package func conversationCount(userID: Int64) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversations WHERE user_id = ?", arguments: [userID]) ?? 0
        }
    }

    private static func activeConversationID(_ db: Database, userID: Int64, now: Date) throws -> Int64 {
        if let id = try Int64.fetchOne(
            db, sql: "SELECT id FROM conversations WHERE user_id = ? AND archived_at IS NULL ORDER BY id DESC LIMIT 1",
            arguments: [userID])
        {
            return id
        }
        let state = try encode(ConversationState())
        try db.execute(
            sql: "INSERT INTO conversations (user_id, started_at, state) VALUES (?, ?, ?)",
            arguments: [userID, now, state])
        return db.lastInsertedRowID
    }

    private static func message(from row: Row) -> ChatMessage? {
        guard let role = ChatMessage.Role(rawValue: row["role"]) else { return nil }
        let toolCallsJSON: String? = row["tool_calls"]
        let toolCalls = toolCallsJSON.flatMap { try? JSONDecoder().decode([ToolCall].self, from: Data($0.utf8)) } ?? []
        return ChatMessage(
            role: role, content: row["content"], toolCalls: toolCalls, toolCallID: row["tool_call_id"],
            toolName: row["tool_name"])
    }

    /// A state that no longer decodes (written by another version) resets to a fresh state instead of
    /// locking the user out of their conversation; the messages themselves are kept.
    private static func decodeState(_ json: String?) -> ConversationState {
        guard let json else { return ConversationState() }
        return (try? JSONDecoder().decode(ConversationState.self, from: Data(json.utf8))) ?? ConversationState()
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
