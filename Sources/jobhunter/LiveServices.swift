import Assistant
import Foundation
import Logging
import Storage
import Tools
import Transport

/// The one place live implementations are wired together: the SQLite stores, the wall clock,
/// the model (offline, or OpenAI-compatible over URLSession) and the tool catalog.
struct LiveServices {
    /// Where the stores live, as the banner shows it (a file path, or a database URL without its password).
    let databaseLocation: String
    let user: User
    let profiles: any ProfileStore
    let usage: any UsageStore
    let conversation: Conversation
    let templates: [String: ReplyTemplate]
    let jobServices: JobServices
    let dataDirectory: URL
    let modelSummary: String
    let startupNote: String?
    let catalog: ModelCatalog
    let background: BackgroundRefresh?

    struct Setup {
        var stores: OpenedStores
        var resourceRoot: URL
        var cache: GazetteerCache?
        var userName: String
        var model: ModelOptions.Choice
        var catalog: ModelCatalog
        var contextTokens: Int?
        var liveJobs = false
    }

    /// The engine with every tool wired to the stores of `database`: shared by the terminal and the server.
    struct Wiring {
        var engine: TurnEngine
        var jobServices: JobServices
        var profiles: any ProfileStore
        var summary: String
        var background: BackgroundRefresh?
        /// Said once at start, e.g. that the configured model server could not be reached.
        var startupNote: String?
    }

    /// The engine with every tool wired to `stores`; `fileAccess` is what tools may do with files on this surface.
    static func engine(
        stores: Stores, fileAccess: FileAccess, resourceRoot root: URL, cache: GazetteerCache?, model choice: ModelOptions.Choice,
        catalog: ModelCatalog, contextTokens: Int?, liveJobs: Bool
    ) throws -> Wiring {
        let clock = WallClock.system
        let systemPrompt = (try? String(contentsOf: root.appendingPathComponent("prompts/system.md"), encoding: .utf8)) ?? ""
        var jobServices = JobServices(
            stores: stores, reference: try ReferenceData.load(dataDirectory: root.appendingPathComponent("data")), fileAccess: fileAccess)
        var background: BackgroundRefresh?
        if liveJobs {
            let refresh = BackgroundRefresh(refresher: try JobRefresherFactory.make(stores: stores, root: root))
            jobServices.liveRefresh = { refresh.trigger($0) }
            background = refresh
        }
        var tools = ToolCatalog.standard(jobServices)
        tools.describe(fromFolder: root.appendingPathComponent("prompts/tools"))
        let profiles = stores.profiles

        // The model trains in the background so the prompt appears at once; the first turn waits for it.
        let offline = LazyChatModel(
            name: "local",
            loadBlocking: {
                LocalChatModel(
                    resources: try LocalModelResources.load(root: root, cache: cache),
                    cache: cache.map { TrainedModelCache(directory: $0.directory) })
            })
        switch choice {
        case .local:
            return Wiring(
                engine: TurnEngine(model: offline, tools: tools, systemPrompt: systemPrompt), jobServices: jobServices,
                profiles: profiles, summary: "offline model", background: background)
        case .openAI(let configuration):
            // A server that is not there at start: the session runs offline and says so, rather than failing every turn.
            if ConnectProbe.applies(to: configuration.baseURL),
                let failure = ConnectProbe.checkNow(configuration.baseURL, timeout: configuration.timeouts.connect)
            {
                return Wiring(
                    engine: TurnEngine(model: offline, tools: tools, systemPrompt: systemPrompt), jobServices: jobServices,
                    profiles: profiles, summary: "offline model", background: background,
                    startupNote: "Could not reach the model server at \(configuration.baseURL.absoluteString): \(failure). "
                        + "Using the built-in offline model for this session; start the server and restart, or pass --offline.")
            }
            let transport: any StreamingHTTPTransport =
                NIOHTTPTransport.supports(configuration.baseURL) ? NIOHTTPTransport() : URLSessionTransport()
            let model = OpenAIChatModel(configuration: configuration, transport: transport, clock: clock)
            let window = catalog.info(for: configuration.model).contextTokens
            var engine = TurnEngine(
                model: model, tools: tools, systemPrompt: systemPrompt,
                contextTokenBudget: contextTokens ?? window * 6 / 10, writer: ModelTextWriter(model: model))
            engine.fallback = offline
            // A small window, named or known (unknown models, typically local ones, count as 8k).
            engine.compactTools = contextTokens.map { $0 <= ToolOffer.compactWindow * 6 / 10 } ?? (window <= ToolOffer.compactWindow)
            return Wiring(
                engine: engine, jobServices: jobServices, profiles: profiles, summary: configuration.summary, background: background)
        }
    }

    static func open(_ setup: Setup, logger: Logger) async throws -> LiveServices {
        let clock = WallClock.system
        let root = setup.resourceRoot
        let stores = setup.stores.stores
        let user = try await stores.users.user(named: setup.userName)
        let usage = stores.usage
        let templates = try LocalModelResources.loadTemplates(root.appendingPathComponent("prompts/replies"))
        let wiring = try engine(
            stores: stores, fileAccess: .terminal(exports: setup.stores.exportDirectory), resourceRoot: root, cache: setup.cache,
            model: setup.model, catalog: setup.catalog, contextTokens: setup.contextTokens, liveJobs: setup.liveJobs)
        let conversation = try await Conversation.open(
            userID: user.id, store: stores.conversations,
            usage: usage, engine: wiring.engine, clock: clock, logger: logger)
        return LiveServices(
            databaseLocation: stores.location, user: user, profiles: wiring.profiles, usage: usage, conversation: conversation,
            templates: templates, jobServices: wiring.jobServices, dataDirectory: root.appendingPathComponent("data"),
            modelSummary: wiring.summary, startupNote: wiring.startupNote, catalog: setup.catalog, background: wiring.background)
    }

