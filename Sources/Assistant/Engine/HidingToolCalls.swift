/// A model that does not see some tool calls and their results: the offline model taking over a turn must not
/// read the calls a remote model made and could not get right.
struct HidingToolCalls: ChatModel {
    let model: any ChatModel
    let hidden: Set<String>

    var name: String { model.name }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ModelEvent, Error> {
        var trimmed = request
        trimmed.messages = request.messages.filter { message in
            if let id = message.toolCallID, hidden.contains(id) { return false }
            return message.toolCalls.isEmpty || !message.toolCalls.allSatisfy { hidden.contains($0.id) }
        }
        return model.stream(trimmed)
    }
}
