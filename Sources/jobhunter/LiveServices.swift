import Assistant
import Foundation
import Logging
import Storage
import Tools
import Transport

/// The one place live implementations are wired together: the SQLite stores, the wall clock,
/// the model (offline, or OpenAI-compatible over URLSession) and the tool catalog.
struct LiveServices {
    let database: AppDatabase
    let user: User
    let profiles: SQLiteProfileStore
    let usage: SQLiteUsageStore
    let conversation: Conversation
    let profileTemplate: ReplyTemplate?
    let modelSummary: String
    let catalog: ModelCatalog

    struct Setup {
        var databasePath: String
        var resourceRoot: URL
        var cache: GazetteerCache?
        var userName: String
        var model: ModelOptions.Choice
        var catalog: ModelCatalog
        var contextTokens: Int?
    }

    static func open(_ setup: Setup, logger: Logger) async throws -> LiveServices {
        let clock = WallClock.system
        let root = setup.resourceRoot
        let database = try AppDatabase(path: setup.databasePath)
        let user = try await SQLiteUserStore(database: database, clock: clock).user(named: setup.userName)
        let profiles = SQLiteProfileStore(database: database, clock: clock)
        let usage = SQLiteUsageStore(database: database, clock: clock)
        let templates = try LocalModelResources.loadTemplates(root.appendingPathComponent("prompts/replies"))
        let systemPrompt = (try? String(contentsOf: root.appendingPathComponent("prompts/system.md"), encoding: .utf8)) ?? ""
        var tools = ToolCatalog.standard(profiles: profiles)
        tools.describe(fromFolder: root.appendingPathComponent("prompts/tools"))

        let engine: TurnEngine
        let summary: String
        switch setup.model {
        case .local:
            // The model trains in the background so the prompt appears at once; the first turn waits for it.
            let cache = setup.cache
            let model = LazyChatModel(name: "local") {
                LocalChatModel(resources: try LocalModelResources.load(root: root, cache: cache))
            }
            engine = TurnEngine(model: model, tools: tools, systemPrompt: systemPrompt)
            summary = "offline model"
        case .openAI(let configuration):
            let model = OpenAIChatModel(configuration: configuration, transport: URLSessionTransport(), clock: clock)
            let window = setup.catalog.info(for: configuration.model).contextTokens
            engine = TurnEngine(
                model: model, tools: tools, systemPrompt: systemPrompt,
                contextTokenBudget: setup.contextTokens ?? window * 6 / 10, writer: ModelTextWriter(model: model))
            summary = configuration.summary
        }
        let conversation = try await Conversation.open(
            userID: user.id, userName: user.name, store: SQLiteConversationStore(database: database, clock: clock),
            usage: usage, engine: engine, clock: clock, logger: logger)
        return LiveServices(
            database: database, user: user, profiles: profiles, usage: usage, conversation: conversation,
            profileTemplate: templates["get_profile"], modelSummary: summary, catalog: setup.catalog)
    }

    func banner(style: TerminalStyle) async -> String {
        var lines = [style.bold("JobHunter \(JobHunterVersion.current)") + style.dim(" · \(modelSummary) · database \(database.path)")]
        let earlier = await conversation.messages.filter { $0.role == .user }.count
        if earlier > 0 {
            lines.append("Welcome back, \(user.name). We have \(earlier) earlier messages; ask \"what did we talk about?\" to recap.")
        } else {
            lines.append("Hi \(user.name)! Tell me what you're looking for, or type /help.")
        }
        return lines.joined(separator: "\n")
    }

    func replActions() -> REPLActions {
        let profiles = self.profiles
        let user = self.user
        let template = profileTemplate
        let conversation = self.conversation
        let usage = self.usage
        let catalog = self.catalog
        return REPLActions(
            showProfile: {
                let context = ToolContext(
                    userID: user.id, userName: user.name, state: ConversationState(), clock: .system,
                    logger: Logger(label: "jobhunter.repl"))
                let output = try await GetProfileTool(profiles: profiles).call(arguments: "{}", context: context)
                return template?.render(output.content).trimmingCharacters(in: .whitespacesAndNewlines)
                    ?? output.content.jsonText
            },
            showUsage: {
                let startOfDay = Calendar.current.startOfDay(for: Date())
                return UsageReport.render(
                    allTime: try await usage.totals(userID: user.id, since: nil),
                    today: try await usage.totals(userID: user.id, since: startOfDay), catalog: catalog)
            },
            reset: { try await conversation.reset() })
    }
}