    func banner(style: TerminalStyle) async -> String {
        var lines = [style.bold("JobHunter \(JobHunterVersion.current)") + style.dim(" · \(modelSummary) · database \(databaseLocation)")]
        if let startupNote { lines.append(style.bold("Note: ") + startupNote) }
        let earlier = await conversation.messages.filter { $0.role == .user }.count
        if earlier > 0 {
            lines.append("Welcome back, \(user.name). We have \(earlier) earlier messages; ask \"what did we talk about?\" to recap.")
        } else {
            lines.append("Hi \(user.name)! Tell me what you're looking for, or type /help.")
        }
        if let due = try? await jobServices.applications.due(userID: user.id, now: Date()), !due.isEmpty {
            let listed = due.prefix(3).map { "\($0.title) at \($0.company) (\($0.status.rawValue))" }.joined(separator: "; ")
            lines.append(style.bold("Follow-ups due: ") + listed + (due.count > 3 ? " and \(due.count - 3) more" : "") + " — /applications")
        }
        if (try? await jobServices.jobs.count()) == 0 {
            lines.append(style.dim("No job postings indexed yet: import a file (jobhunter jobs import FILE) or type /demo for a demo set."))
        }
        return lines.joined(separator: "\n")
    }

    /// Runs a tool for the current user outside a turn and phrases its result with the tool's template.
    func render(_ tool: any Tool) async throws -> String {
        let context = ToolContext(
            userID: user.id, state: await conversation.currentState, clock: .system,
            logger: Logger(label: "jobhunter.repl"))
        let output = try await tool.call(arguments: "{}", context: context)
        return templates[tool.name]?.render(output.content).trimmingCharacters(in: .whitespacesAndNewlines)
            ?? output.content.jsonText
    }

    func replActions() -> REPLActions {
        let services = self
        return REPLActions(
            showProfile: { try await services.render(GetProfileTool(profiles: services.profiles)) },
            showUsage: {
                let startOfDay = Calendar.current.startOfDay(for: Date())
                return UsageReport.render(
                    allTime: try await services.usage.totals(userID: services.user.id, since: nil),
                    today: try await services.usage.totals(userID: services.user.id, since: startOfDay), catalog: services.catalog)
            },
            showApplications: { try await services.render(ListApplicationsTool(applications: services.jobServices.applications)) },
            loadDemo: { try await services.loadDemo() },
            loadResume: { path in try await services.loadResume(path) },
            showLetters: { try await services.listLetters() },
            showInterviews: { try await services.listInterviews() },
            prompt: { await services.prompt() },
            reset: { try await services.conversation.reset() })
    }

    func loadResume(_ path: String) async throws -> String {
        try await jobServices.saveResume(path: path, userID: user.id)
    }

    func listInterviews() async throws -> String {
        let records = try await jobServices.interviews.list(userID: user.id)
        guard !records.isEmpty else {
            return "No mock interviews yet. Say \"start a mock interview for a product manager\"."
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return records.map { record in
            let score = record.score.map { String(format: "%.1f/5", $0) } ?? "no score"
            return
                "#\(record.id) \(record.role) (\(record.type), \(formatter.string(from: record.createdAt))): \(record.status.rawValue), \(score)"
        }.joined(separator: "\n")
    }

    /// "interview 3/8› " while a mock interview runs, the normal prompt otherwise.
    func prompt() async -> String? {
        guard case .interview = await conversation.currentState.mode,
            let record = try? await jobServices.interviews.current(userID: user.id), record.status == .active,
            let session = try? JSONDecoder().decode(InterviewSession.self, from: Data(record.state.utf8))
        else { return nil }
        return session.progress + "› "
    }

    func listLetters() async throws -> String {
        let letters = try await jobServices.letters.list(userID: user.id)
        guard !letters.isEmpty else {
            return "No cover letters yet. Search for jobs and say \"write a cover letter for the first one\"."
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return letters.map { "#\($0.id) \($0.title) — \($0.company) (\($0.tone), \(formatter.string(from: $0.createdAt)))" }
            .joined(separator: "\n") + "\nExport one with: jobhunter letters export ID --format md|txt"
    }

    /// Fills an empty index with a small synthetic corpus so search can be tried at once.
    func loadDemo(count: Int = 2_000) async throws -> String {
        let existing = try await jobServices.jobs.count()
        guard existing == 0 else { return "The index already has \(existing) postings; the demo set is for an empty index." }
        let generator = try SyntheticJobGenerator.load(dataDirectory: dataDirectory)
        var postings: [JobPosting] = []
        generator.generate(count: count, seed: 42, now: Date()) { postings += $0 }
        let report = try await jobServices.jobs.upsert(postings)
        return "Loaded \(report.inserted) synthetic postings. Try \"find remote data engineer jobs\" or \"recommend jobs for me\"."
    }
}

/// Exported letters and applications go to `exports/` beside the SQLite file, or under the data folder otherwise.
enum ExportLocation {
    static func beside(_ databasePath: String) -> URL {
        URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("exports")
    }
}
