import ArgumentParser
import Assistant
import Foundation
import Logging
import Storage
import Tools
import Transport

#if canImport(Glibc)
    import Glibc
#endif

struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk to the assistant in the terminal (the default command).",
        discussion: """
            Line editing and history on a terminal; one message per line when input is piped.
            Restarting with the same --user and --db continues the conversation.
            """
    )

    @Option(name: .long, help: "Whose conversation and profile to use.")
    var user: String = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "me"

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Log diagnostics to standard error.")
    var verbose = false

    @Flag(name: .customLong("live-jobs"), help: "Refresh the index from the job boards in the background when you search (needs network).")
    var liveJobs = false

    @OptionGroup var resourceOptions: ResourceOptions

    @OptionGroup(title: "Model") var modelOptions: ModelOptions

    func validate() throws {
        let name = user.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64, !name.contains(where: \.isNewline) else {
            throw ValidationError("--user must be 1 to 64 characters on one line")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .critical
            return handler
        }
        let logger = Logger(label: "jobhunter.chat")
        let services: LiveServices
        let root = try ResourceLocator.locate(explicit: resourceOptions.resources)
        let setup = LiveServices.Setup(
            stores: try await database.open(environment: environment), resourceRoot: root,
            cache: CacheLocation.gazetteerCache(environment: environment), userName: user,
            model: try modelOptions.choice(environment: environment),
            catalog: try modelOptions.catalog(resourceRoot: root, environment: environment),
            contextTokens: modelOptions.contextTokens, liveJobs: liveJobs)
        services = try await LiveServices.open(setup, logger: logger)

        let interactive = isatty(0) == 1 && isatty(1) == 1
        // The banner carries it in a terminal; piped, it goes to standard error like the other notices.
        if !interactive, let note = services.startupNote { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        let style = TerminalStyle.detect(environment: environment, outputIsTerminal: isatty(1) == 1)
        let maxLineBytes = 64 * 1024
        let reader: any LineReader =
            interactive
            ? TerminalLineReader(limit: maxLineBytes, historyFile: StateLocation.historyFile(environment: environment))
            : PlainLineReader(descriptor: 0, limit: maxLineBytes)
        let repl = ChatREPL(
            conversation: services.conversation, reader: reader, output: StandardOutput(), style: style,
            options: .init(interactive: interactive, banner: await services.banner(style: style), maxLineBytes: maxLineBytes),
            actions: services.replActions(), interrupts: InterruptMonitor())
        let status = await repl.run()
        // Postings a background refresh is still fetching are worth keeping; its requests have timeouts.
        await services.background?.drain()
        if status != 0 { throw ExitCode(status) }
    }
}
