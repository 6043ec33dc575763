import Foundation

/// One message of a conversation, shaped like the Chat Completions API so any model can read it.
package struct ChatMessage: Codable, Sendable, Equatable {
    package enum Role: String, Codable, Sendable {
        case system, user, assistant, tool
    }

    package var role: Role
    package var content: String
    /// Calls the assistant asked for in this message (assistant messages only).
    package var toolCalls: [ToolCall]
    /// The call this message answers (tool messages only).
    package var toolCallID: String?
    /// The tool that produced this message (tool messages only).
    package var toolName: String?

    package init(
        role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, toolName: String? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.toolName = toolName
    }

    package static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    package static func assistant(_ text: String, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }
    package static func tool(_ call: ToolCall, content: String) -> ChatMessage {
        ChatMessage(role: .tool, content: content, toolCallID: call.id, toolName: call.name)
    }
}

/// A function call requested by the model. Arguments stay raw JSON text until the tool decodes them,
/// so nothing between the model and the tool can lose or reinterpret them.
package struct ToolCall: Codable, Sendable, Equatable {
    package var id: String
    package var name: String
    package var arguments: String

    package init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
