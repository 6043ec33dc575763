import Foundation

/// Chooses which stored messages a model sees. It cuts only at a user message, so an assistant
/// tool call is never separated from its tool results.
public enum ContextWindow {
    public static func recent(_ messages: [ChatMessage], limit: Int) -> [ChatMessage] {
        guard messages.count > limit else { return messages }
        var start = messages.count - limit
        while start < messages.count, messages[start].role != .user { start += 1 }
        return Array(messages[start...])
    }
}
