import Foundation

/// A language model that can call tools: the OpenAI client and the embedded offline model both
/// implement it, and tests script it.
public protocol ChatModel: Sendable {
    /// A short name shown to the user ("local", "gpt-4o-mini").
    var name: String { get }
    /// Streams the model's answer to `request`. The stream ends after `.finish`, or throws.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ModelEvent, Error>
}

/// Everything a model sees for one step of a turn.
public struct ChatRequest: Sendable {
    public var messages: [ChatMessage]
    public var tools: [ToolSchema]
    /// The dialogue state, so a model can route answers during an interview or resolve "the second one".
    public var state: ConversationState

    public init(messages: [ChatMessage], tools: [ToolSchema], state: ConversationState = ConversationState()) {
        self.messages = messages
        self.tools = tools
        self.state = state
    }
}

/// What a tool looks like to a model: the OpenAI `function` object.
public struct ToolSchema: Sendable, Equatable {
    public var name: String
    public var description: String
    /// A JSON Schema object describing the arguments.
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// One piece of a streamed model answer.
public enum ModelEvent: Sendable, Equatable {
    case textDelta(String)
    /// A fragment of a tool call; fragments with the same `index` belong to one call.
    case toolCallDelta(index: Int, id: String?, name: String?, arguments: String)
    case usage(TokenUsage)
    /// Something the user should know while waiting ("rate limited, retrying in 2 s").
    case notice(String)
    case finish(FinishReason)
}

public enum FinishReason: String, Sendable, Equatable {
    case stop
    case toolCalls = "tool_calls"
    case length
    case contentFilter = "content_filter"
}

public struct TokenUsage: Sendable, Equatable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int

    public init(promptTokens: Int, completionTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}
