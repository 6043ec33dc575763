import ArgumentParser
import Assistant
import Foundation

/// How much of a model's context window the tool schemas take, full and compact (`ToolOffer`), so a user with a
/// small local model can see why `--context-tokens` matters.
struct ToolTokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool-tokens",
        abstract: "Print the estimated tokens of the tool schemas and system prompt sent to a model server.")

    @OptionGroup var resourceOptions: ResourceOptions

    func run() async throws {
        let root = try ResourceLocator.locate(explicit: resourceOptions.resources)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-tool-tokens-\(getpid()).sqlite")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let opened = try await OpenedStores.open(db: scratch.path, databaseURL: nil, environment: [:])
        let wiring = try LiveServices.engine(
            stores: opened.stores, fileAccess: .terminal(exports: opened.exportDirectory), resourceRoot: root, cache: nil,
            model: .local, catalog: ModelCatalog(), contextTokens: nil, liveJobs: false)
        let schemas = wiring.engine.tools.schemas
        let system = ContextWindow.estimatedTokens(ChatMessage(role: .system, content: wiring.engine.systemPrompt))
        let normal = ConversationState()
        let interview = ConversationState(mode: .interview(sessionID: "s"))
        let rows: [(String, [ToolSchema])] = [
            ("full tool set", ToolOffer.schemas(schemas, state: normal, compact: false)),
            ("compact", ToolOffer.schemas(schemas, state: normal, compact: true)),
            ("compact, during an interview", ToolOffer.schemas(schemas, state: interview, compact: true)),
        ]
        print("system prompt: ~\(system) tokens")
        for (label, offered) in rows {
            print("\(label): \(offered.count) tools, ~\(ToolOffer.estimatedTokens(offered)) tokens")
        }
        for schema in schemas {
            print(
                "  \(schema.name): ~\(ToolOffer.estimatedTokens([schema])) full, ~\(ToolOffer.estimatedTokens([ToolOffer.compacted(schema)])) compact"
            )
        }
    }
}
