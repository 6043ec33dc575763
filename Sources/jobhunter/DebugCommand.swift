import ArgumentParser
import Assistant
import Foundation

struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Tools for inspecting the offline model and what a model server is sent.",
        subcommands: [RouteCommand.self, JourneyCommand.self, ToolTokensCommand.self]
    )
}

struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Print the tool call the offline model would make for an utterance.",
        discussion: """
            Prints one JSON object {"tool": NAME, "arguments": {...}} per utterance; the tool is "none" for
            help, smalltalk and recaps. With --stdin, reads one utterance per line and prints one line each.
            """
    )

    enum RoutingContext: String, ExpressibleByArgument, CaseIterable {
        case normal, interview
    }

    @Argument(help: "The utterance to route.")
    var text: String?

    @Flag(name: .long, help: "Read one utterance per line from standard input.")
    var stdin = false

    @Option(name: .long, help: "Route as if this conversation mode were active (normal or interview).")
    var context: RoutingContext = .normal

    @Flag(name: .long, help: "Also print the intent and its probability.")
    var explain = false

    @OptionGroup var resourceOptions: ResourceOptions

    func validate() throws {
        if stdin == (text != nil) {
            throw ValidationError("give either an utterance or --stdin, not both or neither")
        }
    }

    func run() async throws {
        let router: Router
        let root = try ResourceLocator.locate(explicit: resourceOptions.resources)
        let cache = CacheLocation.gazetteerCache(environment: ProcessInfo.processInfo.environment)
        router =
            LocalChatModel(
                resources: try LocalModelResources.load(root: root, cache: cache),
                cache: cache.map { TrainedModelCache(directory: $0.directory) }
            ).router
        let state =
            context == .interview
            ? ConversationState(mode: .interview(sessionID: "debug")) : ConversationState()
        func line(for utterance: String) -> String {
            let decision = router.route(utterance, state: state)
            var json = decision.json
            if explain, case .object(var fields) = json {
                fields["intent"] = .string(decision.intent)
                fields["confidence"] = .number((decision.confidence * 1000).rounded() / 1000)
                json = .object(fields)
            }
            return json.jsonText
        }
        if let text {
            print(line(for: text))
            return
        }
        var output = ""
        while let raw = readLine(strippingNewline: true) {
            output += line(for: raw) + "\n"
            if output.utf8.count > 64 * 1024 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
