import Foundation

/// What one user turn produces, in order. The REPL and the WebSocket server render the same stream.
package enum AssistantEvent: Sendable, Equatable {
    case textDelta(String)
    case toolCall(ToolCall)
    case toolResult(call: ToolCall, content: JSONValue, failed: Bool)
    /// A status line from the model service, e.g. a retry after a rate limit.
    case notice(String)
    /// The answer, already committed to storage when this event is emitted.
    case final(ChatMessage)
    case error(AssistantError)
}

/// Turn-level failures, each with a line a user can read.
package enum AssistantError: Error, Sendable, Equatable, CustomStringConvertible {
    case model(String)
    case storage(String)
    case toolRoundLimit(Int)
    case cancelled
    case inputTooLong(bytes: Int, limit: Int)
    case emptyInput

    package var description: String {
        switch self {
        case .model(let reason): return "The model failed: \(reason)"
        case .storage(let reason): return "Could not save the conversation: \(reason)"
        case .toolRoundLimit(let rounds): return "Stopped after \(rounds) rounds of tool calls without an answer."
        case .cancelled: return "Cancelled."
        case .inputTooLong(let bytes, let limit):
            return "That message is \(bytes) bytes; the limit is \(limit). Shorten it or attach the file instead."
        case .emptyInput: return "Nothing to send."
        }
    }
}
