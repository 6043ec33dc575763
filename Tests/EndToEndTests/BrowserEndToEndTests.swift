import Foundation
import Testing

/// The web chat page in a real headless Chromium, driven by Tests/Browser/chat_page.py through selenium.
/// It needs Debian's chromium and chromium-driver and `.venv` with selenium (`make test` sets them up); on a
/// machine without them it is skipped, unless JOBHUNTER_REQUIRE_BROWSER=1 (set by CI) makes that a failure.
@Suite("web chat page in headless Chromium", .serialized)
struct BrowserEndToEndTests {
    static let repository = PythonVenv.repository
    static let python = PythonVenv.python
    static let available = PythonVenv.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    static let required = PythonVenv.required

    @Test("register, chat with a streamed reply, upload a resume and start a mock interview", .enabled(if: available || required))
    func chatPage() async throws {
        try #require(Self.available, "the browser test needs /usr/bin/chromedriver and .venv/bin/python with selenium (make test)")
        let scratch = try ScratchFolder()
        let corpus = try await BinaryRunner.run(["jobs", "generate", "--count", "300", "--seed", "1", "--db", scratch.database])
        #expect(corpus.status == 0, "\(corpus.stderr)")
        let (server, port) = try await ServerProcess.start(
            database: scratch.database, environment: ["JOBHUNTER_JWT_SECRET": "browser-test-secret-that-is-long-enough"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        let resume = scratch.url.appendingPathComponent("resume.md")
        try Data(
            "Ada Lovelace\nada@example.com\n\nExperience\n- Built Swift services used by 2 million people\n\nSkills: Swift, Kotlin, SQL\n"
                .utf8
        )
        .write(to: resume)
        let driver = try await PythonVenv.run("Tests/Browser/chat_page.py", ["http://127.0.0.1:\(port)", resume.path])
        #expect(driver.status == 0, "\(driver.output)")
        #expect(driver.output.contains("ok"))
    }
}
