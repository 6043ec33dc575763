import Foundation

/// A language model that can call tools: the OpenAI client and the embedded offline model both
/// implement it, and tests script it.
package protocol ChatModel: Sendable {
    /// A short name shown to the user ("local", "gpt-4o-mini").
    var name: String { get }
    /// Streams the model's answer to `request`. The stream ends after `.finish`, or throws.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ModelEvent, Error>
}

/// Everything a model sees for one step of a turn.
package struct ChatRequest: Sendable {
    package var messages: [ChatMessage]
    package var tools: [ToolSchema]
    /// The dialogue state, so a model can route answers during an interview or resolve "the second one".
    package var state: ConversationState

    package init(messages: [ChatMessage], tools: [ToolSchema], state: ConversationState = ConversationState()) {
        self.messages = messages
        self.tools = tools
        self.state = state
    }
}

/// What a tool looks like to a model: the OpenAI `function` object.
package struct ToolSchema: Sendable, Equatable {
    package var name: String
    package var description: String
    /// A JSON Schema object describing the arguments.
    package var parameters: JSONValue

    package init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// One piece of a streamed model answer.
package enum ModelEvent: Sendable, Equatable {
    case textDelta(String)
    /// A fragment of a tool call; fragments with the same `index` belong to one call.
    case toolCallDelta(index: Int, id: String?, name: String?, arguments: String)
    case usage(TokenUsage)
    /// Something the user should know while waiting ("rate limited, retrying in 2 s").
    case notice(String)
    case finish(FinishReason)
}

package enum FinishReason: String, Sendable, Equatable {
    case stop
    case toolCalls = "tool_calls"
    case length
    case contentFilter = "content_filter"
}

package struct TokenUsage: Sendable, Equatable, Codable {
    package var promptTokens: Int
    package var completionTokens: Int

    package init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}
