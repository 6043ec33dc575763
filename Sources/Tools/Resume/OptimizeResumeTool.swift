import Assistant
import Foundation
import Storage

/// Tailors the latest resume to a job and exports it as Markdown and DOCX. Rule rewrites come first; with a
/// language model, each model rewrite must pass the fabrication gate or the rule rewrite stays.
package struct OptimizeResumeTool: Tool {
    let resumes: any ResumeStore
    let jobs: any JobStore
    let taxonomy: SkillTaxonomy
    /// Where exported files go (per user, private); nil turns export off.
    let exports: ExportFiles?
    /// How to give a resume on this surface (`FileAccess.addResume`).
    let addResume: String

    package init(
        resumes: any ResumeStore, jobs: any JobStore, taxonomy: SkillTaxonomy, exports: ExportFiles?,
        addResume: String = FileAccess.terminalAddResume
    ) {
        self.addResume = addResume
        self.resumes = resumes
        self.jobs = jobs
        self.taxonomy = taxonomy
        self.exports = exports
    }

    package let name = "optimize_resume"
    package let description =
        "Rewrites resume bullets and summary for a target job without inventing experience, and exports Markdown and DOCX."
    package var parameters: JSONValue {
        Schema.object([
            "job_ref": Schema.jobReference, "target_role": Schema.string("A role to tailor for, when no job is referenced."),
            "job_description": Schema.string("A pasted job description."),
        ])
    }

    struct Arguments: Decodable {
        var jobRef: JobReference?
        var targetRole: String?
        var jobDescription: String?
        enum CodingKeys: String, CodingKey {
            case jobRef = "job_ref", targetRole = "target_role", jobDescription = "job_description"
        }
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        guard let resume = try await resumes.latest(userID: context.userID) else {
            return ToolOutput(content: ["guidance": .string("Give me your resume first: \(addResume).")])
        }
        let job: JobPosting
        if let posting = try await JobReferenceResolver(jobs: jobs).posting(arguments.jobRef, context: context, tool: name) {
            job = posting
        } else if let pasted = arguments.jobDescription, !pasted.trimmingCharacters(in: .whitespaces).isEmpty {
            job = JobPosting(
                source: "pasted", title: arguments.targetRole ?? "the role", company: "the employer", location: "", description: pasted)
        } else if let role = arguments.targetRole, let hit = try await jobs.search(JobQuery(text: role, limit: 1)).first {
            job = hit.posting
        } else {
            return ToolOutput(content: [
                "guidance": "Which job? Say \"tailor my resume to the second one\" after a search, or paste the description."
            ])
        }
        let parsed = ResumeParser(taxonomy: taxonomy).parse(resume.text)
        let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: context.clock.now())
        let today = YearMonth(year: now.year ?? 2026, month: now.month)
        var result = ResumeOptimizer(taxonomy: taxonomy).optimize(parsed, text: resume.text, job: job, today: today)
        var rejected: [String] = []
        if let writer = context.writer, !result.rewrites.isEmpty {
            let sources = [resume.text, job.title, job.description, job.skills.joined(separator: " ")] + result.derivedFacts
            let draft = try? await writer.write(
                instructions:
                    "Rewrite each resume bullet, one per line, same order and count. Keep every fact; add no employers, tools, titles or numbers. Keep [placeholders] as they are.",
                material: result.rewrites.map(\.after).joined(separator: "\n"))
            let lines =
                draft?.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "-•* ").union(.whitespaces)) }
                ?? []
            if lines.count == result.rewrites.count {
                for (index, line) in lines.enumerated() where !line.isEmpty {
                    let unsupported = FabricationCheck.unsupported(in: line, sources: sources + [result.rewrites[index].after])
                    if unsupported.isEmpty { result.rewrites[index].after = line } else { rejected += unsupported }
                }
                result.markdown = ResumeOptimizer.markdown(
                    text: resume.text, resume: parsed, rewrites: result.rewrites, skills: result.skills, summary: result.summary)
            }
        }
        var content: [String: JSONValue] = [
            "job": .string("\(job.title) — \(job.company)"),
            "rewrites": .array(result.rewrites.map { .string("line \($0.line): “\($0.before)” → “\($0.after)” (\($0.why))") }),
            "skills": .string(result.skills.joined(separator: ", ")), "summary": .string(result.summary),
        ]
        if !result.notEvidenced.isEmpty {
            content["not_evidenced"] = .string(
                "The job asks for \(result.notEvidenced.joined(separator: ", ")), which your resume doesn't show; I didn't add it. Learn it or leave it out."
            )
        }
        if !rejected.isEmpty {
            content["rejected"] = .string(
                "Removed from the model's rewrites because your resume doesn't contain them: \(Array(Set(rejected)).sorted().joined(separator: ", "))."
            )
        }
        if let exports {
            let slug = job.company.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30)
            let shown = try exports.write(
                userID: context.userID, stem: "resume-\(slug.isEmpty ? "job" : String(slug))",
                files: [("md", Data(result.markdown.utf8)), ("docx", try DocxWriter.docx(fromMarkdown: result.markdown))])
            content["exported"] = .array(shown.map(JSONValue.string))
        }
        return ToolOutput(content: .object(content))
    }
}
