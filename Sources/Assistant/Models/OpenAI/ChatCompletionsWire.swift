import Foundation

/// The request body of `POST /chat/completions`, as OpenAI documents it.
struct ChatCompletionsRequest: Encodable {
    struct Message: Encodable {
        var role: String
        /// Always a string: some compatible servers answer 500 to `null` content beside tool calls.
        var content: String
        var toolCalls: [WireToolCall]?
        var toolCallID: String?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }
    }

    struct WireToolCall: Encodable {
        struct Function: Encodable {
            var name: String
            var arguments: String
        }
        var id: String
        var type = "function"
        var function: Function
    }

    struct Tool: Encodable {
        struct Function: Encodable {
            var name: String
            var description: String
            var parameters: JSONValue
        }
        var type = "function"
        var function: Function
    }

    struct StreamOptions: Encodable {
        var includeUsage = true
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    var model: String
    var messages: [Message]
    var tools: [Tool]?
    var toolChoice: String?
    var stream = true
    /// Usage in the last chunk; nil for servers that reject the field, and without streaming.
    var streamOptions: StreamOptions? = StreamOptions()
    var temperature: Double?
    var maxTokens: Int?

    enum CodingKeys: String, CodingKey {
        case model, messages, tools, stream, temperature
        case toolChoice = "tool_choice"
        case streamOptions = "stream_options"
        case maxTokens = "max_tokens"
    }

    init(model: String, request: ChatRequest, temperature: Double?, maxTokens: Int?) {
        self.model = model
        self.messages = request.messages.map { message in
            Message(
                role: message.role.rawValue, content: message.content,
                toolCalls: message.toolCalls.isEmpty
                    ? nil
                    : message.toolCalls.map {
                        WireToolCall(id: $0.id, function: .init(name: $0.name, arguments: $0.arguments))
                    },
                toolCallID: message.toolCallID)
        }
        if !request.tools.isEmpty {
            tools = request.tools.map {
                Tool(function: .init(name: $0.name, description: $0.description, parameters: $0.parameters))
            }
            // Explicit "auto": some compatible servers ignore tools when tool_choice is absent.
            toolChoice = "auto"
        }
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}

struct FunctionCall: Decodable {
    var name: String?
    var arguments: String?
}

/// One `data:` payload of the stream, or the whole body of a response without streaming.
struct ChatCompletionChunk: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable {
            struct ToolCallDelta: Decodable {
                var index: Int?
                var id: String?
                var function: FunctionCall?
            }
            var content: String?
            var toolCalls: [ToolCallDelta]?
            /// The pre-tools form some servers still send beside (or instead of) `tool_calls`.
            var functionCall: FunctionCall?
            enum CodingKeys: String, CodingKey {
                case content
                case toolCalls = "tool_calls"
                case functionCall = "function_call"
            }

            /// Tool-call pieces, from `tool_calls`, or from `function_call` when that is all there is.
            var calls: [ToolCallDelta] {
                if let toolCalls, !toolCalls.isEmpty { return toolCalls }
                // llama-cpp-python adds `function_call` with an empty name to plain text answers.
                // (Later pieces of a streamed call have no name at all, so only an empty one is dropped.)
                guard let functionCall, functionCall.name != "" else { return [] }
                return [ToolCallDelta(index: 0, id: nil, function: functionCall)]
            }
        }
        var delta: Delta?
        /// Without streaming, the whole answer comes as `message`, which has the same fields as a delta.
        var message: Delta?
        var finishReason: String?
        enum CodingKeys: String, CodingKey {
            case delta, message
            case finishReason = "finish_reason"
        }
    }

    struct Usage: Decodable {
        var promptTokens: Int
        var completionTokens: Int
        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    var choices: [Choice]?
    var usage: Usage?
    var error: APIErrorBody.Detail?
}

/// `{"error": {"message": ..., "type": ..., "code": ...}}`, in error responses and inside streams.
struct APIErrorBody: Decodable {
    struct Detail: Decodable {
        var message: String?
        var type: String?
        var code: String?

        enum CodingKeys: String, CodingKey { case message, type, code }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decode(String.self, forKey: .message)
            type = try? container.decode(String.self, forKey: .type)
            // Some servers send a numeric code.
            code =
                (try? container.decode(String.self, forKey: .code))
                ?? (try? container.decode(Int.self, forKey: .code)).map(String.init)
        }
    }
    var error: Detail
}
