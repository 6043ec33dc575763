import Assistant
import Foundation
import PostgresNIO
import Storage

/// Conversations in PostgreSQL, safe with several instances writing one conversation: `append` locks the
/// conversation row and numbers messages from its counter, so concurrent rounds never interleave, lose or
/// reorder messages; reads order by that number.
package struct PostgresConversationStore: ConversationStore {
    let database: PostgresDatabase
    let clock: WallClock

    package init(database: PostgresDatabase, clock: WallClock = .system) {
        self.database = database
        self.clock = clock
    }

    package func activeConversation(userID: Int64, recentMessageLimit: Int) async throws -> StoredConversation {
        let now = clock.now()
        let freshState = try JSONText.encode(ConversationState())
        let limit = recentMessageLimit
        return try await database.transaction { connection in
            let (id, stateJSON, count) = try await Self.activeConversation(
                connection, userID: userID, now: now, freshState: freshState, database: database)
            var rows: [StoredMessageRow] = []
            let query: PostgresQuery = """
                SELECT role, content, tool_calls, tool_call_id, tool_name FROM messages
                WHERE conversation_id = \(id) ORDER BY seq DESC LIMIT \(limit)
                """
            for try await row in try await connection.query(query, logger: database.logger)
                .decode((String, String, String?, String?, String?).self)
            {
                rows.append(StoredMessageRow(role: row.0, content: row.1, toolCalls: row.2, toolCallID: row.3, toolName: row.4))
            }
            let messages = rows.reversed().compactMap(\.message)
            let wasCut = rows.count == limit
            return StoredConversation(
                id: id, messages: wasCut ? ContextWindow.startingAtUserMessage(messages) : messages,
                state: JSONText.decode(ConversationState.self, stateJSON) ?? ConversationState(), messageCount: count)
        }
    }

    package func append(_ messages: [ChatMessage], state: ConversationState, conversationID: Int64) async throws -> Int64 {
        let now = clock.now()
        let stateJSON = try JSONText.encode(state)
        let rows = try messages.map { message in
            (message, message.toolCalls.isEmpty ? nil : try JSONText.encode(message.toolCalls))
        }
        return try await database.transaction { connection in
            // The row lock on the conversation serialises appenders on every instance; the counter gives the order.
            let counted = try await connection.query(
                """
                UPDATE conversations SET message_count = message_count + \(rows.count), state = \(stateJSON)
                WHERE id = \(conversationID) RETURNING message_count
                """, logger: database.logger
            ).decode(Int64.self)
            var last: Int64?
            for try await value in counted { last = value }
            guard let last else { throw StorageError.failed("conversation \(conversationID) does not exist") }
            // One statement for the whole round: the row lock above is held for one round trip less per message.
            var bindings = PostgresBindings(capacity: rows.count * 8)
            var values: [String] = []
            for (offset, (message, toolCalls)) in rows.enumerated() {
                let first = bindings.count + 1
                bindings.append(conversationID)
                bindings.append(last - Int64(rows.count) + Int64(offset) + 1)
                bindings.append(message.role.rawValue)
                bindings.append(message.content)
                bindings.append(toolCalls)
                bindings.append(message.toolCallID)
                bindings.append(message.toolName)
                bindings.append(now)
                values.append("(" + (first..<(first + 8)).map { "$\($0)" }.joined(separator: ", ") + ")")
            }
            if !values.isEmpty {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO messages (conversation_id, seq, role, content, tool_calls, tool_call_id, tool_name, created_at)
                            VALUES \(values.joined(separator: ", "))
                            """, binds: bindings), logger: database.logger)
            }
            return last
        }
    }

    package func revision(userID: Int64) async throws -> ConversationRevision? {
        try await database.rows(
            "SELECT id, message_count FROM conversations WHERE user_id = \(userID) AND archived_at IS NULL"
        ).first.map { row in
            let (id, count) = try row.decode((Int64, Int64).self)
            return ConversationRevision(conversationID: id, messageCount: count)
        }
    }

    package func startNewConversation(userID: Int64) async throws -> StoredConversation {
        let now = clock.now()
        let freshState = try JSONText.encode(ConversationState())
        return try await database.transaction { connection in
            try await connection.query(
                "UPDATE conversations SET archived_at = \(now) WHERE user_id = \(userID) AND archived_at IS NULL", logger: database.logger)
            let (id, _, _) = try await Self.activeConversation(
                connection, userID: userID, now: now, freshState: freshState, database: database)
            return StoredConversation(id: id, messages: [], state: ConversationState())
        }
    }

    /// The active conversation's id and state, created if there is none. The partial unique index makes two
    /// instances creating it at once end up with the same row. Read first: every turn calls this.
    static func activeConversation(
        _ connection: PostgresConnection, userID: Int64, now: Date, freshState: String, database: PostgresDatabase
    ) async throws -> (id: Int64, state: String, messageCount: Int64) {
        func current() async throws -> (Int64, String, Int64)? {
            let rows = try await connection.query(
                "SELECT id, state, message_count FROM conversations WHERE user_id = \(userID) AND archived_at IS NULL",
                logger: database.logger
            ).decode((Int64, String, Int64).self)
            for try await row in rows { return row }
            return nil
        }
        if let existing = try await current() { return existing }
        try await connection.query(
            """
            INSERT INTO conversations (user_id, started_at, state) VALUES (\(userID), \(now), \(freshState))
            ON CONFLICT (user_id) WHERE archived_at IS NULL DO NOTHING
            """, logger: database.logger)
        guard let created = try await current() else { throw StorageError.failed("no active conversation for user \(userID)") }
        return created
    }
}

struct StoredMessageRow {
    var role: String
    var content: String
    var toolCalls: String?
    var toolCallID: String?
    var toolName: String?

    var message: ChatMessage? {
        guard let role = ChatMessage.Role(rawValue: role) else { return nil }
        return ChatMessage(
            role: role, content: content, toolCalls: JSONText.decode([ToolCall].self, toolCalls) ?? [], toolCallID: toolCallID,
            toolName: toolName)
    }
}

/// JSON columns: encoded with sorted keys like the SQLite stores; unreadable values decode to nil, never throw.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
