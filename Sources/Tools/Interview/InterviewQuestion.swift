import Assistant
import Foundation

/// One interview question, with what a good answer should cover when that is known.
package struct InterviewQuestion: Sendable, Equatable, Codable {
    package enum Kind: String, Sendable, Codable {
        case behavioral, technical, systemDesign = "system_design", derived
    }

    package var id: String
    package var text: String
    package var kind: Kind
    package var topic: String
    /// Points a strong technical answer mentions; empty for behavioral questions.
    package var keyPoints: [String]

    package init(id: String, text: String, kind: Kind, topic: String = "", keyPoints: [String] = []) {
        self.id = id
        self.text = text
        self.kind = kind
        self.topic = topic
        self.keyPoints = keyPoints
    }
}

/// The licensed question bank (data/interview_questions.tsv) plus our key points
/// (data/interview_keypoints.tsv), filtered by role and interview type.
package struct QuestionBank: Sendable {
    struct Entry: Sendable {
        var question: InterviewQuestion
        var category: String
        var roleTag: String
        /// The company a question was collected from ("What does 'belong anywhere' mean to you?" is Airbnb's):
        /// asked only when the user names that company.
        var company: String?
    }

    static let softwareWords = [" bug", " code", "coding", "program", "software", "deploy", "technical debt"]

    /// Topics of the bank that are not companies.
    static let genericTopics: Set<String> = ["most common", "general", "fun", "hired", ""]

    let entries: [Entry]

    package static func load(dataDirectory: URL) throws -> QuestionBank {
        var keyPoints: [String: [String]] = [:]
        if let text = try? String(contentsOf: dataDirectory.appendingPathComponent("interview_keypoints.tsv"), encoding: .utf8) {
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: "\t")
                if fields.count == 2 {
                    keyPoints[String(fields[0])] = fields[1].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                }
            }
        }
        let text = try String(contentsOf: dataDirectory.appendingPathComponent("interview_questions.tsv"), encoding: .utf8)
        var entries: [Entry] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > 5, !fields[5].isEmpty, fields[5].count <= 300 else { continue }
            let kind: InterviewQuestion.Kind
            switch fields[1] {
            case "behavioral", "general": kind = .behavioral
            case "system-design": kind = .systemDesign
            default: kind = .technical
            }
            entries.append(
                Entry(
                    question: InterviewQuestion(
                        id: fields[0], text: fields[5].replacingOccurrences(of: "`", with: ""), kind: kind,
                        topic: fields[3], keyPoints: keyPoints[fields[0]] ?? []),
                    category: fields[1], roleTag: fields[2],
                    company: fields[1] == "behavioral" && !genericTopics.contains(fields[3].lowercased()) ? fields[3] : nil))
        }
        return QuestionBank(entries: entries)
    }

    /// The bank's role tag for a job title.
    static func roleTag(for role: String?) -> String {
        let text = (role ?? "").lowercased()
        if ["frontend", "front end", "front-end", "web", "javascript", "react", "css"].contains(where: text.contains) { return "frontend" }
        if ["data", "machine learning", "ml ", "analyst", "scientist", "statistic"].contains(where: text.contains) {
            return "data-scientist"
        }
        if ["devops", "sre", "site reliability", "sysadmin", "system admin", "infrastructure", "linux", "ops"].contains(
            where: text.contains)
        {
            return "sysadmin"
        }
        if ["software", "developer", "engineer", "programmer", "ios", "android", "backend", "back end"].contains(where: text.contains) {
            return "software-engineer"
        }
        return "general"
    }

    /// Questions for a session: the requested mix, the role's own questions first, none in `excluded`.
    package func select(
        role: String?, type: String, count: Int, excluding excluded: Set<String>, seed: UInt64, company: String? = nil,
        derived: (behavioural: [InterviewQuestion], technical: [InterviewQuestion])? = nil
    ) -> [InterviewQuestion] {
        let tag = Self.roleTag(for: role)
        var random = SplitMix64(seed: seed)
        let named = company?.lowercased()
        let allowed = entries.filter { entry in
            !excluded.contains(entry.question.id) && (entry.company == nil || entry.company?.lowercased() == named)
                // "the most difficult bug you fixed" is no question for an accountant.
                && (tag != "general" || !Self.softwareWords.contains { entry.question.text.lowercased().contains($0) })
        }.map { entry -> Entry in
            var entry = entry
            entry.question.text = entry.question.text.replacingOccurrences(of: "X company", with: company ?? "this company")
            return entry
        }
        // The named company's own questions come first: that is why the user named it.
        let companyFirst = allowed.filter { $0.company != nil }.map(\.question)
        if tag == "general", let derived {
            return Self.occupationMix(
                type: type, count: count, companyFirst: companyFirst, excluded: excluded, random: &random,
                derived: derived,
                generic: allowed.filter { $0.category == "behavioral" && $0.roleTag == "general" && $0.company == nil }.map(\.question))
        }
        func pick(_ matches: (Entry) -> Bool, _ wanted: Int) -> [InterviewQuestion] {
            let pool = allowed.filter(matches)
            let own = pool.filter { $0.roleTag == tag }
            var chosen: [InterviewQuestion] = []
            for candidates in [own, pool] where chosen.count < wanted {
                var remaining = candidates.filter { candidate in !chosen.contains { $0.id == candidate.question.id } }
                while chosen.count < wanted, !remaining.isEmpty {
                    chosen.append(remaining.remove(at: random.next(below: remaining.count)).question)
                }
            }
            return chosen
        }
        let fromCompany = Array(companyFirst.prefix(count / 2))
        let rest = selectByRole(type: type, count: count - fromCompany.count, tag: tag, pick: pick)
        return fromCompany + rest.filter { question in !fromCompany.contains { $0.id == question.id } }
    }

    private func selectByRole(
        type: String, count: Int, tag: String, pick: (_ matches: (Entry) -> Bool, _ wanted: Int) -> [InterviewQuestion]
    ) -> [InterviewQuestion] {
        let behavioral: (Entry) -> Bool = { $0.category == "behavioral" && (tag != "general" || $0.roleTag == "general") }
        let technical: (Entry) -> Bool = { ["technical", "coding", "system-design"].contains($0.category) }
        let design: (Entry) -> Bool = { $0.category == "system-design" }
        switch type {
        case "technical": return pick(technical, count)
        case "system_design": return pick(design, count)
        case "behavioral": return pick(behavioral, count)
        default:
            let half = count / 2
            let first = pick(behavioral, count - half)
            let firstIDs = Set(first.map(\.id))
            return first
                + pick(
                    { entry in (tag == "general" ? behavioral(entry) : technical(entry)) && !firstIDs.contains(entry.question.id) }, half)
        }
    }

    /// For occupations the bank does not cover: questions derived from the occupation's tasks, technologies
    /// and tools, with a few general behavioural ones mixed in.
    static func occupationMix(
        type: String, count: Int, companyFirst: [InterviewQuestion], excluded: Set<String>, random: inout SplitMix64,
        derived: (behavioural: [InterviewQuestion], technical: [InterviewQuestion]), generic: [InterviewQuestion]
    ) -> [InterviewQuestion] {
        func draw(_ pool: [InterviewQuestion], _ wanted: Int, into chosen: inout [InterviewQuestion]) {
            var remaining = pool.filter { question in !excluded.contains(question.id) && !chosen.contains { $0.id == question.id } }
            var taken = 0
            while taken < wanted, !remaining.isEmpty {
                chosen.append(remaining.remove(at: random.next(below: remaining.count)))
                taken += 1
            }
        }
        var chosen: [InterviewQuestion] = Array(companyFirst.prefix(max(0, count / 3)))
        let open = count - chosen.count
        switch type {
        case "technical", "system_design":
            draw(derived.technical, open, into: &chosen)
            draw(derived.behavioural, count - chosen.count, into: &chosen)
        case "behavioral":
            // The occupation's own questions lead; a general one ("why do you want this job?") closes.
            draw(derived.behavioural, count - chosen.count - max(1, open / 3), into: &chosen)
            draw(generic, count - chosen.count, into: &chosen)
        default:
            draw(derived.behavioural, (count - chosen.count) / 2, into: &chosen)
            draw(derived.technical, count - chosen.count - max(1, open / 4), into: &chosen)
            draw(derived.behavioural, count - chosen.count - max(1, open / 4), into: &chosen)
            draw(generic, count - chosen.count, into: &chosen)
        }
        draw(generic, count - chosen.count, into: &chosen)
        return Array(chosen.prefix(count))
    }

    /// Questions to ask the interviewer.
    package func questionsToAsk(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        var pool = entries.filter { $0.category == "questions-to-ask" }.map(\.question.text)
        var chosen: [String] = []
        while chosen.count < count, !pool.isEmpty { chosen.append(pool.remove(at: random.next(below: pool.count))) }
        return chosen
    }
}
