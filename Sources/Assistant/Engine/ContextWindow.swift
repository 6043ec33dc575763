import Foundation

/// Chooses which stored messages a model sees. It cuts only at a user message, so an assistant
/// tool call is never separated from its tool results.
public enum ContextWindow {
    public static func recent(_ messages: [ChatMessage], limit: Int) -> [ChatMessage] {
        guard messages.count > limit else { return messages }
        return startingAtUserMessage(messages.suffix(limit))
    }

    /// Drops leading messages up to the first user message: a slice cut from a longer history may
    /// begin with tool results whose call is no longer in it.
    public static func startingAtUserMessage<Messages: Collection>(_ messages: Messages) -> [ChatMessage]
    where Messages.Element == ChatMessage {
        Array(messages.drop { $0.role != .user })
    }
}
