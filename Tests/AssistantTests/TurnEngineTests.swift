import Assistant
import AssistantTesting
import Foundation
import Testing

@Suite("Tool-call loop")
struct TurnEngineTests {
    func makeConversation(
        _ model: ScriptedChatModel, tools: [any Tool] = [EchoTool()], maxToolRounds: Int = 8,
        store: InMemoryConversationStore = InMemoryConversationStore()
    ) async throws -> Conversation {
        let engine = TurnEngine(model: model, tools: ToolRegistry(tools), maxToolRounds: maxToolRounds)
        return try await Conversation.open(userID: 7, store: store, engine: engine, clock: .fixed(Date(timeIntervalSince1970: 0)))
    }

    func collect(_ stream: AsyncStream<AssistantEvent>) async -> [AssistantEvent] {
        var events: [AssistantEvent] = []
        for await event in stream { events.append(event) }
        return events
    }

    @Test("a tool call round trip feeds the result back to the model under the call's id")
    func toolRoundTrip() async throws {
        let call = ToolCall(id: "call_1", name: "echo", arguments: #"{"q":"swift"}"#)
        let model = ScriptedChatModel([.toolCalls([call]), .text("Found it.")])
        let conversation = try await makeConversation(model)

        let events = await collect(conversation.send("find swift"))

        #expect(events.first == .toolCall(call))
        #expect(events.last == .final(.assistant("Found it.")))
        let second = try #require(model.requests.last)
        let toolMessage = try #require(second.messages.last)
        #expect(toolMessage.role == .tool)
        #expect(toolMessage.toolCallID == "call_1")
        #expect(toolMessage.content.contains(#"\"q\":\"swift\""#) || toolMessage.content.contains("swift"))
        #expect(toolMessage.content.contains(#""user":7"#))
        let roles = await conversation.messages.map(\.role)
        #expect(roles == [.user, .assistant, .tool, .assistant])
    }

    @Test("parallel tool calls run concurrently and their results keep the call order")
    func parallelCalls() async throws {
        let point = Rendezvous(expected: 2)
        let calls = [
            ToolCall(id: "a", name: "meet_a", arguments: "{}"), ToolCall(id: "b", name: "meet_b", arguments: "{}"),
        ]
        let model = ScriptedChatModel([.toolCalls(calls), .text("done")])
        let tools: [any Tool] = [RendezvousTool(name: "meet_a", point: point), RendezvousTool(name: "meet_b", point: point)]
        let conversation = try await makeConversation(model, tools: tools)

        _ = await collect(conversation.send("go"))

        let results = await conversation.messages.filter { $0.role == .tool }
        #expect(results.map(\.toolCallID) == ["a", "b"])
        #expect(results.allSatisfy { $0.content == #"{"met":true}"# }, "both calls were running at the same time")
    }

    @Test("a failing tool becomes an error result for the model and the turn still answers")
    func toolErrorGoesToModel() async throws {
        let model = ScriptedChatModel([
            .toolCalls([ToolCall(id: "x", name: "broken", arguments: "{}")]), .text("Sorry, the index is offline."),
        ])
        let conversation = try await makeConversation(model, tools: [FailingTool()])

        let events = await collect(conversation.send("search"))

        #expect(events.contains { if case .toolResult(_, _, let failed) = $0 { return failed } else { return false } })
        #expect(events.last == .final(.assistant("Sorry, the index is offline.")))
        let fed = try #require(model.requests.last?.messages.last)
        #expect(fed.content.contains("the index is offline"))
    }

    @Test("a call to an unknown tool is answered with an error, not a crash")
    func unknownTool() async throws {
        let model = ScriptedChatModel([.toolCalls([ToolCall(id: "u", name: "nope", arguments: "{}")]), .text("ok")])
        let conversation = try await makeConversation(model)

        _ = await collect(conversation.send("hi"))

        let toolMessage = try #require(await conversation.messages.first { $0.role == .tool })
        #expect(toolMessage.content.contains("There is no tool named nope"))
    }

    @Test("after maxToolRounds the model is offered no tools, and insisting ends the turn with a clear error")
    func roundCap() async throws {
        let call = ToolCall(id: "loop", name: "echo", arguments: "{}")
        let model = ScriptedChatModel([], whenExhausted: .toolCalls([call]))
        let conversation = try await makeConversation(model, maxToolRounds: 2)

        let events = await collect(conversation.send("loop forever"))

        #expect(events.last == .error(.toolRoundLimit(2)))
        #expect(model.requests.count == 3)
        #expect(model.requests.last?.tools.isEmpty == true)
        let history = await conversation.messages
        #expect(history.last?.role == .tool, "every stored tool call keeps its result")
    }

    @Test("a model failure is reported and the user's message is still stored")
    func modelFailure() async throws {
        let store = InMemoryConversationStore()
        let model = ScriptedChatModel([.failure("HTTP 500")])
        let conversation = try await makeConversation(model, store: store)

        let events = await collect(conversation.send("hello"))

        #expect(events == [.error(.model("HTTP 500"))])
        #expect(await store.messages(conversationID: 1) == [.user("hello")])
    }

    @Test("a storage failure stops the turn before any reply is shown")
    func storageFailure() async throws {
        let store = InMemoryConversationStore()
        await store.setFailWrites(true)
        let model = ScriptedChatModel([.text("hi")])
        let conversation = try await makeConversation(model, store: store)

        let events = await collect(conversation.send("hello"))

        #expect(events == [.error(.storage("disk is full"))])
        #expect(model.requests.isEmpty)
    }

    @Test("cancelling the consumer cancels the turn and stores no answer")
    func cancellation() async throws {
        let model = ScriptedChatModel([.slowText("too late", delay: .seconds(30))])
        let conversation = try await makeConversation(model)

        let consumer = Task { await collect(conversation.send("slow please")) }
        try await Task.sleep(for: .milliseconds(100))
        consumer.cancel()
        let events = await consumer.value

        #expect(!events.contains { if case .final = $0 { return true } else { return false } })
        #expect(await conversation.messages.map(\.role) == [.user])
    }

    @Test("an empty answer becomes a readable line instead of a blank")
    func emptyAnswer() async throws {
        let conversation = try await makeConversation(ScriptedChatModel([.text("  ")]))

        let events = await collect(conversation.send("hello"))

        guard case .final(let message) = events.last else {
            Issue.record("no final")
            return
        }
        #expect(message.content.contains("returned no answer"))
    }

    @Test("oversized and empty input are refused before anything is stored")
    func inputLimits() async throws {
        let model = ScriptedChatModel([])
        let conversation = try await makeConversation(model)

        let tooLong = await collect(conversation.send(String(repeating: "x", count: 70_000)))
        let empty = await collect(conversation.send("   "))

        #expect(tooLong == [.error(.inputTooLong(bytes: 70_000, limit: 65_536))])
        #expect(empty == [.error(.emptyInput)])
        #expect(await conversation.messages.isEmpty)
        #expect(model.requests.isEmpty)
    }

    @Test("numbered results from a tool become the conversation's references")
    func referencesFromTools() async throws {
        let model = ScriptedChatModel([.toolCalls([ToolCall(id: "l", name: "list_things", arguments: "{}")]), .text("Three.")])
        let conversation = try await makeConversation(model, tools: [ListingTool()])

        _ = await collect(conversation.send("list"))

        let state = await conversation.currentState
        #expect(state.resolve(reference: .position(2))?.id == "job-2")
        #expect(state.resolve(reference: .last)?.id == "job-3")
        #expect(state.resolve(reference: .position(4)) == nil)
    }

    @Test("turns sent at once run one after another in order")
    func turnsAreSerialised() async throws {
        let model = ScriptedChatModel([.slowText("first", delay: .milliseconds(50)), .text("second")])
        let conversation = try await makeConversation(model)

        async let one = collect(conversation.send("one"))
        // Send the second only once the first turn is with the model.
        while model.requests.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
        async let two = collect(conversation.send("two"))
        _ = await (one, two)

        #expect(await conversation.messages.map(\.content) == ["one", "first", "two", "second"])
    }
}

@Suite("Tool-call loop with small, unreliable models")
struct UnreliableModelTests {
    func collect(_ stream: AsyncStream<AssistantEvent>) async -> [AssistantEvent] {
        var events: [AssistantEvent] = []
        for await event in stream { events.append(event) }
        return events
    }

