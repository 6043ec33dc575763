import Foundation
import Testing

@Suite("jobs and applications, end to end", .serialized)
struct JobsEndToEndTests {
    @Test("generate a corpus, search it in chat, save and apply, then list and export the applications")
    func searchAndTrack() async throws {
        let scratch = try ScratchFolder()
        let generated = try await BinaryRunner.run(["jobs", "generate", "--count", "3000", "--seed", "7", "--db", scratch.database])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout.contains("3000 in the index"))

        let chat = try await BinaryRunner.chat(
            [
                "find engineer jobs", "tell me more about 2", "save the first one", "I applied to the second one",
                "show my applications",
            ], database: scratch.database, user: "jo")
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(chat.stdout.lowercased().contains("here's what i found for engineer"))
        #expect(chat.stdout.contains("2. "))
        #expect(chat.stdout.contains("Apply: https://jobs.example.com/"))
        #expect(chat.stdout.contains("to your applications as saved"))
        #expect(chat.stdout.contains("to your applications as applied"))
        #expect(chat.stdout.contains("Funnel: saved 2 → applied 1 (50%)"))

        let listed = try await BinaryRunner.run(["applications", "list", "--user", "jo", "--db", scratch.database])
        #expect(listed.stdout.split(separator: "\n").filter { $0.hasPrefix("1. ") || $0.hasPrefix("2. ") }.count == 2)
        let exported = try await BinaryRunner.run(["applications", "export", "--csv", "--user", "jo", "--db", scratch.database])
        let lines = exported.stdout.split(separator: "\n")
        #expect(lines.first == "company,title,status,created_at,updated_at,follow_up_at,url,note,history")
        #expect(lines.count == 3)
    }

    @Test("importing reports new, updated and skipped rows; a missing file is one clear line")
    func importReport() async throws {
        let scratch = try ScratchFolder()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ToolsTests/Fixtures/jobspy.csv").path

        let result = try await BinaryRunner.run(["jobs", "import", fixture, "--db", scratch.database])
        let again = try await BinaryRunner.run(["jobs", "import", fixture, "--db", scratch.database])
        let missing = try await BinaryRunner.run(["jobs", "import", "/no/such/file.csv", "--db", scratch.database])

        #expect(result.stdout.contains("3 new, 1 already indexed (updated), 2 skipped"))
        #expect(result.stdout.contains("skipped row 5: missing title"))
        #expect(again.stdout.contains("0 new, 4 already indexed"))
        #expect(missing.status == 1)
        #expect(missing.stderr == "jobhunter: cannot read /no/such/file.csv\n")
    }
}
