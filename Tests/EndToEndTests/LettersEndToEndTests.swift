import Foundation
import Testing

@Suite("cover letters, end to end", .serialized)
struct LettersEndToEndTests {
    @Test("/resume, a letter for a searched job citing the resume, /letters, and export to Markdown")
    func letterFromChat() async throws {
        let scratch = try ScratchFolder()
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "ToolsTests/Fixtures")
        let job = scratch.url.appendingPathComponent("job.jsonl")
        try
            #"{"title": "Senior iOS Engineer", "company": "Meridian Health", "location": "Berlin", "description": "- 5+ years of experience with Swift and SwiftUI\n- Experience automating releases with Jenkins"}"#
            .write(to: job, atomically: true, encoding: .utf8)
        _ = try await BinaryRunner.run(["jobs", "import", job.path, "--db", scratch.database])

        let chat = try await BinaryRunner.chat(
            [
                "my name is Ada Lovelace", "/resume \(fixtures.appendingPathComponent("resumes/ada.md").path)", "/resume /tmp/cv.odt",
                "find senior ios engineer jobs", "write a cover letter for the first one", "/letters",
            ], database: scratch.database, user: "ada")

        #expect(chat.stdout.contains("Saved your resume ada.md"))
        #expect(chat.stderr.contains("ODT resumes are not read yet"))
        #expect(chat.stdout.contains("I am writing to apply for the Senior iOS Engineer position at Meridian Health."))
        #expect(chat.stdout.contains("← resume line"))
        #expect(chat.stdout.contains("#1 Senior iOS Engineer — Meridian Health (formal"))

        let exported = scratch.url.appendingPathComponent("letter.md")
        let export = try await BinaryRunner.run([
            "letters", "export", "1", "--format", "md", "--output", exported.path, "--user", "ada", "--db", scratch.database,
        ])
        #expect(export.status == 0, "\(export.stderr)")
        let text = try String(contentsOf: exported, encoding: .utf8)
        #expect(text.hasPrefix("# Cover letter: Senior iOS Engineer at Meridian Health"))
        #expect(text.contains("Sincerely,\nAda Lovelace"))
        let missing = try await BinaryRunner.run(["letters", "export", "9", "--user", "ada", "--db", scratch.database])
        #expect(missing.stderr.contains("there is no letter #9"))
    }
}
