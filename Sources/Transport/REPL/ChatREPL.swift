import Assistant
import Foundation

/// What the REPL's slash commands do beyond the conversation itself.
package struct REPLActions: Sendable {
    package var showProfile: @Sendable () async throws -> String
    package var showUsage: @Sendable () async throws -> String
    package var showApplications: @Sendable () async throws -> String
    package var loadDemo: @Sendable () async throws -> String
    package var loadResume: @Sendable (String) async throws -> String
    package var showLetters: @Sendable () async throws -> String
    package var showInterviews: @Sendable () async throws -> String
    /// The prompt to show instead of the default (e.g. "interview 3/8› "), or nil.
    package var prompt: @Sendable () async -> String?
    package var reset: @Sendable () async throws -> Void

    package init(
        showProfile: @escaping @Sendable () async throws -> String,
        showUsage: @escaping @Sendable () async throws -> String = { "" },
        showApplications: @escaping @Sendable () async throws -> String = { "" },
        loadDemo: @escaping @Sendable () async throws -> String = { "" },
        loadResume: @escaping @Sendable (String) async throws -> String = { _ in "" },
        showLetters: @escaping @Sendable () async throws -> String = { "" },
        showInterviews: @escaping @Sendable () async throws -> String = { "" },
        prompt: @escaping @Sendable () async -> String? = { nil },
        reset: @escaping @Sendable () async throws -> Void
    ) {
        self.showInterviews = showInterviews
        self.prompt = prompt
        self.loadResume = loadResume
        self.showLetters = showLetters
        self.showProfile = showProfile
        self.showUsage = showUsage
        self.showApplications = showApplications
        self.loadDemo = loadDemo
        self.reset = reset
    }
}

