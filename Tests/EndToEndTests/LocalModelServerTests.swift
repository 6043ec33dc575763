import Foundation
import Testing

/// Against a real llama-cpp-python server with a 270M-parameter GGUF (scripts/llama-server.sh), through the real
/// binary. Slow (a CPU reads each prompt for tens of seconds) and needs a compiled llama.cpp, so it runs only when
/// enabled: `make test-llm` sets JOBHUNTER_TEST_LLAMA=1 and JOBHUNTER_TEST_LLAMA_URL.
@Suite("jobhunter chat with a real local model server (llama-cpp-python)",
    .enabled(if: ProcessInfo.processInfo.environment["JOBHUNTER_TEST_LLAMA"] == "1"))
struct LocalModelServerTests {
    @Test("three turns, one with a tool call that runs against the local store, and no turn fails")
    func threeTurns() async throws {
        let baseURL = try #require(ProcessInfo.processInfo.environment["JOBHUNTER_TEST_LLAMA_URL"], "scripts/llama-server.sh start prints it")
        let scratch = try ScratchFolder()
        _ = try await BinaryRunner.run(["jobs", "generate", "--count", "300", "--db", scratch.database])
        let result = try await BinaryRunner.run(
            ["chat", "--user", "llama", "--db", scratch.database, "--base-url", baseURL, "--model", "local"],
            input: Data("hello\nsearch jobs for registered nurse\nthank you\n".utf8))

        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("Could not reach the model server"))
        #expect(!result.stderr.contains("error:"), "no turn failed: \(result.stderr)")
        #expect(result.stderr.contains("search_jobs") || result.stdout.contains("search_jobs"), "a tool was called: \(result.stdout)")
        let replies = result.stdout.components(separatedBy: "you›").dropFirst().filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(replies.count >= 3, "three answers: \(result.stdout)")
    }
}
