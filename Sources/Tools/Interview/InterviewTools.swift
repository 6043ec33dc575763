import Assistant
import Foundation
import Storage

package struct StartMockInterviewTool: Tool {
    let coach: InterviewCoach

    package init(coach: InterviewCoach) {
        self.coach = coach
    }

    package let name = "start_mock_interview"
    package let description = "Starts (or resumes) a mock interview; the assistant then asks questions one by one."
    package var parameters: JSONValue {
        Schema.object([
            "role": Schema.string("Job title."), "seniority": Schema.string("Seniority level."),
            "interview_type": Schema.string("Kind of interview.", oneOf: ["behavioral", "technical", "mixed", "system_design"]),
            "num_questions": Schema.integer("Number of questions (default 5).", minimum: 1, maximum: 15),
            "company": Schema.string("Company name."), "job_ref": Schema.jobReference,
        ])
    }

    struct Arguments: Decodable {
        var role: String?
        var seniority: String?
        var interviewType: String?
        var numQuestions: Int?
        var company: String?
        var jobRef: JobReference?
        enum CodingKeys: String, CodingKey {
            case role, seniority, company
            case interviewType = "interview_type", numQuestions = "num_questions", jobRef = "job_ref"
        }
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        let type = arguments.interviewType?.lowercased() ?? "mixed"
        guard ["behavioral", "technical", "mixed", "system_design"].contains(type) else {
            throw ToolError.invalidArguments(tool: name, reason: "interview_type must be behavioral, technical, mixed or system_design")
        }
        let count = arguments.numQuestions ?? 5
        guard (1...15).contains(count) else {
            throw ToolError.invalidArguments(tool: name, reason: "num_questions must be between 1 and 15")
        }
        let job = try await JobReferenceResolver(jobs: coach.jobs).posting(arguments.jobRef, context: context, tool: name)
        return try await coach.start(
            .init(role: arguments.role, seniority: arguments.seniority, type: type, count: count, company: arguments.company, job: job),
            context: context)
    }
}

package struct AnswerInterviewTool: Tool {
    let coach: InterviewCoach

    package init(coach: InterviewCoach) {
        self.coach = coach
    }

    package let name = "answer_interview"
    package let description = "Submits the user's answer to the current interview question, or a command."
    package var parameters: JSONValue {
        Schema.object([
            "answer": Schema.string("The user's answer, verbatim."),
            "command": Schema.string("A command instead of an answer.", oneOf: ["skip", "repeat", "hint", "pause"]),
        ])
    }

    struct Arguments: Decodable {
        var answer: String?
        var command: String?
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        let scorer = coach.scorer
        switch arguments.command?.lowercased() {
        case "skip": return try await coach.step({ try $0.skip() }, context: context)
        case "repeat": return try await coach.step({ _ in nil }, context: context)
        case "pause":
            return try await coach.step(
                { session in
                    try session.pause()
                    return nil
                }, context: context)
        case "hint":
            var hint = ""
            var output = try await coach.step(
                { session in
                    hint = try session.hint()
                    return nil
                }, context: context)
            if case .object(var fields) = output.content, !hint.isEmpty {
                fields["hint"] = .string(hint)
                output.content = .object(fields)
            }
            return output
        case nil:
            guard let answer = arguments.answer?.trimmingCharacters(in: .whitespacesAndNewlines), !answer.isEmpty else {
                throw ToolError.invalidArguments(tool: name, reason: "give the answer, or a command (skip, repeat, hint, pause)")
            }
            guard answer.count <= 10_000 else {
                throw ToolError.invalidArguments(tool: name, reason: "the answer is longer than 10,000 characters")
            }
            guard let writer = context.writer, let question = try await coach.currentQuestion(context: context) else {
                return try await coach.step({ try $0.answer(answer, scorer: scorer) }, context: context)
            }
            let graded = await RubricGrader.grade(
                answer, question: question, rules: scorer.assess(answer, question: question), writer: writer)
            return try await coach.step({ try $0.answer(answer, assessment: graded) }, context: context)
        case let other?:
            throw ToolError.invalidArguments(tool: name, reason: "unknown command \(other); use skip, repeat, hint or pause")
        }
    }
}

package struct EndInterviewTool: Tool {
    let coach: InterviewCoach

    package init(coach: InterviewCoach) {
        self.coach = coach
    }

    package let name = "end_interview"
    package let description = "Ends the running mock interview and returns its summary."
    package var parameters: JSONValue { Schema.object([:]) }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        try await coach.end(context: context)
    }
}
