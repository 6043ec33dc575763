import Foundation
import Testing

/// Against a real llama-cpp-python server with a 270M-parameter GGUF (scripts/llama-server.sh), through the real
/// binary. Slow (a CPU reads each prompt for seconds to tens of seconds) and needs a compiled llama.cpp, so it runs
/// only when enabled: `make test-llm` sets JOBHUNTER_TEST_LLAMA=1 and JOBHUNTER_TEST_LLAMA_URL.
@Suite(
    "jobhunter chat with a real local model server (llama-cpp-python)", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["JOBHUNTER_TEST_LLAMA"] == "1"))
struct LocalModelServerTests {
    let baseURL = ProcessInfo.processInfo.environment["JOBHUNTER_TEST_LLAMA_URL"] ?? "http://127.0.0.1:8765/v1"

    func chat(_ lines: [String], database: String, user: String, extra: [String] = []) async throws -> BinaryRunner.Result {
        try await BinaryRunner.run(
            ["chat", "--user", user, "--db", database, "--base-url", baseURL, "--model", "local"] + extra,
            input: Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    @Test("a search turn with the full tool set shows results and no error, whichever model ends up answering it")
    func toolCall() async throws {
        let scratch = try ScratchFolder()
        _ = try await BinaryRunner.run(["jobs", "generate", "--count", "300", "--db", scratch.database])
        let result = try await chat(
            ["search jobs for registered nurse"], database: scratch.database, user: "caller",
            extra: ["--context-tokens", "20000", "--temperature", "0"])

        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("error:"), "\(result.stderr)")
        // This 270M model writes `functions.search_jobs:\n{ }` as text: it is read as the call, the repeat ends the tool
        // rounds, and the prose call that follows hands the turn to the offline model. A larger model answers itself.
        #expect(result.stdout.contains("Here's what I found"), "\(result.stdout)")
    }

    @Test("two more turns with the compact tool set: every turn is answered, by the local model or, when it says nothing, the offline one")
    func conversation() async throws {
        let scratch = try ScratchFolder()
        let result = try await chat(["hello", "thank you"], database: scratch.database, user: "talker", extra: ["--temperature", "0"])

        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("error:"), "\(result.stderr)")
        #expect(!result.stdout.contains("The model returned no answer"), "\(result.stdout)")
        #expect(
            result.stdout.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count >= 2, "\(result.stdout)")
    }
}
