import Foundation
import Testing

@Suite("mock interview, end to end", .serialized)
struct InterviewEndToEndTests {
    static let answer =
        "At my last job our release process was failing every week. My task was to make releases reliable. I rebuilt the pipeline in Jenkins, added tests and I trained two engineers. As a result failed releases dropped by 80% within 2 months."

    @Test("an interview started in one run continues at the same question in the next, ends with a summary, and is listed")
    func acrossRuns() async throws {
        let scratch = try ScratchFolder()

        let first = try await BinaryRunner.chat(
            ["start a behavioral mock interview with 2 questions", Self.answer], database: scratch.database, user: "iv")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("interview 1/2: "))
        #expect(first.stdout.contains("Scores: STAR 5/5"))
        let secondQuestion = try #require(first.stdout.components(separatedBy: "interview 2/2: ").last?.split(separator: "\n").first)

        let second = try await BinaryRunner.chat(
            ["repeat the question", "hint", Self.answer, "/interviews"], database: scratch.database, user: "iv")
        #expect(second.stdout.contains("interview 2/2: \(secondQuestion)"), "continues at the same question after a restart")
        #expect(second.stdout.contains("Hint: Use STAR"))
        #expect(second.stdout.contains("Interview finished: average"))
        #expect(second.stdout.contains("Practise next:") || second.stdout.contains("Per dimension:"))
        #expect(second.stdout.contains("any role (behavioral"))
        #expect(second.stdout.contains(": ended, "))
    }

    @Test("after a restart, /interview alone and \"continue my mock interview\" pick the interview up instead of ending it")
    func continueAfterRestart() async throws {
        let scratch = try ScratchFolder()
        let first = try await BinaryRunner.chat(
            ["start a mock interview for an accountant with 3 questions"], database: scratch.database, user: "cpa")
        let question = try #require(first.stdout.components(separatedBy: "interview 1/3: ").last?.split(separator: "\n").first)
        #expect(!question.lowercased().contains("bug"), "an accountant is not asked about bugs")

        let second = try await BinaryRunner.chat(["/interview", "continue my mock interview"], database: scratch.database, user: "cpa")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.components(separatedBy: "interview 1/3: \(question)").count == 3, "both repeat the open question")
        #expect(!second.stdout.contains("Interview finished"))
        #expect(!second.stdout.contains("Interview ended"))
    }
}
