import Assistant
import Testing

@Suite("Offline model replies")
struct LocalChatModelTests {
    func reply(_ model: LocalChatModel, _ request: ChatRequest) async throws -> (text: String, calls: [ToolCall]) {
        var text = ""
        var accumulator = ToolCallAccumulator()
        for try await event in model.stream(request) {
            if case .textDelta(let delta) = event { text += delta }
            if case .toolCallDelta(let index, let id, let name, let arguments) = event {
                accumulator.add(index: index, id: id, name: name, arguments: arguments)
            }
        }
        return (text, accumulator.calls())
    }

    let tools = [ToolSchema(name: "update_profile", description: "", parameters: [:])]

    @Test("a user message becomes a tool call when the tool is offered")
    func callsTool() async throws {
        let model = try #require(await LocalResources.model())
        let result = try await reply(model, ChatRequest(messages: [.user("add Swift to my skills")], tools: tools))
        #expect(result.calls.map(\.name) == ["update_profile"])
        #expect(try JSONValue.parse(result.calls[0].arguments) == ["add_skills": ["Swift"]])
    }

    @Test("a tool result is phrased with that tool's template")
    func phrasesResult() async throws {
        let model = try #require(await LocalResources.model())
        let call = ToolCall(id: "c", name: "update_profile", arguments: "{}")
        let messages: [ChatMessage] = [
            .user("add Swift"), .assistant("", toolCalls: [call]),
            .tool(call, content: #"{"changes":["added skills: Swift"],"profile":{}}"#),
        ]
        let result = try await reply(model, ChatRequest(messages: messages, tools: tools))
        #expect(result.text.contains("added skills: Swift"))
        #expect(result.calls.isEmpty)
    }

    @Test("a tool that is not offered gets a clear not-available answer instead of a call")
    func toolNotOffered() async throws {
        let model = try #require(await LocalResources.model())
        let result = try await reply(model, ChatRequest(messages: [.user("find python jobs in berlin")], tools: tools))
        #expect(result.calls.isEmpty)
        #expect(result.text.contains("search_jobs"))
    }

    @Test("a recap lists what the user asked earlier")
    func recap() async throws {
        let model = try #require(await LocalResources.model())
        let messages: [ChatMessage] = [
            .user("add Haskell to my skills"), .assistant("Done."), .user("what did we talk about?"),
        ]
        let result = try await reply(model, ChatRequest(messages: messages, tools: tools))
        #expect(result.text.contains("add Haskell to my skills"))
    }
}
