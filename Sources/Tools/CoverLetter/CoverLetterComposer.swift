import Foundation
import Storage

/// Writes a cover letter only from the user's own resume and profile: an opening naming the role and
/// company, paragraphs each tying one cited resume line to one stated requirement, a closing.
public struct CoverLetterComposer: Sendable {
    public enum Tone: String, Sendable, CaseIterable {
        case formal, warm, concise
    }

    public struct Citation: Sendable, Equatable {
        public var requirement: String
        public var resumeLine: Int
        public var achievement: String
    }

    public struct Letter: Sendable, Equatable {
        public var text: String
        public var citations: [Citation]
    }

    let taxonomy: SkillTaxonomy

    public init(taxonomy: SkillTaxonomy) {
        self.taxonomy = taxonomy
    }

    /// What the job asks for: its skills first, then requirement-like lines of its description.
    public func requirements(of job: JobPosting) -> [String] {
        var found = (job.skills.isEmpty ? taxonomy.extract(from: job.description) : job.skills.map(taxonomy.canonical))
        for line in job.description.split(separator: "\n") {
            let text = line.trimmingCharacters(in: CharacterSet(charactersIn: "-*• ").union(.whitespaces))
            let lower = text.lowercased()
            if text.count >= 15, text.count <= 160,
                ["experience", "you will", "you have", "ability", "knowledge", "familiar", "degree", "years"].contains(where: lower.contains)
            {
                found.append(text.hasSuffix(".") ? String(text.dropLast()) : text)
            }
        }
        var seen: Set<String> = []
        return found.filter { seen.insert($0.lowercased()).inserted }
    }

    public func compose(job: JobPosting, facts: ResumeFacts, profile: UserProfile, tone: Tone, paragraphs: Int) -> Letter {
        let pairs = match(requirements(of: job), facts.achievements, limit: max(1, min(paragraphs, 3)))
        let role = job.title
        let company = job.company
        var parts: [String] = []
        switch tone {
        case .formal: parts.append("Dear Hiring Team at \(company),\n\nI am writing to apply for the \(role) position at \(company).")
        case .warm: parts.append("Hello \(company) team,\n\nI was excited to see your opening for a \(role), and I'd love to bring my experience to it.")
        case .concise: parts.append("Dear \(company) team,\n\nPlease consider my application for the \(role) role.")
        }
        if let years = profile.yearsExperience {
            parts[0] += " I bring \(years) year\(years == 1 ? "" : "s") of experience\(profile.headline.map { " as a \($0)" } ?? "")."
        }
        for pair in pairs {
            let achievement = Self.firstPerson(pair.achievement.text)
            switch tone {
            case .formal: parts.append("You are looking for \(Self.lowerFirst(pair.requirement)). In my work, \(achievement).")
            case .warm: parts.append("Your posting mentions \(Self.lowerFirst(pair.requirement)), which is exactly where I have put my energy: \(achievement).")
            case .concise: parts.append("\(pair.requirement): \(achievement).")
            }
        }
        if pairs.isEmpty {
            parts.append("My resume lists the experience I would bring; I would welcome the chance to walk you through how it fits this role.")
        }
        switch tone {
        case .formal: parts.append("I would welcome the opportunity to discuss how I can contribute to \(company). Thank you for your consideration.")
        case .warm: parts.append("I'd be glad to talk about how I could help \(company). Thank you for reading!")
        case .concise: parts.append("I would be glad to discuss this further.")
        }
        parts.append((tone == .warm ? "Best regards,\n" : "Sincerely,\n") + (profile.name ?? "[Your name]"))
        return Letter(
            text: parts.joined(separator: "\n\n"),
            citations: pairs.map { Citation(requirement: $0.requirement, resumeLine: $0.achievement.number, achievement: $0.achievement.text) })
    }

    /// The best distinct (requirement, resume line) pairs, by shared skills first, then shared words.
    func match(_ requirements: [String], _ achievements: [ResumeFacts.Line], limit: Int) -> [(requirement: String, achievement: ResumeFacts.Line)] {
        var candidates: [(score: Double, requirement: String, achievement: ResumeFacts.Line)] = []
        for requirement in requirements {
            let wantedSkills = Set(taxonomy.extract(from: requirement).map { $0.lowercased() } + [taxonomy.canonical(requirement).lowercased()])
            let wantedWords = Self.words(requirement)
            for achievement in achievements {
                let skills = Set(taxonomy.extract(from: achievement.text).map { $0.lowercased() })
                let shared = Double(skills.intersection(wantedSkills).count) * 3 + Double(Self.words(achievement.text).intersection(wantedWords).count)
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

    static let stopWords: Set<String> = ["with", "and", "the", "for", "you", "our", "your", "will", "have", "experience", "years", "work", "team", "from", "that", "this", "into", "using"]

    static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count > 3 && !stopWords.contains($0) })
    }

    /// "Led the migration" → "I led the migration": the user's words, in a sentence of their own.
    static func firstPerson(_ line: String) -> String {
        let first = line.split(separator: " ").first.map { $0.lowercased() } ?? ""
        return ResumeFacts.actionVerbs.contains(first) ? "I " + lowerFirst(line) : lowerFirst(line)
    }

    static func lowerFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        // Keep acronyms and names ("AWS", "iOS", "Kubernetes") as written.
        let word = text.split(separator: " ").first ?? ""
        if word.count > 1, word.dropFirst().contains(where: \.isUppercase) { return text }
        return first.lowercased() + text.dropFirst()
    }
}
