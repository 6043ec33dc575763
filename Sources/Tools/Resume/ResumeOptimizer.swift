import Foundation
import Storage

/// Tailors a resume to a job without inventing anything: rewrites weak bullets with the user's own facts
/// (stronger verbs, past tense, [placeholders] for results only the user knows), works in the job's skills
/// only where the resume already claims them, reorders skills, and writes a summary from the resume's facts.
package struct ResumeOptimizer: Sendable {
    package struct Rewrite: Sendable, Equatable {
        package var line: Int
        package var before: String
        package var after: String
        package var why: String
    }

    package struct Result: Sendable, Equatable {
        package var rewrites: [Rewrite]
        package var skills: [String]
        package var summary: String
        /// Skills the job asks for that the resume does not show: never added, only reported.
        package var notEvidenced: [String]
        package var markdown: String
        /// Facts computed from the resume rather than copied ("8+ years", from its dates), for the fabrication gate.
        package var derivedFacts: [String]
    }

    let taxonomy: SkillTaxonomy

    package init(taxonomy: SkillTaxonomy) {
        self.taxonomy = taxonomy
    }

    static let openings: [(String, String)] = [
        ("responsible for ", "Owned "), ("worked on ", "Built "), ("helped with ", "Contributed to "), ("helped ", "Helped "),
        ("assisted with ", "Supported "), ("assisted ", "Supported "), ("duties included ", "Handled "),
        ("was involved in ", "Contributed to "), ("participated in ", "Took part in "), ("tasked with ", "Delivered "),
        ("in charge of ", "Led "),
    ]

    static let pastTense: [String: String] = [
        "manage": "Managed", "build": "Built", "lead": "Led", "design": "Designed", "develop": "Developed", "create": "Created",
        "own": "Owned", "drive": "Drove", "maintain": "Maintained", "implement": "Implemented", "write": "Wrote",
        "mentor": "Mentored", "run": "Ran",
    ]

    package func optimize(_ resume: ParsedResume, text: String, job: JobPosting, today: YearMonth) -> Result {
        let wanted = (job.skills.isEmpty ? taxonomy.extract(from: job.title + "\n" + job.description) : job.skills).map(taxonomy.canonical)
        let claimed = resume.skills + resume.listedSkills
        let evidenced = wanted.filter { skill in claimed.contains { taxonomy.same($0, skill) } }
        let notEvidenced = wanted.filter { !evidenced.contains($0) }
        let jobWords = CoverLetterComposer.words(job.title + " " + job.description + " " + wanted.joined(separator: " "))

        var rewrites: [Rewrite] = []
        var inBullets: Set<String> = []
        for (index, entry) in resume.experience.enumerated() {
            let pastRole = index > 0 || entry.dates?.end != nil
            for bullet in entry.bullets {
                for skill in taxonomy.extract(from: bullet.text) { inBullets.insert(skill.lowercased()) }
                var after = bullet.text
                var why: [String] = []
                let lower = after.lowercased()
                if let (weak, strong) = Self.openings.first(where: { lower.hasPrefix($0.0) }), strong.lowercased() != weak {
                    after = strong + after.dropFirst(weak.count)
                    why.append("stronger opening than “\(weak.trimmingCharacters(in: .whitespaces))”")
                }
                let first = after.split(separator: " ").first.map { $0.lowercased() } ?? ""
                if pastRole, let past = Self.pastTense[first] {
                    after = past + after.dropFirst(first.count)
                    why.append("past tense for a past role")
                }
                if !after.contains(where: \.isNumber) {
                    after += " [add the result: how much, how many or how fast]"
                    why.append("shows no result yet")
                }
                if !why.isEmpty {
                    rewrites.append(Rewrite(line: bullet.number, before: bullet.text, after: after, why: why.joined(separator: "; ")))
                }
            }
        }
        // A skill the job wants and the resume lists, but no bullet shows: work it into the most related bullet.
        for skill in evidenced where !inBullets.contains(skill.lowercased()) {
            let bullets = resume.experience.flatMap(\.bullets)
            guard
                let best = bullets.max(by: {
                    CoverLetterComposer.words($0.text).intersection(jobWords).count
                        < CoverLetterComposer.words($1.text).intersection(jobWords).count
                })
            else { break }
            if let existing = rewrites.firstIndex(where: { $0.line == best.number }) {
                rewrites[existing].after += " (using \(skill))"
                rewrites[existing].why += "; shows \(skill), which the job asks for and your skills list claims"
            } else {
                rewrites.append(
                    Rewrite(
                        line: best.number, before: best.text, after: best.text + " (using \(skill))",
                        why: "shows \(skill), which the job asks for and your skills list claims"))
            }
            inBullets.insert(skill.lowercased())
        }
        rewrites.sort { $0.line < $1.line }

        let listed = resume.listedSkills.isEmpty ? resume.skills : resume.listedSkills
        let skills =
            listed.filter { skill in wanted.contains { taxonomy.same($0, skill) } }
            + listed.filter { skill in !wanted.contains { taxonomy.same($0, skill) } }

        let months = resume.experience.compactMap(\.dates).reduce(0) { total, range in
            total + max(0, range.start.months(to: range.end ?? today))
        }
        let latestTitle = resume.experience.first?.title
        let quantified = resume.experience.flatMap(\.bullets).first { $0.text.contains(where: \.isNumber) }?.text
        var summary = latestTitle.map { "\($0)" } ?? "Professional"
        var derived: [String] = []
        if months >= 12 {
            summary += " with \(months / 12)+ years of experience"
            derived.append("\(months / 12)+ years of experience")
        }
        if !evidenced.isEmpty { summary += " in \(evidenced.prefix(3).joined(separator: ", "))" }
        summary += "."
        if let quantified { summary += " " + quantified + (quantified.hasSuffix(".") ? "" : ".") }

        return Result(
            rewrites: rewrites, skills: skills, summary: summary, notEvidenced: notEvidenced,
            markdown: Self.markdown(text: text, resume: resume, rewrites: rewrites, skills: skills, summary: summary),
            derivedFacts: derived)
    }

    /// The resume text with rewritten bullets, the tailored summary and the reordered skills in place.
    static func markdown(text: String, resume: ParsedResume, rewrites: [Rewrite], skills: [String], summary: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for rewrite in rewrites where rewrite.line - 1 < lines.count {
            let original = lines[rewrite.line - 1]
            let indent = original.prefix { $0 == " " || $0 == "-" || $0 == "*" || $0 == "•" }
            lines[rewrite.line - 1] = (indent.isEmpty ? "- " : String(indent)) + rewrite.after
        }
        if let skillsSection = resume.sections.first(where: { $0.kind == "skills" }), let first = skillsSection.lines.first {
            lines[first.number - 1] = skills.joined(separator: ", ")
            for extra in skillsSection.lines.dropFirst() where extra.number - 1 < lines.count { lines[extra.number - 1] = "" }
        }
        if let section = resume.sections.first(where: { $0.kind == "summary" }), let first = section.lines.first {
            lines[first.number - 1] = summary
        } else {
            let insertAt = resume.sections.first.map { $0.heading.number - 1 } ?? lines.count
            lines.insert(contentsOf: ["## Summary", summary, ""], at: min(insertAt, lines.count))
        }
        return lines.joined(separator: "\n").replacingOccurrences(of: "\n\n\n", with: "\n\n")
    }
}
