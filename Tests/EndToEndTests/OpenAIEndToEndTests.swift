import FakeOpenAIServer
import Foundation
import Testing

@Suite("jobhunter chat with an OpenAI-compatible server, end to end", .serialized)
struct OpenAIEndToEndTests {
    static let key = "sk-e2e-DO-NOT-LEAK-1234567890"

    @Test("tool calls run against the local store, retries are announced, a bad key is explained, and the key leaks nowhere")
    func conversationAgainstFakeServer() async throws {
        let server = try await FakeOpenAIServer([
            // Turn 1: the model calls update_profile, then answers from the result.
            .stream(FakeOpenAIServer.toolCall(id: "call_A", name: "update_profile", arguments: #"{"add_skills":["Rust"]}"#)),
            .stream(FakeOpenAIServer.text(["Saved ", "Rust to your skills."])),
            // Turn 2: rate limited once, then fine.
            .status(429, headers: ["retry-after-ms": "50"], body: #"{"error":{"message":"Rate limit reached"}}"#),
            .stream(FakeOpenAIServer.text(["Second answer."])),
            // Turn 3: the key is rejected (the server echoes it, as OpenAI does partly).
            .status(401, body: "{\"error\":{\"message\":\"Incorrect API key provided: \(Self.key)\",\"code\":\"invalid_api_key\"}}"),
            // Turn 4: the conversation is still usable.
            .stream(FakeOpenAIServer.text(["Still here."])),
        ])
        defer { Task { await server.shutdown() } }
        let scratch = try ScratchFolder()

        let result = try await BinaryRunner.run(
            ["chat", "--user", "ai", "--db", scratch.database, "--model", "gpt-4o-mini"],
            input: Data("add Rust to my skills\nsecond\nthird\nfourth\n/profile\n/usage\n".utf8),
            environment: ["OPENAI_API_KEY": Self.key, "OPENAI_BASE_URL": server.baseURL])

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Saved Rust to your skills."))
        #expect(result.stdout.contains("Second answer."))
        #expect(result.stdout.contains("Still here."))
        #expect(result.stdout.contains("- Skills: Rust"), "the tool really ran against the local database")
        #expect(result.stderr.contains("rate limited, retrying in"))
        #expect(result.stderr.contains("rejected the API key"))
        #expect(result.stdout.contains("gpt-4o-mini: 4 requests, 156 prompt + 26 completion tokens, ≈ $0.0000"))

        let requests = server.received
        #expect(requests.count == 6)
        let second = try JSONSerialization.jsonObject(with: Data(requests[1].body.utf8)) as? [String: Any]
        let messages = try #require(second?["messages"] as? [[String: Any]])
        #expect(messages.first?["role"] as? String == "system")
        #expect(messages.last?["role"] as? String == "tool")
        #expect(messages.last?["tool_call_id"] as? String == "call_A")
        let tools = try #require(second?["tools"] as? [[String: Any]])
        #expect(tools.count == 17)

        for text in [result.stdout, result.stderr] { #expect(!text.contains("DO-NOT-LEAK")) }
        for suffix in ["", "-wal"] {
            let bytes = FileManager.default.contents(atPath: scratch.database + suffix) ?? Data()
            #expect(bytes.range(of: Data("DO-NOT-LEAK".utf8)) == nil, "the key is not stored")
        }
    }

    @Test("a model server that is not there at start: the session runs on the offline model and says so")
    func unreachableServerAtStart() async throws {
        let scratch = try ScratchFolder()
        let result = try await BinaryRunner.run(
            ["chat", "--user", "offline", "--db", scratch.database, "--base-url", "http://127.0.0.1:9/v1", "--model", "llama3.1"],
            input: Data("add Rust to my skills\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "Could not reach the model server at http://127.0.0.1:9/v1: nothing is listening at 127.0.0.1:9 (connection refused). Using"
            ))
        #expect(result.stderr.contains("Using the built-in offline model"))
        #expect(result.stdout.contains("added skills: Rust"), "the offline model answered: \(result.stdout)")
    }

    @Test("a model name without a key or base URL is refused with a clear line")
    func missingKey() async throws {
        let scratch = try ScratchFolder()
        let result = try await BinaryRunner.run(
            ["chat", "--db", scratch.database, "--model", "gpt-4o"], input: Data("hi\n".utf8),
            environment: ["OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""])
        #expect(result.status == 1)
        #expect(result.stderr.contains("OPENAI_API_KEY is not set"))
    }
}

@Suite("Cancelling a model turn, end to end", .serialized)
struct CancelEndToEndTests {
    @Test("Ctrl-C (SIGINT) cancels a turn stuck on a stalled server; the next message is answered")
    func interruptStalledTurn() async throws {
        let server = try await FakeOpenAIServer([.stall, .stream(FakeOpenAIServer.text(["After the interrupt."]))])
        defer { Task { await server.shutdown() } }
        let scratch = try ScratchFolder()
        let process = Process()
        process.executableURL = try BinaryRunner.binary()
        process.arguments = ["chat", "--user", "c", "--db", scratch.database, "--model", "m", "--base-url", server.baseURL]
        process.environment = BinaryRunner.testEnvironment([:])
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()

        stdin.fileHandleForWriting.write(Data("first\n".utf8))
        for _ in 0..<100 where server.received.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(200))
        kill(process.processIdentifier, SIGINT)
        try await Task.sleep(for: .milliseconds(200))
        stdin.fileHandleForWriting.write(Data("second\n".utf8))
        try stdin.fileHandleForWriting.close()
        let (output, errors) = try await offPool {
            (
                String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            )
        }
        await process.exited()

        #expect(process.terminationStatus == 0)
        #expect(errors.contains("(cancelled)"))
        #expect(output.contains("After the interrupt."))
        #expect(server.received.count == 2)
    }
}
