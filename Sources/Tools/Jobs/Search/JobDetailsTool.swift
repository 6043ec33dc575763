import Assistant
import Foundation
import Storage

/// The full posting behind a number in the last results ("tell me more about 3").
package struct JobDetailsTool: Tool {
    let jobs: any JobStore

    package init(jobs: any JobStore) {
        self.jobs = jobs
    }

    package let name = "job_details"
    package let description = "Shows one posting in full: description, skills, salary, link."
    package var parameters: JSONValue {
        Schema.object(["job_ref": Schema.jobReference], required: ["job_ref"])
    }

    struct Arguments: Decodable {
        var jobRef: JobReference?
        enum CodingKeys: String, CodingKey { case jobRef = "job_ref" }
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        guard let reference = arguments.jobRef else {
            throw ToolError.invalidArguments(tool: name, reason: "say which result, e.g. job_ref 2")
        }
        guard let posting = try await JobReferenceResolver(jobs: jobs).posting(reference, context: context, tool: name) else {
            throw ToolError.failed("Say which result you mean, e.g. \"tell me about 2\".")
        }
        let position = context.state.lastResults.firstIndex { $0.id == String(posting.id) }
        var fields = JobResultJSON.encode(posting, number: (position ?? 0) + 1, now: context.clock.now())
        fields["description"] = .string(String(posting.description.prefix(4_000)))
        if let type = posting.employmentType { fields["employment_type"] = .string(type) }
        return ToolOutput(content: .object(fields), focus: position)
    }
}
