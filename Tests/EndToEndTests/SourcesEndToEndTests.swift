import FakeOpenAIServer
import Foundation
import Testing

@Suite("job boards, end to end (local fake board)", .serialized)
struct SourcesEndToEndTests {
    static let remotive =
        (try? String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("ToolsTests/Fixtures/sources/remotive.json"), encoding: .utf8)) ?? "{}"

    @Test("jobs refresh reports each board's outcome, jobs sources remembers it, chat search shows it")
    func refreshAndSources() async throws {
        let board = try await FakeOpenAIServer([.status(200, body: Self.remotive), .status(403, body: "blocked")])
        defer { Task { await board.shutdown() } }
        let scratch = try ScratchFolder()
        let environment = ["JOBHUNTER_SOURCES_BASE_URL": "http://127.0.0.1:\(board.port)", "JOBHUNTER_SOURCES": "remotive"]

        let refreshed = try await BinaryRunner.run(
            ["jobs", "refresh", "--query", "ios", "--db", scratch.database], environment: environment)
        let blocked = try await BinaryRunner.run(["jobs", "refresh", "--db", scratch.database], environment: environment)
        let sources = try await BinaryRunner.run(["jobs", "sources", "--db", scratch.database], environment: environment)
        let chat = try await BinaryRunner.chat(["find ios engineer jobs"], database: scratch.database)

        #expect(refreshed.stdout.contains("remotive: ok, 2 postings (2 new)"), "\(refreshed.stdout)\(refreshed.stderr)")
        #expect(board.received.first?.path == "/api/remote-jobs?search=ios&limit=100")
        #expect(blocked.stdout.contains("remotive: failed: HTTP 403: the board refused the request"))
        #expect(sources.stdout.contains("remotive: ready; last run"))
        #expect(sources.stdout.contains("failed: HTTP 403"))
        #expect(chat.stdout.contains("Senior iOS Engineer — Lumen Health"))
        #expect(chat.stdout.contains("Job boards, last refresh: remotive failed: HTTP 403"))
    }

    @Test("with --live-jobs a chat search refreshes from the boards in the background, kept for the next search")
    func liveRefresh() async throws {
        let board = try await FakeOpenAIServer([.status(200, body: Self.remotive)])
        defer { Task { await board.shutdown() } }
        let scratch = try ScratchFolder()
        let environment = ["JOBHUNTER_SOURCES_BASE_URL": "http://127.0.0.1:\(board.port)", "JOBHUNTER_SOURCES": "remotive"]

        let first = try await BinaryRunner.run(
            ["chat", "--user", "live", "--db", scratch.database, "--live-jobs"], input: Data("find data engineer jobs\n".utf8),
            environment: environment)
        let second = try await BinaryRunner.chat(["find data engineer jobs"], database: scratch.database, user: "live")

        #expect(first.status == 0)
        #expect(first.stdout.contains("No postings are indexed yet"))
        #expect(board.received.count == 1)
        #expect(second.stdout.contains("Data Engineer — Cobalt Analytics"))
    }
}
