import Assistant
import AssistantTesting
import Foundation
import Testing

/// Two `Conversation` actors over one store stand for one user's conversation on two server instances.
@Suite("One conversation, several instances")
struct SharedConversationTests {
    func open(_ store: InMemoryConversationStore, _ model: ScriptedChatModel) async throws -> Conversation {
        let engine = TurnEngine(model: model, tools: ToolRegistry([EchoTool()]))
        return try await Conversation.open(userID: 7, store: store, engine: engine, clock: .fixed(Date(timeIntervalSince1970: 0)))
    }

    func run(_ conversation: Conversation, _ text: String) async -> [AssistantEvent] {
        var events: [AssistantEvent] = []
        for await event in conversation.send(text) { events.append(event) }
        return events
    }

    @Test("a turn on one instance continues from what the other instance wrote, and the model sees all of it")
    func turnsSeeEachOther() async throws {
        let store = InMemoryConversationStore()
        let firstModel = ScriptedChatModel([.text("Hi from A."), .text("A again.")])
        let secondModel = ScriptedChatModel([.text("Hi from B.")])
        let first = try await open(store, firstModel)
        let second = try await open(store, secondModel)
        _ = await run(first, "hello A")
        _ = await run(second, "hello B")
        #expect(secondModel.requests.last?.messages.map(\.content).suffix(3) == ["hello A", "Hi from A.", "hello B"])
        _ = await run(first, "back to A")
        #expect(await first.messages.map(\.content) == ["hello A", "Hi from A.", "hello B", "Hi from B.", "back to A", "A again."])
        #expect(
            try await second.refreshedMessages().map(\.content) == [
                "hello A", "Hi from A.", "hello B", "Hi from B.", "back to A", "A again.",
            ])
    }

    @Test("a reset on one instance starts the other instance's next turn in the new conversation")
    func resetIsShared() async throws {
        let store = InMemoryConversationStore()
        let first = try await open(store, ScriptedChatModel([.text("one"), .text("one again")]))
        let second = try await open(store, ScriptedChatModel([.text("two")]))
        _ = await run(first, "before reset")
        try await second.reset()
        _ = await run(first, "after reset")
        #expect(await first.messages.map(\.content) == ["after reset", "one again"])
    }
}
