import Assistant
import Foundation
import Storage

/// Reviews the user's resume (a new file when a path is given, else the latest version) and, for a job,
/// how well it fits.
package struct AnalyzeResumeTool: Tool {
    let resumes: any ResumeStore
    let jobs: any JobStore
    let taxonomy: SkillTaxonomy
    /// Only the terminal reads a path named in the conversation; the server takes uploads (see `FileAccess`).
    let readsNamedPaths: Bool
    /// How to give a resume on this surface (`FileAccess.addResume`).
    let addResume: String

    package init(
        resumes: any ResumeStore, jobs: any JobStore, taxonomy: SkillTaxonomy, readsNamedPaths: Bool,
        addResume: String = FileAccess.terminalAddResume
    ) {
        self.addResume = addResume
        self.resumes = resumes
        self.jobs = jobs
        self.taxonomy = taxonomy
        self.readsNamedPaths = readsNamedPaths
    }

    package let name = "analyze_resume"
    package let description = "Analyses the user's resume (or its fit to a job) and returns scored findings citing its lines."
    package var parameters: JSONValue {
        var properties: [String: JSONValue] = [
            "job_ref": Schema.jobReference, "target_role": Schema.string("A role to check fit against."),
            "job_description": Schema.string("A pasted job description to check fit against."),
        ]
        if readsNamedPaths { properties["path"] = Schema.string("Path of a resume file to read and keep as the new version.") }
        return Schema.object(properties)
    }

    struct Arguments: Decodable {
        var path: String?
        var jobRef: JobReference?
        var targetRole: String?
        var jobDescription: String?
        enum CodingKeys: String, CodingKey {
            case path
            case jobRef = "job_ref", targetRole = "target_role", jobDescription = "job_description"
        }
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        let parser = ResumeParser(taxonomy: taxonomy)
        let text: String
        var hazards: [String] = []
        if arguments.path != nil, !readsNamedPaths {
            return ToolOutput(content: ["guidance": .string(FileAccess.uploadInstead)])
        }
        if let path = arguments.path {
            let file: ResumeFile.Document
            do {
                file = try await BlockingWork.run { try ResumeFile.readDocument(path: path) }
            } catch let error as ResumeFile.ReadError {
                return ToolOutput(content: ["guidance": .string("I couldn't use that file: \(error.description).")])
            }
            hazards = file.hazards
            let parsed = parser.parse(file.text)
            _ = try await resumes.save(userID: context.userID, filename: file.filename, text: file.text, parsed: Self.json(parsed))
            text = file.text
        } else if let latest = try await resumes.latest(userID: context.userID) {
            text = latest.text
        } else {
            let ways = readsNamedPaths ? "\"analyze my resume ~/cv.md\" or \(addResume)" : addResume
            return ToolOutput(content: ["guidance": .string("Give me your resume first: \(ways).")])
        }
        let parsed = parser.parse(text)
        let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: context.clock.now())
        let analyzer = ResumeAnalyzer(taxonomy: taxonomy, today: YearMonth(year: now.year ?? 2026, month: now.month))
        var analysis = analyzer.analyze(parsed)
        // Layout hazards only a DOCX shows: each costs ATS points and is a finding of its own.
        if !hazards.isEmpty, let ats = analysis.parts.firstIndex(where: { $0.name == "ats" }) {
            let penalty = min(analysis.parts[ats].score, 3 * hazards.count)
            analysis.parts[ats].score -= penalty
            analysis.score -= penalty
            analysis.findings =
                hazards.map {
                    ResumeAnalyzer.Finding(
                        line: nil, issue: "DOCX layout: \($0)", suggestion: "Use plain paragraphs and bullets in the body of the document.")
                } + analysis.findings
        }
        var content: [String: JSONValue] = [
            "score": .number(Double(analysis.score)),
            "parts": .array(analysis.parts.map { .string("\($0.name) \($0.score)/\($0.outOf): \($0.why)") }),
            "findings": .array(
                analysis.findings.prefix(15).map { finding in
                    .string((finding.line.map { "line \($0): " } ?? "") + finding.issue + " → " + finding.suggestion)
                }),
            "more_findings": .number(Double(max(0, analysis.findings.count - 15))),
            "roles": .number(Double(parsed.experience.count)),
            "roles_described": .string("\(parsed.experience.count) role\(parsed.experience.count == 1 ? "" : "s")"),
            "skills": .array(parsed.skills.prefix(15).map(JSONValue.string)),
        ]
        if let job = try await job(arguments, context: context) {
            let fit = analyzer.fit(parsed, job: job)
            content["fit"] = [
                "job": .string("\(job.title) — \(job.company)"), "score": .number(Double(fit.score)),
                "explanation": .string(fit.explanation),
                "matched": .array(fit.matched.map(JSONValue.string)), "missing": .array(fit.missing.map(JSONValue.string)),
            ]
        }
        return ToolOutput(content: .object(content))
    }

    private func job(_ arguments: Arguments, context: ToolContext) async throws -> JobPosting? {
        if let posting = try await JobReferenceResolver(jobs: jobs).posting(arguments.jobRef, context: context, tool: name) {
            return posting
        }
        if let pasted = arguments.jobDescription, !pasted.trimmingCharacters(in: .whitespaces).isEmpty {
            return JobPosting(
                source: "pasted", title: arguments.targetRole ?? "the role", company: "the employer", location: "", description: pasted)
        }
        if let role = arguments.targetRole { return try await jobs.search(JobQuery(text: role, limit: 1)).first?.posting }
        return nil
    }

    static func json(_ parsed: ParsedResume) -> String? {
        (try? JSONEncoder().encode(parsed)).map { String(decoding: $0, as: UTF8.self) }
    }
}