/// The terminal conversation loop: read a line, run a slash command or a turn, render its events.
package final class ChatREPL {
    package struct Options: Sendable {
        /// A terminal: show the banner, prompts and tool activity.
        package var interactive: Bool
        package var banner: String
        package var prompt: String
        package var maxLineBytes: Int

        package init(interactive: Bool, banner: String = "", prompt: String = "you› ", maxLineBytes: Int = 64 * 1024) {
            self.interactive = interactive
            self.banner = banner
            self.prompt = prompt
            self.maxLineBytes = maxLineBytes
        }
    }

    private let conversation: Conversation
    private let reader: any LineReader
    private let output: any TextOutput
    private let style: TerminalStyle
    private let options: Options
    private let actions: REPLActions
    private let interrupts: InterruptMonitor?

    package init(
        conversation: Conversation, reader: any LineReader, output: any TextOutput, style: TerminalStyle,
        options: Options, actions: REPLActions, interrupts: InterruptMonitor?
    ) {
        self.conversation = conversation
        self.reader = reader
        self.output = output
        self.style = style
        self.options = options
        self.actions = actions
        self.interrupts = interrupts
    }

    /// Runs until /quit or end of input. Returns the process exit status.
    package func run() async -> Int32 {
        if options.interactive, !options.banner.isEmpty { output.write(options.banner + "\n") }
        while true {
            let input = await nextLine()
            switch input {
            case .endOfInput:
                if options.interactive { output.write("\n") }
                return 0
            case .invalidUTF8:
                reportError("that line is not valid UTF-8 text; it was ignored")
            case .tooLong(let bytes):
                reportError("that line is \(bytes) bytes; the limit is \(options.maxLineBytes) bytes. It was ignored.")
            case .line(let line):
                let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty {
                    if options.interactive { output.write(style.dim("(type a message, or /help)") + "\n") }
                    continue
                }
                reader.addToHistory(trimmed)
                if let command = SlashCommand.parse(trimmed) {
                    if await perform(command) == .quit { return 0 }
                } else {
                    await runTurn(trimmed)
                }
            }
        }
    }

    private func nextLine() async -> LineInput {
        let reader = self.reader
        let custom = options.interactive ? await actions.prompt() : nil
        let prompt = options.interactive ? style.cyan(custom ?? options.prompt) : ""
        // A blocking read must not occupy a thread of Swift's cooperative pool.
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: reader.readLine(prompt: prompt)) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func perform(_ command: SlashCommand) async -> SlashCommand {
        switch command {
        case .help:
            output.write(SlashCommand.helpText + "\n")
        case .profile:
            do {
                output.write(try await actions.showProfile() + "\n")
            } catch {
                reportError("could not read your profile: \(error)")
            }
        case .usage:
            await show("your usage", actions.showUsage)
        case .applications:
            await show("your applications", actions.showApplications)
        case .demo:
            await show("the demo postings", actions.loadDemo)
        case .resume(let path):
            if let path {
                let load = actions.loadResume
                await show("your resume", { try await load(path) })
            } else {
                reportError("give the file: /resume ~/cv.md")
            }
        case .letters:
            await show("your letters", actions.showLetters)
        case .interviews:
            await show("your interviews", actions.showInterviews)
        case .interview(let argument):
            let messages = [
                "skip": "skip", "hint": "hint", "repeat": "repeat the question", "pause": "pause",
                "resume": "resume the interview", "end": "end the interview", "stop": "end the interview",
            ]
            if let argument, let message = messages[argument] {
                await runTurn(message)
            } else if argument == nil {
                // `/interview` alone picks up the running or paused interview (or says there is none).
                await runTurn("continue my mock interview")
            } else {
                reportError("use /interview skip, hint, repeat, pause, resume or end; start one by saying \"start a mock interview\"")
            }
        case .jobs:
            let results = await conversation.currentState.lastResults
            output.write(
                results.isEmpty
                    ? "No job results yet; try \"find remote data engineer jobs\".\n"
                    : results.enumerated().map { "\($0.offset + 1). \($0.element.title)" }.joined(separator: "\n") + "\n")
        case .reset:
            do {
                try await actions.reset()
                output.write("Started a fresh conversation. Your profile is kept.\n")
            } catch {
                reportError("could not reset the conversation: \(error)")
            }
        case .quit:
            break
        case .unknown(let name):
            reportError("unknown command /\(name); type /help for the list")
        }
        return command
    }

    /// Streams one turn. Ctrl-C cancels it and returns to the prompt.
    private func runTurn(_ text: String) async {
        let conversation = self.conversation
        let output = self.output
        let style = self.style
        let interactive = options.interactive
        let turn = Task {
            var wroteText = false
            var ended = false
            for await event in conversation.send(text) {
                switch event {
                case .textDelta(let delta):
                    output.write(delta)
                    wroteText = true
                case .toolCall(let call):
                    if interactive { output.write(style.dim("· \(call.name)") + "\n") }
                case .toolResult:
                    break
                case .notice(let text):
                    if wroteText { output.write("\n") }
                    output.writeError(style.dim("· \(text)") + "\n")
                case .final(let message):
                    ended = true
                    if !wroteText { output.write(message.content) }
                    output.write("\n")
                case .error(let error):
                    ended = true
                    if wroteText { output.write("\n") }
                    let line = error == .cancelled ? style.dim("(cancelled)") : style.red("error: ") + error.description
                    output.writeError(line + "\n")
                }
            }
            // A cancelled consumer stops iterating before the turn's own "cancelled" event arrives.
            if !ended && Task.isCancelled {
                if wroteText { output.write("\n") }
                output.writeError(style.dim("(cancelled)") + "\n")
            }
        }
        interrupts?.onInterrupt { turn.cancel() }
        await turn.value
        interrupts?.onInterrupt(nil)
        if interactive { output.write("\n") }
    }

    private func show(_ what: String, _ action: @Sendable () async throws -> String) async {
        do {
            output.write(try await action() + "\n")
        } catch {
            reportError("could not load \(what): \(error)")
        }
    }

    private func reportError(_ message: String) {
        output.writeError(style.red("error: ") + message + "\n")
    }
}
