import Foundation
import Testing

/// Against a real llama-cpp-python server with a 270M-parameter GGUF (scripts/llama-server.sh), through the real
/// binary. Slow (a CPU reads each prompt for seconds to tens of seconds) and needs a compiled llama.cpp, so it runs
/// only when enabled: `make test-llm` sets JOBHUNTER_TEST_LLAMA=1 and JOBHUNTER_TEST_LLAMA_URL.
@Suite("jobhunter chat with a real local model server (llama-cpp-python)", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["JOBHUNTER_TEST_LLAMA"] == "1"))
struct LocalModelServerTests {
    let baseURL = ProcessInfo.processInfo.environment["JOBHUNTER_TEST_LLAMA_URL"] ?? "http://127.0.0.1:8765/v1"

    func chat(_ lines: [String], database: String, user: String, extra: [String] = []) async throws -> BinaryRunner.Result {
        try await BinaryRunner.run(
            ["chat", "--user", user, "--db", database, "--base-url", baseURL, "--model", "local"] + extra,
            input: Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    @Test("the model calls search_jobs itself (the full tool set: with the compact one this 270M model only answers), and the turn shows results")
    func toolCall() async throws {
        let scratch = try ScratchFolder()
        _ = try await BinaryRunner.run(["jobs", "generate", "--count", "300", "--db", scratch.database])
        let result = try await chat(["search jobs for registered nurse"], database: scratch.database, user: "caller", extra: ["--context-tokens", "20000"])

        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("error:"), "\(result.stderr)")
        // The model writes the call as text and without arguments; both are handled (the textual call is read, the
        // call it cannot fill in hands the turn to the offline model), but the call is the model's own.
        #expect(!result.stderr.contains("empty answer"), "the local model made a call: \(result.stderr)")
        #expect(result.stdout.contains("Here's what I found"), "\(result.stdout)")
    }

    @Test("two more turns with the compact tool set: every turn is answered, by the local model or, when it says nothing, the offline one")
    func conversation() async throws {
        let scratch = try ScratchFolder()
        let result = try await chat(["hello", "thank you"], database: scratch.database, user: "talker")

        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("error:"), "\(result.stderr)")
        #expect(!result.stdout.contains("The model returned no answer"), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count >= 2, "\(result.stdout)")
    }
}
