import Assistant
import Foundation

/// A `ConversationStore` in memory, for engine tests. `failWrites` simulates a broken disk.
package actor InMemoryConversationStore: ConversationStore {
    private var conversations: [Int64: (userID: Int64, messages: [ChatMessage], state: ConversationState, archived: Bool)] = [:]
    private var nextID: Int64 = 1
    package var failWrites = false

    package init() {}

    package func setFailWrites(_ fail: Bool) { failWrites = fail }

    package func messages(conversationID: Int64) -> [ChatMessage] { conversations[conversationID]?.messages ?? [] }

    package func activeConversation(userID: Int64, recentMessageLimit: Int) async throws -> StoredConversation {
        if let (id, conversation) = conversations.first(where: { $0.value.userID == userID && !$0.value.archived }) {
            return StoredConversation(
                id: id, messages: ContextWindow.recent(conversation.messages, limit: recentMessageLimit),
                state: conversation.state, messageCount: Int64(conversation.messages.count))
        }
        return create(userID: userID)
    }

    package func append(_ messages: [ChatMessage], state: ConversationState, conversationID: Int64) async throws -> Int64 {
        if failWrites { throw StoreFailure() }
        conversations[conversationID]?.messages.append(contentsOf: messages)
        conversations[conversationID]?.state = state
        return Int64(conversations[conversationID]?.messages.count ?? 0)
    }

    package func revision(userID: Int64) async throws -> ConversationRevision? {
        guard let (id, conversation) = conversations.first(where: { $0.value.userID == userID && !$0.value.archived }) else { return nil }
        return ConversationRevision(conversationID: id, messageCount: Int64(conversation.messages.count))
    }

    package func startNewConversation(userID: Int64) async throws -> StoredConversation {
        for (id, conversation) in conversations where conversation.userID == userID {
            conversations[id]?.archived = true
        }
        return create(userID: userID)
    }

    private func create(userID: Int64) -> StoredConversation {
        let id = nextID
        nextID += 1
        conversations[id] = (userID, [], ConversationState(), false)
        return StoredConversation(id: id, messages: [], state: ConversationState())
    }

    package struct StoreFailure: Error, CustomStringConvertible {
        package var description: String { "disk is full" }
    }
}
