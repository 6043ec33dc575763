import Foundation

/// A conversation as stored: its id, its messages in order, and its dialogue state.
package struct StoredConversation: Sendable, Equatable {
    package var id: Int64
    package var messages: [ChatMessage]
    package var state: ConversationState
    /// How many messages the conversation holds in all (`messages` may be only the newest of them).
    package var messageCount: Int64

    package init(id: Int64, messages: [ChatMessage], state: ConversationState, messageCount: Int64? = nil) {
        self.id = id
        self.messages = messages
        self.state = state
        self.messageCount = messageCount ?? Int64(messages.count)
    }

    package var revision: ConversationRevision { ConversationRevision(conversationID: id, messageCount: messageCount) }
}

/// What a user's active conversation holds, cheaply comparable: it changes whenever messages are appended (with
/// their state) or the conversation is replaced, so an unchanged revision means nothing needs reloading.
package struct ConversationRevision: Sendable, Equatable {
    package var conversationID: Int64
    package var messageCount: Int64

    package init(conversationID: Int64, messageCount: Int64) {
        self.conversationID = conversationID
        self.messageCount = messageCount
    }
}

/// Persistence of conversations. Every method commits before it returns, so whatever the engine
/// acknowledged survives a crash.
package protocol ConversationStore: Sendable {
    /// The user's current conversation, created empty if there is none.
    func activeConversation(userID: Int64, recentMessageLimit: Int) async throws -> StoredConversation
    /// Appends messages and saves the state in one transaction; returns the conversation's message count after it.
    @discardableResult
    func append(_ messages: [ChatMessage], state: ConversationState, conversationID: Int64) async throws -> Int64
    /// The active conversation's revision, or nil when the user has none yet. One cheap read: writers on other
    /// instances are detected with it before a turn, instead of reloading the whole conversation.
    func revision(userID: Int64) async throws -> ConversationRevision?
    /// Archives the current conversation and starts an empty one (the user's `/reset`).
    func startNewConversation(userID: Int64) async throws -> StoredConversation
}
