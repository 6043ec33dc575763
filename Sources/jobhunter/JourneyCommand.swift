import ArgumentParser
import Assistant
import Foundation
import Logging
import SQLiteStorage
import Storage
import Tools

/// `jobhunter debug journeys FILE…`: plays scripted conversations against the real engine (offline model,
/// every tool, a fresh SQLite database with the demo job set) and prints what happened at each turn as one
/// JSON line: the tools called with their arguments, and the reply. The journey tests read this output.
struct JourneyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journeys",
        abstract: "Play scripted conversations (Tests/Journeys/*.json) against the offline engine.",
        discussion: """
            Each file is {"persona": …, "turns": [{"say": TEXT} | {"resume": PATH} | {"restart": true}, …]}.
            Prints one JSON object per turn: {"journey", "turn", "tools": [{"name", "arguments", "failed"}], "reply"}.
            """
    )

    @Argument(help: "Journey files.")
    var files: [String]

    @Option(name: .long, help: "Folder for the scratch database (default: a new temporary folder).")
    var scratch: String?

    @OptionGroup var resourceOptions: ResourceOptions

    func run() async throws {
        let root = try ResourceLocator.locate(explicit: resourceOptions.resources)
        let folder =
            scratch.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("jobhunter-journeys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try AppDatabase(path: folder.appendingPathComponent("journeys.sqlite").path)
        let stores = Stores.sqlite(database)
        let cache = CacheLocation.gazetteerCache(environment: ProcessInfo.processInfo.environment)
        let wiring = try LiveServices.engine(
            stores: stores, fileAccess: .terminal(exports: folder.appendingPathComponent("exports")), resourceRoot: root,
            cache: cache, model: .local, catalog: ModelCatalog(), contextTokens: nil, liveJobs: false)
        let generator = try SyntheticJobGenerator.load(dataDirectory: root.appendingPathComponent("data"))
        var postings: [JobPosting] = []
        generator.generate(count: 2_000, seed: 42, now: Date()) { postings += $0 }
        _ = try await wiring.jobServices.jobs.upsert(postings)
        var logger = Logger(label: "jobhunter.journeys")
        logger.logLevel = .critical

        for (number, file) in files.enumerated() {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let journey = try JSONValue.parse(String(contentsOfFile: file, encoding: .utf8))
            let user = try await stores.users.user(named: "journey-\(number)-\(name)")
            func open() async throws -> Conversation {
                try await Conversation.open(
                    userID: user.id, store: stores.conversations, usage: stores.usage,
                    engine: wiring.engine, clock: .system, logger: logger)
            }
            var conversation = try await open()
            for (index, turn) in (journey["turns"]?.arrayValue ?? []).enumerated() {
                var tools: [JSONValue] = []
                var reply = ""
                if let path = turn["resume"]?.stringValue {
                    let resolved = path.hasPrefix("/") ? path : root.appendingPathComponent(path).path
                    reply = (try? await wiring.jobServices.saveResume(path: resolved, userID: user.id)) ?? "resume failed"
                } else if turn["restart"] != nil {
                    // A new process would open the stored conversation afresh: so does a new actor.
                    conversation = try await open()
                    reply = "(restarted)"
                } else if let text = turn["say"]?.stringValue {
                    for await event in conversation.send(text) {
                        switch event {
                        case .toolResult(let call, _, let failed):
                            let arguments = (try? JSONValue.parse(call.arguments)) ?? [:]
                            tools.append(["name": .string(call.name), "arguments": arguments, "failed": .bool(failed)])
                        case .final(let message): reply = message.content
                        case .error(let error): reply = "error: \(error)"
                        default: break
                        }
                    }
                }
                let line: JSONValue = [
                    "journey": .string(name), "turn": .number(Double(index)), "tools": .array(tools), "reply": .string(reply),
                ]
                print(line.jsonText)
            }
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
