import Assistant
import Foundation
import Storage

/// Writes a cover letter for a job from the user's latest resume and profile, never beyond them.
/// With a language model the model drafts from the same facts; a draft that states anything the user's
/// documents do not is replaced by the grounded template letter.
package struct WriteCoverLetterTool: Tool {
    let jobs: any JobStore
    let profiles: any ProfileStore
    let resumes: any ResumeStore
    let letters: any CoverLetterStore
    let composer: CoverLetterComposer
    let taxonomy: SkillTaxonomy
    /// How to give a resume on this surface (`FileAccess.addResume`).
    let addResume: String

    package init(
        jobs: any JobStore, profiles: any ProfileStore, resumes: any ResumeStore, letters: any CoverLetterStore,
        taxonomy: SkillTaxonomy, addResume: String = FileAccess.terminalAddResume
    ) {
        self.addResume = addResume
        self.jobs = jobs
        self.profiles = profiles
        self.resumes = resumes
        self.letters = letters
        self.taxonomy = taxonomy
        composer = CoverLetterComposer(taxonomy: taxonomy)
    }

    /// The storage quota for saved letters per user.
    static let maxStoredLetters = 500

    package let name = "write_cover_letter"
    package let description = "Writes a cover letter for a job grounded in the user's resume and profile."
    package var parameters: JSONValue {
        Schema.object([
            "job_ref": Schema.jobReference, "role": Schema.string("Job title, when the job is not from the results."),
            "company": Schema.string("Company name, when the job is not from the results."),
            "job_description": Schema.string("A pasted job description."),
            "tone": Schema.string("Tone of the letter.", oneOf: CoverLetterComposer.Tone.allCases.map(\.rawValue)),
            "length": Schema.string("Short (two paragraphs) or standard (three).", oneOf: ["short", "standard"]),
        ])
    }

    struct Arguments: Decodable {
        var jobRef: JobReference?
        var role: String?
        var company: String?
        var jobDescription: String?
        var tone: String?
        var length: String?
        enum CodingKeys: String, CodingKey {
            case role, company, tone, length
            case jobRef = "job_ref", jobDescription = "job_description"
        }
    }

    package func call(arguments: String, context: ToolContext) async throws -> ToolOutput {
        let arguments = try decodeArguments(Arguments.self, from: arguments)
        let tone =
            try arguments.tone.map { value -> CoverLetterComposer.Tone in
                guard let tone = CoverLetterComposer.Tone(rawValue: value.lowercased()) else {
                    throw ToolError.invalidArguments(tool: name, reason: "tone must be formal, warm or concise")
                }
                return tone
            } ?? .formal
        guard let job = try await job(arguments, context: context) else {
            return guidance(
                "Which job? Pick one from the search results (\"write a cover letter for the second one\") or paste its description.")
        }
        guard !job.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !job.skills.isEmpty else {
            return guidance(
                "That job has no description, so I can't tie your experience to its requirements. Paste the description (\"cover letter for this job: …\")."
            )
        }
        guard let resume = try await resumes.latest(userID: context.userID),
            !resume.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            return guidance("Add your resume first with \(addResume). I only write what your resume and profile say.")
        }
        let profile = try await profiles.profile(userID: context.userID)
        let facts = ResumeFacts(text: resume.text, taxonomy: taxonomy)
        let paragraphs = arguments.length == "short" || tone == .concise ? 2 : 3
        let grounded = composer.compose(job: job, facts: facts, profile: profile, tone: tone, paragraphs: paragraphs)

        var text = grounded.text
        var note: String?
        if let writer = context.writer {
            let material = Self.material(job: job, facts: facts, profile: profile, grounded: grounded)
            if let draft = try? await writer.write(instructions: Self.instructions(tone: tone), material: material), !draft.isEmpty {
                let sources = [
                    resume.text, job.title, job.company, job.description, job.skills.joined(separator: " "), Self.profileText(profile),
                ]
                let unsupported = FabricationCheck.unsupported(in: draft, sources: sources)
                if unsupported.isEmpty {
                    text = draft
                } else {
                    note =
                        "The model's draft mentioned \(unsupported.prefix(5).joined(separator: ", ")), which your resume and profile don't contain, so this letter uses only what they say."
                }
            }
        }
        if !grounded.citations.contains(where: { !$0.requirement.isEmpty }) {
            note =
                (note.map { $0 + " " } ?? "")
                + (grounded.citations.isEmpty
                    ? "None of your resume lines matched this job's requirements closely; add achievements that show them."
                    : "None of your resume lines matched this job's requirements closely, so it cites your strongest ones; add achievements that show what the posting asks for.")
        }
        // A storage quota: past it the letter is still shown, just not kept.
        guard try await letters.list(userID: context.userID).count < Self.maxStoredLetters else {
            return ToolOutput(content: [
                "letter": .string(text), "company": .string(job.company), "title": .string(job.title), "tone": .string(tone.rawValue),
                "guidance": .string(
                    "You have \(Self.maxStoredLetters) saved letters, the most kept per person, so this one was not saved."),
            ])
        }
        let saved = try await letters.save(
            userID: context.userID, jobID: job.id == 0 ? nil : job.id, company: job.company, title: job.title, tone: tone.rawValue,
            text: text)
        var content: [String: JSONValue] = [
            "letter": .string(text), "id": .number(Double(saved.id)), "company": .string(job.company), "title": .string(job.title),
            "tone": .string(tone.rawValue),
            "citations": .array(
                grounded.citations.map {
                    .string("\"\($0.requirement)\" ← resume line \($0.resumeLine): \($0.achievement)")
                }),
        ]
        if let note { content["note"] = .string(note) }
        // The job written for becomes the one "it" means next ("save it to my applications").
        let position = job.id == 0 ? nil : context.state.lastResults.firstIndex { $0.kind == "job" && $0.id == String(job.id) }
        return ToolOutput(content: .object(content), focus: position)
    }

    private func job(_ arguments: Arguments, context: ToolContext) async throws -> JobPosting? {
        if let posting = try await JobReferenceResolver(jobs: jobs).posting(arguments.jobRef, context: context, tool: name) {
            return posting
        }
        if let pasted = arguments.jobDescription?.trimmingCharacters(in: .whitespacesAndNewlines), !pasted.isEmpty {
            guard pasted.count <= 50_000 else {
                throw ToolError.invalidArguments(tool: name, reason: "job_description is longer than 50,000 characters")
            }
            return JobPosting(
                source: "pasted", title: arguments.role ?? "the role", company: arguments.company ?? "your company", location: "",
                description: pasted, skills: taxonomy.extract(from: pasted))
        }
        if let role = arguments.role, let company = arguments.company {
            let hits = try await jobs.search(JobQuery(text: role, companies: [company], limit: 1))
            return hits.first?.posting ?? JobPosting(source: "named", title: role, company: company, location: "")
        }
        return nil
    }

    private func guidance(_ text: String) -> ToolOutput {
        ToolOutput(content: ["guidance": .string(text)])
    }

    static func instructions(tone: CoverLetterComposer.Tone) -> String {
        """
        Write a \(tone.rawValue) cover letter of at most 250 words. Use ONLY the facts given: never add employers, titles,
        degrees, numbers, tools or achievements that are not in them. Open by naming the role and company, tie each listed
        resume line to the requirement it is paired with, and close politely. Sign with the name given, or "[Your name]".
        """
    }

    static func material(job: JobPosting, facts: ResumeFacts, profile: UserProfile, grounded: CoverLetterComposer.Letter) -> String {
        var lines = ["Role: \(job.title)", "Company: \(job.company)", "Name: \(profile.name ?? "[Your name]")"]
        if let years = profile.yearsExperience { lines.append("Years of experience: \(years)") }
        lines.append("Pairs (requirement ← resume line):")
        lines += grounded.citations.map { "- \($0.requirement) ← \($0.achievement)" }
        lines.append("Skills on the resume: \(facts.skills.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }

    static func profileText(_ profile: UserProfile) -> String {
        ([profile.name, profile.headline].compactMap { $0 } + profile.skills + profile.targetRoles + profile.locations
            + [profile.yearsExperience.map(String.init) ?? ""]).joined(separator: " ")
    }
}
