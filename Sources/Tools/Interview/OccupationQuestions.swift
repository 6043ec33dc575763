import Assistant
import Foundation

/// Interview questions for any occupation, derived from O*NET: behavioural questions from its core
/// tasks ("Tell me about a time you had to reconcile accounts …"), technical ones from the technologies
/// and tools it uses. This is what lets a mock interview fit an accountant, a nurse or a truck driver,
/// not only the software roles the licensed bank covers.
struct OccupationQuestions {
    let occupation: OccupationCatalog.Occupation
    let tasks: [String]
    let technologies: [OccupationCatalog.Technology]
    let tools: [String]

    /// The role as the user named it ("Electrician"), for the question text; O*NET titles are plural.
    let role: String

    init(occupation: OccupationCatalog.Occupation, catalog: OccupationCatalog, role: String) {
        self.occupation = occupation
        self.role = role
        tasks = catalog.tasks(for: occupation)
        technologies = catalog.technologies(for: occupation)
        tools = catalog.tools(for: occupation)
    }

    static let behaviouralFrames = [
        "Tell me about a time you had to %@. What did you do, and how did it turn out?",
        "Describe a situation where you had to %@. What was at stake, and what was the result?",
        "Give me an example of a time you had to %@. How did you approach it?",
    ]

    func behavioural() -> [InterviewQuestion] {
        tasks.enumerated().compactMap { index, task -> InterviewQuestion? in
            guard let phrase = Self.phrase(task) else { return nil }
            let frame = Self.behaviouralFrames[index % Self.behaviouralFrames.count]
            return InterviewQuestion(
                id: "onet-task-\(occupation.code)-\(index)", text: String(format: frame, phrase), kind: .behavioral,
                topic: occupation.title)
        }
    }

    func technical() -> [InterviewQuestion] {
        // Hot technologies first: they are what employers of this occupation list most.
        // Office software every occupation lists says nothing about the job itself.
        let specific = technologies.filter { !GenericWorkTools.software.contains($0.name) }
        let ordered = specific.filter(\.hot) + specific.filter { !$0.hot }
        var seen: Set<String> = []
        let software = ordered.filter { seen.insert($0.name.lowercased()).inserted }.prefix(8).map { technology in
            InterviewQuestion(
                id: "onet-tech-\(occupation.code)-\(Gazetteer.key(technology.name))",
                text:
                    "How do you use \(technology.name) in your work as \(Self.article(role)) \(Self.lowerFirst(role))? Walk me through a recent example.",
                kind: .technical, topic: technology.name)
        }
        let equipment = tools.prefix(8).map { tool in
            InterviewQuestion(
                id: "onet-tool-\(occupation.code)-\(Gazetteer.key(tool))",
                text:
                    "Walk me through how you use \(Self.lowerFirst(tool)) on a typical shift, including the checks you do before and after.",
                kind: .technical, topic: tool)
        }
        // Interleaved, so a short interview asks about both software and equipment when the job has both.
        var mixed: [InterviewQuestion] = []
        for index in 0..<max(software.count, equipment.count) {
            if index < equipment.count { mixed.append(equipment[index]) }
            if index < software.count { mixed.append(software[index]) }
        }
        return mixed
    }

    /// A task statement as the object of "you had to …": first letter lowered, final period and
    /// parenthesised asides dropped; long or list-like statements are skipped.
    static func phrase(_ task: String) -> String? {
        var text = task.trimmingCharacters(in: .whitespaces)
        while let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") {
            text.removeSubrange(open...close)
        }
        text = text.replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(".") { text.removeLast() }
        guard text.count >= 15, text.count <= 120, text.filter({ $0 == "," }).count <= 2 else { return nil }
        return lowerFirst(text)
    }

    static func lowerFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        // Keep acronyms ("CNC machines", "GPS units") as written.
        if text.count > 1, text[text.index(after: text.startIndex)].isUppercase { return text }
        return first.lowercased() + text.dropFirst()
    }

    static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}
