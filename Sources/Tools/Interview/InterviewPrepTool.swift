import Assistant
import Foundation
import Storage

/// Preparation for a real interview: likely questions, the user's best matching stories (from the story
/// bank of strong mock answers and from their resume), and questions to ask the interviewer.
package struct InterviewPrepTool: Tool {
    let coach: InterviewCoach
    /// How to give a resume on this surface (`FileAccess.addResume`).
    let addResume: String

    package init(coach: InterviewCoach, addResume: String = FileAccess.terminalAddResume) {
        self.coach = coach
        self.addResume = addResume
    }

    package let name = "interview_prep"
    package let description = "Prepares the user for an interview: likely questions, their stories, questions to ask."
    package var parameters: JSONValue {
        Schema.object([
            "role": Schema.string("Job title."), "company": Schema.string("Company name."), "job_ref": Schema.jobReference,
            "interview_type": Schema.string("Kind of interview.", oneOf: ["behavioral", "technical", "mixed", "system_design"]),
        ])
    }

    struct Arguments: Decodable {
        var role: String?
        var company: String?
        var jobRef: JobReference?
        var interviewType: String?
        enum CodingKeys: String, CodingKey {
            case role, company
            case jobRef = "job_ref", interviewType = "interview_type"
        }
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        let job = try await JobReferenceResolver(jobs: coach.jobs).posting(arguments.jobRef, context: context, tool: name)
        var named = arguments.role ?? job?.title
        if named == nil { named = try await coach.profileRole(context: context) }
        let role = named ?? "general"
        let type = arguments.interviewType ?? "mixed"
        let seed = UInt64(truncatingIfNeeded: context.userID) &+ 7
        var likely = coach.bank.select(
            role: role, type: type, count: 5, excluding: [], seed: seed, company: arguments.company ?? job?.company,
            derived: await coach.derivedQuestions(for: role)
        ).map(\.text)
        if let job, let gap = try await coach.gapQuestion(job: job, context: context) { likely.insert(gap.text, at: 0) }

        // Stories: strong mock-interview answers first, then resume lines that match the role or job.
        let words = CoverLetterComposer.words(role + " " + (job?.description ?? ""))
        var stories = try await coach.store.stories(userID: context.userID).prefix(3).map { story in
            JSONValue.string(
                "“\(story.answer.prefix(160))…” (for “\(story.question.prefix(60))”, scored \(String(format: "%.1f", story.score)))")
        }
        if let resume = try await coach.resumes?.latest(userID: context.userID) {
            let lines = ResumeFacts(text: resume.text, taxonomy: coach.taxonomy).achievements
                .sorted {
                    CoverLetterComposer.words($0.text).intersection(words).count
                        > CoverLetterComposer.words($1.text).intersection(words).count
                }
            stories += lines.prefix(3).map { JSONValue.string("Resume line \($0.number): \($0.text)") }
        }
        var content: [String: JSONValue] = [
            "role": .string(role), "likely_questions": .array(likely.map(JSONValue.string)),
            "stories": .array(stories),
            "ask_them": .array(coach.bank.questionsToAsk(count: 3, seed: seed).map(JSONValue.string)),
        ]
        if let company = arguments.company ?? job?.company { content["company"] = .string(company) }
        if stories.isEmpty {
            content["no_stories"] = .string("Add your resume (\(addResume)) or do a mock interview to build a story bank.")
        }
        return ToolOutput(content: .object(content))
    }
}
