import Assistant
import AssistantTesting
import Foundation
import Testing
import Transport

@Suite("REPL")
struct TransportTests {
    @Test(
        "slash commands are parsed, and paths or plain text are messages",
        arguments: [
            ("/help", SlashCommand.help), ("/quit", .quit), ("  /EXIT ", .quit), ("/profile", .profile),
            ("/reset", .reset), ("/usage", .usage), ("/frobnicate now", .unknown("frobnicate")),
        ])
    func parsesCommands(line: String, command: SlashCommand) {
        #expect(SlashCommand.parse(line) == command)
    }

    @Test("lines that are not commands parse to nil", arguments: ["hello", "/home/ada/cv.pdf is my resume", "/", "// note"])
    func messagesAreNotCommands(line: String) {
        #expect(SlashCommand.parse(line) == nil)
    }

    @Test("NO_COLOR and non-terminals turn colour off")
    func colour() {
        #expect(TerminalStyle.detect(environment: [:], outputIsTerminal: true).usesColor)
        #expect(!TerminalStyle.detect(environment: ["NO_COLOR": "1"], outputIsTerminal: true).usesColor)
        #expect(!TerminalStyle.detect(environment: [:], outputIsTerminal: false).usesColor)
        #expect(TerminalStyle(usesColor: false).red("x") == "x")
    }

    @Test("the piped reader splits lines, strips CR, and flags invalid UTF-8 and oversized lines")
    func pipedReader() throws {
        let pipe = Pipe()
        var bytes = Array("hello\r\nsecond\n".utf8)
        bytes += [0xFF, 0xFE, 0x41, 0x0A]
        bytes += Array(repeating: UInt8(ascii: "x"), count: 5000) + [0x0A]
        bytes += Array("last without newline".utf8)
        pipe.fileHandleForWriting.write(Data(bytes))
        try pipe.fileHandleForWriting.close()
        let reader = PlainLineReader(descriptor: pipe.fileHandleForReading.fileDescriptor, limit: 1000)

        let lines = (0..<6).map { _ in reader.readLine(prompt: "") }

        #expect(
            lines == [
                .line("hello"), .line("second"), .invalidUTF8, .tooLong(bytes: 5000), .line("last without newline"), .endOfInput,
            ])
    }

    @Test("a scripted session renders replies, errors and quits with status 0")
    func session() async throws {
        let model = ScriptedChatModel([.text("Hello Ada.")])
        let engine = TurnEngine(model: model, tools: ToolRegistry())
        let conversation = try await Conversation.open(
            userID: 1, store: InMemoryConversationStore(), engine: engine)
        let output = RecordingOutput()
        let repl = ChatREPL(
            conversation: conversation,
            reader: ScriptedReader([.line("hi"), .line("/nope"), .invalidUTF8, .line("/quit"), .line("never read")]),
            output: output, style: TerminalStyle(usesColor: false), options: .init(interactive: false),
            actions: REPLActions(showProfile: { "" }, reset: {}), interrupts: nil)

        let status = await repl.run()

        #expect(status == 0)
        #expect(output.standard == "Hello Ada.\n")
        #expect(
            output.errors
                == "error: unknown command /nope; type /help for the list\nerror: that line is not valid UTF-8 text; it was ignored\n")
        #expect(await conversation.messages.count == 2)
    }
}

final class ScriptedReader: LineReader, @unchecked Sendable {
    // @unchecked Sendable: the REPL reads one line at a time; `lock` guards the queue anyway.
    private let lock = NSLock()
    private var lines: [LineInput]
    init(_ lines: [LineInput]) { self.lines = lines }
    func readLine(prompt: String) -> LineInput {
        lock.withLock { lines.isEmpty ? .endOfInput : lines.removeFirst() }
    }
}

final class RecordingOutput: TextOutput, @unchecked Sendable {
    // @unchecked Sendable: both buffers are guarded by `lock`.
    private let lock = NSLock()
    private var out = ""
    private var err = ""
    var standard: String { lock.withLock { out } }
    var errors: String { lock.withLock { err } }
    func write(_ text: String) { lock.withLock { out += text } }
    func writeError(_ text: String) { lock.withLock { err += text } }
}
