import Foundation
import Storage

/// Reviews a parsed resume the way an applicant tracking system and a recruiter would: a score from
/// explained parts, and findings that each cite the line they are about.
package struct ResumeAnalyzer: Sendable {
    package struct Finding: Sendable, Equatable {
        package var line: Int?
        package var issue: String
        package var suggestion: String
    }

    package struct Part: Sendable, Equatable {
        package var name: String
        package var score: Int
        package var outOf: Int
        package var why: String
    }

    package struct Analysis: Sendable, Equatable {
        package var score: Int
        package var parts: [Part]
        package var findings: [Finding]
    }

    package struct Fit: Sendable, Equatable {
        package var score: Int
        package var matched: [String]
        package var missing: [String]
        package var experience: String
        package var explanation: String
    }

    let taxonomy: SkillTaxonomy
    let today: YearMonth

    package init(taxonomy: SkillTaxonomy, today: YearMonth) {
        self.taxonomy = taxonomy
        self.today = today
    }

    static let weakOpenings = [
        "responsible for", "worked on", "helped", "assisted", "duties included", "was involved", "participated in", "tasked with",
        "in charge of",
    ]
    static let buzzwords = [
        "synergy", "go-getter", "team player", "hard-working", "hardworking", "detail-oriented", "results-driven", "self-starter",
        "think outside the box", "dynamic", "passionate", "rockstar", "ninja", "guru", "best of breed",
    ]
    static let presentVerbs: Set<String> = [
        "lead", "build", "manage", "design", "develop", "create", "own", "drive", "maintain", "implement", "write", "mentor", "run",
    ]

    package func analyze(_ resume: ParsedResume) -> Analysis {
        var findings: [Finding] = []
        var parts: [Part] = []

        // Contact (10)
        var contactScore = 10
        if resume.contact.email == nil {
            contactScore -= 4
            findings.append(Finding(line: 1, issue: "No e-mail address", suggestion: "Put your e-mail in the first lines."))
        }
        if resume.contact.phone == nil {
            contactScore -= 3
            findings.append(Finding(line: 1, issue: "No phone number", suggestion: "Add a phone number next to your e-mail."))
        }
        if !resume.contact.links.contains(where: { $0.lowercased().contains("linkedin") || $0.lowercased().contains("github") }) {
            contactScore -= 3
            findings.append(Finding(line: 1, issue: "No LinkedIn or GitHub link", suggestion: "Recruiters check them; add at least one."))
        }
        parts.append(Part(name: "contact", score: max(0, contactScore), outOf: 10, why: "e-mail, phone and a profile link"))

        // Sections (15)
        let kinds = Set(resume.sections.compactMap(\.kind))
        var sectionScore = 15
        for (kind, weight) in [("experience", 6), ("education", 3), ("skills", 3), ("summary", 3)] where !kinds.contains(kind) {
            sectionScore -= weight
            findings.append(
                Finding(
                    line: nil, issue: "No \(kind) section",
                    suggestion: "Add a section headed \"\(kind.capitalized)\"; ATS parsers look for it."))
        }
        parts.append(
            Part(name: "sections", score: max(0, sectionScore), outOf: 15, why: "experience, education, skills and summary present"))

        // Impact of bullets (30): numbers and strong openings.
        let bullets = resume.experience.flatMap(\.bullets)
        let quantified = bullets.filter { $0.text.contains(where: \.isNumber) }
        let weak = bullets.filter { bullet in
            Self.weakOpenings.contains { bullet.text.lowercased().hasPrefix($0) } || Self.isPassive(bullet.text)
        }
        for bullet in bullets where !bullet.text.contains(where: \.isNumber) {
            findings.append(
                Finding(
                    line: bullet.number, issue: "No result or number: “\(Self.short(bullet.text))”",
                    suggestion: "Add the outcome: how much, how many, how fast [fill in a figure you can verify]."))
        }
        for bullet in weak {
            findings.append(
                Finding(
                    line: bullet.number, issue: "Weak or passive opening: “\(Self.short(bullet.text))”",
                    suggestion: "Start with what you did: Led, Built, Cut, Shipped."))
        }
        let bulletCount = Double(max(1, bullets.count))
        let impactValue = Double(quantified.count) / bulletCount * 20 + Double(bullets.count - weak.count) / bulletCount * 10
        let impact = bullets.isEmpty ? 0 : Int(impactValue.rounded())
        parts.append(
            Part(
                name: "impact", score: impact, outOf: 30,
                why: "\(quantified.count) of \(bullets.count) bullets show a result with a number; \(weak.count) start weakly"))
        if bullets.isEmpty {
            findings.append(
                Finding(line: nil, issue: "No bullet points under your roles", suggestion: "List 3–5 achievements per role as bullets."))
        }

        // Clarity (15): buzzwords and tense.
        var clarity = 15
        var numbered: [ParsedResume.Line] = []
        for section in resume.sections {
            numbered.append(section.heading)
            numbered.append(contentsOf: section.lines)
        }
        for line in numbered {
            let lower = line.text.lowercased()
            for word in Self.buzzwords where lower.contains(word) {
                clarity -= 2
                findings.append(
                    Finding(line: line.number, issue: "Buzzword “\(word)”", suggestion: "Show it with an example instead of claiming it."))
            }
        }
        for (index, entry) in resume.experience.enumerated() where entry.dates?.end != nil || index > 0 {
            for bullet in entry.bullets {
                let first = bullet.text.split(separator: " ").first.map { $0.lowercased() } ?? ""
                if Self.presentVerbs.contains(first) {
                    clarity -= 1
                    findings.append(
                        Finding(
                            line: bullet.number, issue: "Present tense in a past role: “\(Self.short(bullet.text))”",
                            suggestion: "Use the past tense for roles you have left."))
                }
            }
        }
        parts.append(Part(name: "clarity", score: max(0, clarity), outOf: 15, why: "no buzzwords, consistent tense"))

        // Length (10)
        let lengthScore: Int
        switch resume.wordCount {
        case ..<150:
            lengthScore = 3
            findings.append(
                Finding(line: nil, issue: "Very short (\(resume.wordCount) words)", suggestion: "A one-page resume has 300–600 words."))
        case ..<900: lengthScore = 10
        case ..<1200:
            lengthScore = 6
            findings.append(
                Finding(
                    line: nil, issue: "Long (\(resume.wordCount) words, about \(resume.wordCount / 450 + 1) pages)",
                    suggestion: "Keep it to two pages: cut old or minor roles."))
        default:
            lengthScore = 2
            findings.append(
                Finding(line: nil, issue: "Too long (\(resume.wordCount) words)", suggestion: "Recruiters skim; two pages at most."))
        }
        parts.append(Part(name: "length", score: lengthScore, outOf: 10, why: "\(resume.wordCount) words"))

        // Evidence (10): listed skills used somewhere in the experience.
        let headers: [String] = resume.experience.map { $0.header.text }
        let evidenceLines: [String] = headers + bullets.map(\.text) + resume.projects.map(\.text)
        let evidence = evidenceLines.joined(separator: "\n").lowercased()
        let evidencedSkills = taxonomy.extract(from: evidence, limit: 80)
        let unevidenced = resume.listedSkills.filter { skill in
            !evidence.contains(skill.lowercased()) && !evidencedSkills.contains { taxonomy.same($0, skill) }
        }
        let skillsLine = resume.sections.first { $0.kind == "skills" }?.heading.number
        for skill in unevidenced.prefix(6) {
            findings.append(
                Finding(
                    line: skillsLine, issue: "“\(skill)” is listed but never shown in your experience",
                    suggestion: "Mention where you used it in a bullet, or drop it."))
        }
        let evidenceScore =
            resume.listedSkills.isEmpty
            ? 5 : Int((Double(resume.listedSkills.count - unevidenced.count) / Double(resume.listedSkills.count) * 10).rounded())
        parts.append(
            Part(
                name: "evidence", score: evidenceScore, outOf: 10,
                why:
                    "\(resume.listedSkills.count - unevidenced.count) of \(resume.listedSkills.count) listed skills are backed by experience"
            ))

        // ATS hazards (10)
        var ats = 10
        for section in resume.sections where section.kind == nil {
            ats -= 2
            findings.append(
                Finding(
                    line: section.heading.number, issue: "Unusual section name “\(section.name)”",
                    suggestion: "ATS parsers expect standard names: Experience, Education, Skills, Projects."))
        }
        for line in numbered where line.text.hasPrefix("|") || line.text.contains("![") {
            ats -= 3
            findings.append(
                Finding(
                    line: line.number, issue: line.text.contains("![") ? "Image" : "Table",
                    suggestion: "ATS parsers drop tables and images; use plain lines."))
        }
        parts.append(Part(name: "ats", score: max(0, ats), outOf: 10, why: "standard sections, no tables or images"))

        // Date gaps
        let dated = resume.experience.compactMap { entry in entry.dates.map { ($0, entry.header.number) } }.sorted {
            $0.0.start > $1.0.start
        }
        for (newer, older) in zip(dated, dated.dropFirst()) {
            let end = older.0.end ?? today
            let gap = end.months(to: newer.0.start)
            if gap > 6 {
                findings.append(
                    Finding(
                        line: older.1, issue: "A gap of \(gap) months before the role on line \(newer.1)",
                        suggestion: "Say briefly what you did (study, caregiving, freelance); unexplained gaps raise questions."))
            }
        }

        let total = parts.reduce(0) { $0 + $1.score }
        return Analysis(score: min(100, total), parts: parts, findings: findings)
    }

    /// How well the resume fits a job: required skills matched and missing, and experience level.
    package func fit(_ resume: ParsedResume, job: JobPosting) -> Fit {
        let wanted = (job.skills.isEmpty ? taxonomy.extract(from: job.title + "\n" + job.description) : job.skills).map(taxonomy.canonical)
        let have = resume.skills + resume.listedSkills
        let matched = wanted.filter { skill in have.contains { taxonomy.same($0, skill) } }
        let missing = wanted.filter { skill in !matched.contains(skill) }
        let months = resume.experience.compactMap(\.dates).reduce(0) { $0 + max(0, $1.start.months(to: $1.end ?? today)) }
        let years = months / 12
        let expected = ["intern": 0, "junior": 1, "mid": 3, "senior": 5, "lead": 7, "staff": 8, "principal": 10, "director": 10][
            job.seniority ?? ""]
        var experience = "\(years) years of dated experience"
        var levelScore = 1.0
        if let expected {
            levelScore = years >= expected ? 1 : Double(years) / Double(max(1, expected))
            experience +=
                years >= expected
                ? " meets the \(job.seniority ?? "") level (about \(expected)+)"
                : " is below the \(job.seniority ?? "") level (about \(expected)+)"
        }
        let skillScore = wanted.isEmpty ? 0.5 : Double(matched.count) / Double(wanted.count)
        let score = Int(((0.75 * skillScore + 0.25 * levelScore) * 100).rounded())
        let explanation =
            wanted.isEmpty
            ? "The posting names no skills I recognise; " + experience + "."
            : "Matches \(matched.count)/\(wanted.count) required skills"
                + (missing.isEmpty ? "" : "; missing \(missing.prefix(4).joined(separator: ", "))") + "; " + experience + "."
        return Fit(score: score, matched: matched, missing: missing, experience: experience, explanation: explanation)
    }

    static func isPassive(_ text: String) -> Bool {
        let words = text.lowercased().split(separator: " ")
        return zip(words, words.dropFirst()).contains { ["was", "were", "been"].contains($0.0) && $0.1.hasSuffix("ed") }
    }

    static func short(_ text: String) -> String {
        text.count > 70 ? String(text.prefix(67)) + "…" : text
    }
}
