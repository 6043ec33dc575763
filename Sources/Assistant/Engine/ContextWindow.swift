import Foundation

/// Chooses which stored messages a model sees. It cuts only at a user message, so an assistant
/// tool call is never separated from its tool results.
package enum ContextWindow {
    package static func recent(_ messages: [ChatMessage], limit: Int) -> [ChatMessage] {
        guard messages.count > limit else { return messages }
        return startingAtUserMessage(messages.suffix(limit))
    }

    /// Drops leading messages up to the first user message: a slice cut from a longer history may
    /// begin with tool results whose call is no longer in it.
    package static func startingAtUserMessage<Messages: Collection>(_ messages: Messages) -> [ChatMessage]
    where Messages.Element == ChatMessage {
        Array(messages.drop { $0.role != .user })
    }

    /// A rough token count (about four characters a token, plus framing), good enough to keep a request
    /// inside a model's context window without a tokenizer.
    package static func estimatedTokens(_ message: ChatMessage) -> Int {
        let characters = message.content.count + message.toolCalls.reduce(0) { $0 + $1.name.count + $1.arguments.count }
        return characters / 4 + 4
    }

    /// Drops the oldest whole turns until the rest fits `tokenBudget`; the newest turn is always kept.
    /// Returns what was kept and what was dropped, so the caller can summarise the dropped part.
    package static func fitting(_ messages: [ChatMessage], tokenBudget: Int) -> (kept: [ChatMessage], dropped: [ChatMessage]) {
        var total = messages.reduce(0) { $0 + estimatedTokens($1) }
        var start = 0
        while total > tokenBudget {
            // Cut at the next user message after `start`, so tool exchanges stay whole.
            guard let next = messages[(start + 1)...].firstIndex(where: { $0.role == .user }) else { break }
            total -= messages[start..<next].reduce(0) { $0 + estimatedTokens($1) }
            start = next
        }
        return (Array(messages[start...]), Array(messages[..<start]))
    }

    /// A short note of what the user asked in turns that no longer fit, so the model keeps the thread.
    package static func summary(ofDropped dropped: [ChatMessage], limit: Int = 12) -> String? {
        let asked = dropped.filter { $0.role == .user }.suffix(limit).map { message in
            let text = message.content.replacingOccurrences(of: "\n", with: " ")
            return "- " + (text.count > 160 ? String(text.prefix(157)) + "…" : text)
        }
        guard !asked.isEmpty else { return nil }
        return "Earlier in this conversation (trimmed to fit the context window) the user asked:\n" + asked.joined(separator: "\n")
    }
}
