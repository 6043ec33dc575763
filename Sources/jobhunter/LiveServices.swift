import Assistant
import Foundation
import Logging
import Storage
import Tools
import Transport

/// The one place live implementations are wired together: the SQLite stores, the wall clock,
/// the offline model and the tool catalog.
struct LiveServices {
    let database: AppDatabase
    let user: User
    let profiles: SQLiteProfileStore
    let conversation: Conversation
    let profileTemplate: ReplyTemplate?

    static func open(
        databasePath: String, resourceRoot: URL, cache: GazetteerCache?, userName: String, logger: Logger
    ) async throws -> LiveServices {
        let clock = WallClock.system
        let database = try AppDatabase(path: databasePath)
        let user = try await SQLiteUserStore(database: database, clock: clock).user(named: userName)
        let profiles = SQLiteProfileStore(database: database, clock: clock)
        let templates = try LocalModelResources.loadTemplates(resourceRoot.appendingPathComponent("prompts/replies"))
        let systemPrompt = (try? String(contentsOf: resourceRoot.appendingPathComponent("prompts/system.md"), encoding: .utf8)) ?? ""
        // The model trains in the background so the prompt appears at once; the first turn waits for it.
        let model = LazyChatModel(name: "local") {
            LocalChatModel(resources: try LocalModelResources.load(root: resourceRoot, cache: cache))
        }
        let engine = TurnEngine(model: model, tools: ToolCatalog.standard(profiles: profiles), systemPrompt: systemPrompt)
        let conversation = try await Conversation.open(
            userID: user.id, userName: user.name, store: SQLiteConversationStore(database: database, clock: clock),
            engine: engine, clock: clock, logger: logger)
        return LiveServices(
            database: database, user: user, profiles: profiles, conversation: conversation,
            profileTemplate: templates["get_profile"])
    }

    func banner(style: TerminalStyle) async -> String {
        var lines = [style.bold("JobHunter \(JobHunterVersion.current)") + style.dim(" · offline model · database \(database.path)")]
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
        return REPLActions(
            showProfile: {
                let context = ToolContext(
                    userID: user.id, userName: user.name, state: ConversationState(), clock: .system,
                    logger: Logger(label: "jobhunter.repl"))
                let output = try await GetProfileTool(profiles: profiles).call(arguments: "{}", context: context)
                return template?.render(output.content).trimmingCharacters(in: .whitespacesAndNewlines)
                    ?? output.content.jsonText
            },
            reset: { try await conversation.reset() })
    }
}
