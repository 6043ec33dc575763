import Foundation

/// A conversation as stored: its id, its messages in order, and its dialogue state.
public struct StoredConversation: Sendable, Equatable {
    public var id: Int64
    public var messages: [ChatMessage]
    public var state: ConversationState

    public init(id: Int64, messages: [ChatMessage], state: ConversationState) {
        self.id = id
        self.messages = messages
        self.state = state
    }
}

/// Persistence of conversations. Every method commits before it returns, so whatever the engine
/// acknowledged survives a crash.
public protocol ConversationStore: Sendable {
    /// The user's current conversation, created empty if there is none.
    func activeConversation(userID: Int64, recentMessageLimit: Int) async throws -> StoredConversation
    /// Appends messages and saves the state in one transaction.
    func append(_ messages: [ChatMessage], state: ConversationState, conversationID: Int64) async throws
    /// Archives the current conversation and starts an empty one (the user's `/reset`).
    func startNewConversation(userID: Int64) async throws -> StoredConversation
}