    @Test("a call repeated with the same arguments ends the tool rounds: the model is asked to answer with what it has")
    func repeatedCall() async throws {
        let call = { (id: String) in ToolCall(id: id, name: "echo", arguments: #"{"q":"nurse"} "#) }
        let model = ScriptedChatModel([.toolCalls([call("a")]), .toolCalls([call("b")]), .text("Here are nurse jobs.")])
        let engine = TurnEngine(model: model, tools: ToolRegistry([EchoTool()]))
        let conversation = try await Conversation.open(userID: 1, store: InMemoryConversationStore(), engine: engine)

        let events = await collect(conversation.send("find nurse jobs"))

        #expect(events.last == .final(.assistant("Here are nurse jobs.")))
        #expect(model.requests.map(\.tools.isEmpty) == [false, false, true])
    }

    @Test("tool calls that cannot be run twice in a row hand the turn to the fallback model, which does not see them")
    func fallbackAfterMalformedCalls() async throws {
        let bad = { (id: String) in ToolCall(id: id, name: "serach_jobs", arguments: "{") }
        let remote = ScriptedChatModel([.toolCalls([bad("x1")]), .toolCalls([bad("x2")])], whenExhausted: .text("remote again"))
        let offline = ScriptedChatModel([.toolCalls([ToolCall(id: "ok", name: "echo", arguments: "{}")]), .text("Offline answer.")])
        var engine = TurnEngine(model: remote, tools: ToolRegistry([EchoTool()]))
        engine.fallback = offline
        let conversation = try await Conversation.open(userID: 1, store: InMemoryConversationStore(), engine: engine)

        let events = await collect(conversation.send("find nurse jobs"))

        #expect(
            events.contains {
                if case .notice(let text) = $0 { return text.contains("built-in model answers this turn") } else { return false }
            })
        #expect(events.last == .final(.assistant("Offline answer.")), "\(events)")
        #expect(remote.requests.count == 2)
        let first = try #require(offline.requests.first)
        #expect(first.messages.last == .user("find nurse jobs"), "the failed calls are hidden from the fallback")
        #expect(offline.requests.last?.messages.last?.toolCallID == "ok", "its own call and result are not")

        // The next turn goes to the remote model again.
        _ = await collect(conversation.send("thanks"))
        #expect(remote.requests.count == 3)
    }

    @Test("an empty answer is replaced by the fallback model's, with a note; without a fallback it is named, never blank")
    func emptyAnswer() async throws {
        let remote = ScriptedChatModel([.text(""), .text(" ")])
        let offline = ScriptedChatModel([.text("Offline hello.")])
        var engine = TurnEngine(model: remote, tools: ToolRegistry([EchoTool()]))
        engine.fallback = offline
        let conversation = try await Conversation.open(userID: 1, store: InMemoryConversationStore(), engine: engine)
        let events = await collect(conversation.send("hello"))
        #expect(events.contains(.notice("the model gave an empty answer; the built-in model answers this turn")))
        #expect(events.last == .final(.assistant("Offline hello.")))
        #expect(await conversation.messages.map(\.content) == ["hello", "Offline hello."], "the empty answer is not stored")

        let alone = try await Conversation.open(
            userID: 2, store: InMemoryConversationStore(), engine: TurnEngine(model: remote, tools: ToolRegistry([EchoTool()])))
        let last = await collect(alone.send("hello")).last
        #expect(last == .final(.assistant("The model returned no answer. Try rephrasing, or type /help.")))
    }

    @Test("a tool call written as prose once tools were withdrawn is no answer: the fallback model answers")
    func proseToolCall() async throws {
        let call = ToolCall(id: "a", name: "echo", arguments: "{}")
        let remote = ScriptedChatModel([
            .toolCalls([call]), .toolCalls([ToolCall(id: "b", name: "echo", arguments: "{}")]), .text("functions.echo:\n{ }"),
        ])
        let offline = ScriptedChatModel([.text("Offline answer.")])
        var engine = TurnEngine(model: remote, tools: ToolRegistry([EchoTool()]))
        engine.fallback = offline
        let conversation = try await Conversation.open(userID: 1, store: InMemoryConversationStore(), engine: engine)
        let events = await collect(conversation.send("echo something"))
        #expect(events.last == .final(.assistant("Offline answer.")))
    }

    @Test("without a fallback, malformed calls go back to the model as errors until it answers")
    func noFallback() async throws {
        let remote = ScriptedChatModel([
            .toolCalls([ToolCall(id: "x1", name: "nope", arguments: "{}")]),
            .toolCalls([ToolCall(id: "x2", name: "nope", arguments: "{ }")]),
            .text("Sorry."),
        ])
        let conversation = try await Conversation.open(
            userID: 1, store: InMemoryConversationStore(), engine: TurnEngine(model: remote, tools: ToolRegistry([EchoTool()])))
        let events = await collect(conversation.send("x"))
        #expect(events.last == .final(.assistant("Sorry.")))
    }
}
