import Foundation

/// A tool call written as text. llama-cpp-python's `chatml-function-calling` format lets the model choose
/// between prose and a call; a small model often writes the call's syntax as prose instead,
/// `functions.search_jobs:\n{"query": "nurse"}`, and the server passes it on as content. When the whole answer is
/// exactly that, for a tool that was offered, it is the call the model meant.
enum TextualToolCall {
    static func parse(_ text: String, offered: Set<String>) -> (name: String, arguments: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let brace = trimmed.firstIndex(of: "{"), trimmed.hasSuffix("}") else { return nil }
        var name = trimmed[..<brace].trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["functions.", "function."] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
        if name.hasSuffix(":") { name = String(name.dropLast()) }
        name = name.trimmingCharacters(in: .whitespaces)
        let arguments = String(trimmed[brace...])
        guard offered.contains(name), (try? JSONSerialization.jsonObject(with: Data(arguments.utf8))) is [String: Any] else { return nil }
        return (name, arguments)
    }

    /// The answer with a textual call turned into a real one; anything else unchanged.
    static func converted(_ chunk: ChatCompletionChunk, offered: Set<String>) -> ChatCompletionChunk {
        var converted = chunk
        for index in converted.choices?.indices ?? [].indices {
            guard var message = converted.choices?[index].message, message.calls.isEmpty,
                let call = message.content.flatMap({ parse($0, offered: offered) })
            else { continue }
            message.content = nil
            message.toolCalls = [.init(index: 0, id: nil, function: FunctionCall(name: call.name, arguments: call.arguments))]
            converted.choices?[index].message = message
            converted.choices?[index].finishReason = "tool_calls"
        }
        return converted
    }
}
