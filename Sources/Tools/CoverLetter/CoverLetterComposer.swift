import Foundation
import Storage

/// Writes a cover letter only from the user's own resume and profile: an opening naming the role and
/// company, paragraphs each tying one cited resume line to one stated requirement, a closing.
package struct CoverLetterComposer: Sendable {
    package enum Tone: String, Sendable, CaseIterable {
        case formal, warm, concise
    }

    package struct Citation: Sendable, Equatable {
        package var requirement: String
        package var resumeLine: Int
        package var achievement: String
    }

    package struct Letter: Sendable, Equatable {
        package var text: String
        package var citations: [Citation]
    }

    let taxonomy: SkillTaxonomy

    package init(taxonomy: SkillTaxonomy) {
        self.taxonomy = taxonomy
    }

    /// What the job asks for: its skills first, then requirement-like lines of its description.
    package func requirements(of job: JobPosting) -> [String] {
        var found = (job.skills.isEmpty ? taxonomy.extract(from: job.description) : job.skills.map(taxonomy.canonical))
        for line in Self.descriptionLines(of: job) {
            let lower = line.text.lowercased()
            // Requirement-like sentences, and the duties a posting lists as bullets ("- Prepare reports on students").
            if line.text.count >= 15, line.text.count <= 160,
                line.isBullet
                    || ["experience", "you will", "you have", "ability", "knowledge", "familiar", "degree", "years"].contains(
                        where: lower.contains)
            {
                found.append(Self.withoutPeriod(line.text))
            }
        }
        var seen: Set<String> = []
        return found.filter { seen.insert($0.lowercased()).inserted }
    }

    package func compose(job: JobPosting, facts: ResumeFacts, profile: UserProfile, tone: Tone, paragraphs: Int) -> Letter {
        let pairs = match(requirements(of: job), facts.achievements, limit: max(1, min(paragraphs, 3)))
        let role = job.title
        let company = job.company
        var parts: [String] = []
        switch tone {
        case .formal: parts.append("Dear Hiring Team at \(company),\n\nI am writing to apply for the \(role) position at \(company).")
        case .warm:
            parts.append(
                "Hello \(company) team,\n\nI was excited to see your opening for a \(role), and I'd love to bring my experience to it.")
        case .concise: parts.append("Dear \(company) team,\n\nPlease consider my application for the \(role) role.")
        }
        if let years = profile.yearsExperience {
            parts[0] += " I bring \(years) year\(years == 1 ? "" : "s") of experience\(profile.headline.map { " as a \($0)" } ?? "")."
        }
        let duties = Self.duties(of: job)
        for pair in pairs {
            let achievement = Self.firstPerson(pair.achievement.text)
            // A duty is a verb phrase ("Establish rules for …"), a requirement a noun phrase ("5+ years of Swift").
            let asked =
                duties.contains(pair.requirement)
                ? "someone to \(Self.lowerFirst(pair.requirement))" : Self.lowerFirst(pair.requirement)
            switch tone {
            case .formal: parts.append("You are looking for \(asked). In my work, \(achievement).")
            case .warm: parts.append("Your posting asks for \(asked), which is exactly where I have put my energy: \(achievement).")
            case .concise: parts.append("\(pair.requirement): \(achievement).")
            }
        }
        // Nothing pairs with a stated requirement: the resume's strongest lines (those with a figure first) still say
        // what the person has done, in their own words.
        let highlights = pairs.isEmpty ? Self.highlights(facts.achievements, limit: max(1, min(paragraphs, 2))) : []
        for line in highlights {
            let achievement = Self.firstPerson(line.text)
            switch tone {
            case .formal: parts.append("In my recent work, \(achievement).")
            case .warm: parts.append("One thing I'm proud of: \(achievement).")
            case .concise: parts.append("Highlight: \(achievement).")
            }
        }
        if pairs.isEmpty, highlights.isEmpty {
            parts.append(
                "My resume lists the experience I would bring; I would welcome the chance to walk you through how it fits this role.")
        }
        switch tone {
        case .formal:
            parts.append("I would welcome the opportunity to discuss how I can contribute to \(company). Thank you for your consideration.")
        case .warm: parts.append("I'd be glad to talk about how I could help \(company). Thank you for reading!")
        case .concise: parts.append("I would be glad to discuss this further.")
        }
        parts.append(
            (tone == .warm ? "Best regards,\n" : "Sincerely,\n") + (profile.name ?? Self.name(atTopOf: facts.text) ?? "[Your name]"))
        return Letter(
            text: parts.joined(separator: "\n\n"),
            citations: pairs.map {
                Citation(requirement: $0.requirement, resumeLine: $0.achievement.number, achievement: $0.achievement.text)
            }
                + highlights.map { Citation(requirement: "", resumeLine: $0.number, achievement: $0.text) })
    }

    /// Achievements with a figure first, then the rest, in resume order within each.
    static func highlights(_ achievements: [ResumeFacts.Line], limit: Int) -> [ResumeFacts.Line] {
        let measured = achievements.filter { $0.text.contains(where: \.isNumber) }
        return Array((measured + achievements.filter { !$0.text.contains(where: \.isNumber) }).prefix(limit))
    }

    /// A resume's first line when it reads as a person's name ("Dana Whitfield"): two to four capitalised words of
    /// letters only.
    package static func name(atTopOf resume: String) -> String? {
        guard let first = resume.split(separator: "\n").lazy.map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty })
        else { return nil }
        let words = first.split(separator: " ")
        guard (2...4).contains(words.count),
            words.allSatisfy({ word in
                word.first?.isUppercase == true && word.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" || $0 == "." }
            })
        else { return nil }
        return first
    }

    /// The best distinct (requirement, resume line) pairs, by shared skills first, then shared words.
    func match(_ requirements: [String], _ achievements: [ResumeFacts.Line], limit: Int) -> [(
        requirement: String, achievement: ResumeFacts.Line
    )] {
        var candidates: [(score: Double, requirement: String, achievement: ResumeFacts.Line)] = []
        for requirement in requirements {
            let wantedSkills = Set(
                taxonomy.extract(from: requirement).map { $0.lowercased() } + [taxonomy.canonical(requirement).lowercased()])
            let wantedWords = Self.words(requirement)
            for achievement in achievements {
                let skills = Set(taxonomy.extract(from: achievement.text).map { $0.lowercased() })
                let shared =
                    Double(skills.intersection(wantedSkills).count) * 3
                    + Double(Self.words(achievement.text).intersection(wantedWords).count)
                if shared > 0 { candidates.append((shared, requirement, achievement)) }
            }
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.achievement.number < $1.achievement.number }
        var usedRequirements: Set<String> = []
        var usedLines: Set<Int> = []
        var chosen: [(requirement: String, achievement: ResumeFacts.Line)] = []
        for candidate in candidates where chosen.count < limit {
            guard !usedRequirements.contains(candidate.requirement), !usedLines.contains(candidate.achievement.number) else { continue }
            usedRequirements.insert(candidate.requirement)
            usedLines.insert(candidate.achievement.number)
            chosen.append((candidate.requirement, candidate.achievement))
        }
        return chosen
    }

    static let stopWords: Set<String> = [
        "with", "and", "the", "for", "you", "our", "your", "will", "have", "experience", "years", "work", "team", "from", "that", "this",
        "into", "using",
    ]

    static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count > 3 && !stopWords.contains($0) })
    }

    /// "Led the migration" → "I led the migration", "Teach 26 students" → "I teach 26 students": the user's words,
    /// in a sentence of their own.
    static func firstPerson(_ line: String) -> String {
        let first = line.split(separator: " ").first.map { $0.lowercased() } ?? ""
        return ResumeFacts.actionVerbs.contains(first) || presentVerbs.contains(first) ? "I " + lowerFirst(line) : lowerFirst(line)
    }

    static let presentVerbs: Set<String> = [
        "teach", "lead", "manage", "build", "design", "run", "supervise", "care", "treat", "drive", "coordinate", "train",
        "support", "maintain", "prepare", "handle", "oversee", "develop", "serve", "process", "operate", "monitor",
        "assist", "write", "plan", "deliver", "mentor", "own", "analyze", "analyse", "install", "repair", "inspect",
    ]

    /// The bullets of a posting's description that say what the job does ("- Prepare reports on students"), as
    /// `requirements(of:)` spells them.
    static func duties(of job: JobPosting) -> Set<String> {
        Set(
            descriptionLines(of: job).filter { line in
                let lower = line.text.lowercased()
                return line.isBullet && line.text.first?.isLetter == true && !lower.contains("experience") && !lower.contains("years")
            }.map { withoutPeriod($0.text) })
    }

    /// A posting's description line by line, without bullet marks, each marked when it was a bullet.
    static func descriptionLines(of job: JobPosting) -> [(text: String, isBullet: Bool)] {
        job.description.split(separator: "\n").map { line in
            let isBullet = line.trimmingCharacters(in: .whitespaces).first.map { "-*•".contains($0) } ?? false
            return (line.trimmingCharacters(in: CharacterSet(charactersIn: "-*• ").union(.whitespaces)), isBullet)
        }
    }

    static func withoutPeriod(_ text: String) -> String { text.hasSuffix(".") ? String(text.dropLast()) : text }

    static func lowerFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        // Keep acronyms and names ("AWS", "iOS", "Kubernetes") as written.
        let word = text.split(separator: " ").first ?? ""
        if word.count > 1, word.dropFirst().contains(where: \.isUppercase) { return text }
        return first.lowercased() + text.dropFirst()
    }
}
