import Assistant
import AssistantTesting
import Foundation
import Testing

@Suite("Context budget, model catalog and prose writer")
struct ContextAndCatalogTests {
    @Test("over budget, whole old turns are dropped, tool exchanges stay together, the newest turn is kept")
    func fitting() {
        let call = ToolCall(id: "c", name: "t", arguments: "{}")
        let long = String(repeating: "x", count: 400)
        let messages: [ChatMessage] = [
            .user("first " + long), .assistant("", toolCalls: [call]), .tool(call, content: long), .assistant(long),
            .user("second " + long), .assistant(long), .user("third"),
        ]

        let fitted = ContextWindow.fitting(messages, tokenBudget: 250)

        #expect(fitted.kept.first == .user("second " + long))
        #expect(fitted.dropped.count == 4)
        #expect(ContextWindow.summary(ofDropped: fitted.dropped)?.contains("first xxx") == true)
        #expect(ContextWindow.fitting(messages, tokenBudget: 1).kept == [.user("third")])
    }

    @Test("the engine sends the trimmed history with a note of what was dropped, and the dialogue state")
    func engineTrims() async throws {
        let model = ScriptedChatModel([.text("a1"), .text("a2"), .text("a3")])
        let engine = TurnEngine(model: model, tools: ToolRegistry(), systemPrompt: "SYSTEM", contextTokenBudget: 60)
        let conversation = try await Conversation.open(userID: 1, store: InMemoryConversationStore(), engine: engine)
        for text in ["one " + String(repeating: "y", count: 150), "two " + String(repeating: "z", count: 150), "three"] {
            for await _ in conversation.send(text) {}
        }

        let last = try #require(model.requests.last?.messages)
        #expect(last.first?.role == .system)
        #expect(last.first?.content.hasPrefix("SYSTEM") == true)
        #expect(last.first?.content.contains("trimmed to fit") == true)
        #expect(!last.contains { $0.content.hasPrefix("one ") })
        #expect(last.last == .user("three"))
    }

    @Test("the catalog matches the longest prefix, merges overrides and prices usage")
    func catalog() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jh-cat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = folder.appendingPathComponent("a.tsv")
        try "model_prefix\tcontext_tokens\tin\tout\ngpt-4o\t128000\t2.5\t10\ngpt-4o-mini\t128000\t0.15\t0.6\n".write(
            to: shipped, atomically: true, encoding: .utf8)
        let override = folder.appendingPathComponent("b.tsv")
        try "gpt-4o-mini\t64000\t1\t2\n".write(to: override, atomically: true, encoding: .utf8)

        var catalog = try ModelCatalog.load(shipped)
        #expect(catalog.info(for: "GPT-4o-mini-2024-07-18").inputPricePerMillion == 0.15)
        #expect(catalog.info(for: "gpt-4o-2024").inputPricePerMillion == 2.5)
        #expect(catalog.info(for: "mystery").contextTokens == 8_192)
        catalog.merge(try ModelCatalog.load(override))
        let info = catalog.info(for: "gpt-4o-mini")
        #expect(info.contextTokens == 64_000)
        #expect(info.cost(of: UsageTotal(model: "gpt-4o-mini", requests: 1, promptTokens: 1_000_000, completionTokens: 500_000)) == 2)
        #expect(catalog.info(for: "mystery").cost(of: UsageTotal(model: "m", requests: 1, promptTokens: 1, completionTokens: 1)) == nil)
    }

    @Test("a malformed price table is refused with its line number")
    func badCatalog() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jh-bad-\(UUID().uuidString).tsv")
        try "gpt-x\t1000\tcheap\t1\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect { try ModelCatalog.load(file) } throws: { "\($0)".contains("line 1") && "\($0)".contains("cheap") }
    }

    @Test("tool descriptions from prompts/ replace the compiled ones; unknown names are ignored")
    func describedTools() {
        var registry = ToolRegistry([EchoTool()])
        registry.describe(["echo": "  Better words.\n", "ghost": "nothing"])
        #expect(registry.schemas.map(\.description) == ["Better words."])
        #expect(registry.names == ["echo"])
    }

    @Test("every tool has a description file in prompts/tools")
    func promptFilesExist() async throws {
        let folder = LocalResources.root.appendingPathComponent("prompts/tools")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).map { String($0.dropLast(3)) })
        let routed = Set(try #require(await LocalResources.resources()).examples.map(\.intent)).subtracting(Router.conversationalIntents)
        #expect(routed.isSubset(of: names), "\(routed.subtracting(names))")
    }

    @Test("a tool can ask the active model for prose through its context")
    func writerThroughContext() async throws {
        struct ProseTool: Tool {
            let name = "prose"
            let description = "writes"
            var parameters: JSONValue { ["type": "object"] }
            func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
                let text = try await context.writer?.write(instructions: "Write briefly.", material: "facts") ?? "offline"
                return ToolOutput(content: ["text": .string(text)])
            }
        }
        let writerModel = ScriptedChatModel([.text("  A grounded paragraph.  ")])
        let model = ScriptedChatModel([.toolCalls([ToolCall(id: "p", name: "prose", arguments: "{}")]), .text("ok")])
        let engine = TurnEngine(model: model, tools: ToolRegistry([ProseTool()]), writer: ModelTextWriter(model: writerModel))
        let conversation = try await Conversation.open(userID: 1, store: InMemoryConversationStore(), engine: engine)

        for await _ in conversation.send("write") {}

        let toolMessage = try #require(await conversation.messages.first { $0.role == .tool })
        #expect(toolMessage.content == #"{"text":"A grounded paragraph."}"#)
        #expect(writerModel.requests.first?.tools.isEmpty == true)
        #expect(writerModel.requests.first?.messages.first?.content == "Write briefly.")
    }
}
