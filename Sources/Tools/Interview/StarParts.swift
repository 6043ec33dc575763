import Assistant
import Foundation

/// The Situation, Task, Action and Result of an answer, each as the user's own sentences. Labelled answers
/// ("Situation: … Task: …") are read by their labels; unlabelled ones sentence by sentence from cue words
/// ("last year", "I had to", "so I", "fell from 2.4 s to 180 ms").
struct StarParts: Equatable {
    static let order = ["Situation", "Task", "Action", "Result"]

    var parts: [String: [String]] = [:]

    var found: [String] { Self.order.filter { !(parts[$0] ?? []).isEmpty } }
    var missing: [String] { Self.order.filter { (parts[$0] ?? []).isEmpty } }

    init(_ answer: String) {
        if let labelled = Self.labelled(answer) {
            parts = labelled
            return
        }
        var classified = SentenceSplitter.split(answer).map { ($0, Self.classify($0)) }
        // A story opens with its scene: an opening sentence that sets one ("we had a patient whose pressure
        // dropped") is the situation, even with a word that elsewhere reports a result.
        if let opening = classified.first, classified.count > 1, opening.1 == "Result", !Self.measuresChange(opening.0),
            Self.situationCues.contains(where: { (" " + opening.0.lowercased() + " ").contains($0) })
        {
            classified[0].1 = "Situation"
        }
        // And it closes with its outcome: with no result said in so many words, a last sentence after the
        // speaker's actions that is not itself an action ("He stabilized and went home two days later") is it.
        if !classified.contains(where: { $0.1 == "Result" }), classified.count > 2, let last = classified.indices.last,
            classified[last].1 == "Context", classified[..<last].contains(where: { $0.1 == "Action" })
        {
            classified[last].1 = "Result"
        }
        // Context before the first task, action or result is the situation (when there is a story at all;
        // "we worked hard and things got better" has none).
        let firstStep = classified.firstIndex { !["Context", "Situation"].contains($0.1) }
        for (index, (sentence, part)) in classified.enumerated() {
            let promoted = part == "Context" && firstStep.map { index < $0 } == true
            parts[promoted ? "Situation" : part, default: []].append(sentence)
        }
    }

    /// A measured change ("rose from 82% to 97%", "cut 30 percent"): a result wherever it stands.
    static func measuresChange(_ sentence: String) -> Bool {
        let lower = sentence.lowercased()
        return lower.range(of: #"\d+(\.\d+)?\s?(%|percent)"#, options: .regularExpression) != nil
            || lower.range(of: #"from [^ ]+.{0,12} to [^ ]+"#, options: .regularExpression) != nil && lower.contains(where: \.isNumber)
    }

    /// "Situation: … Task: … Action: … Result: …" (labels in any case, with ":" or "-"), or nil when
    /// fewer than two labels appear.
    static func labelled(_ answer: String) -> [String: [String]]? {
        let lower = answer.lowercased()
        var marks: [(part: String, label: Range<String.Index>)] = []
        for part in order {
            for separator in [":", " -", " –"] {
                if let range = lower.range(of: part.lowercased() + separator) { marks.append((part, range)) }
            }
        }
        marks.sort { $0.label.lowerBound < $1.label.lowerBound }
        guard Set(marks.map(\.part)).count >= 2 else { return nil }
        var parts: [String: [String]] = [:]
        for (position, mark) in marks.enumerated() {
            let end = position + 1 < marks.count ? marks[position + 1].label.lowerBound : answer.endIndex
            let body = String(answer[mark.label.upperBound..<end]).trimmingCharacters(
                in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".;,")))
            if !body.isEmpty { parts[mark.part, default: []].append(body) }
        }
        // Text before the first label is context: the situation.
        if let first = marks.first, first.label.lowerBound > answer.startIndex {
            let lead = String(answer[..<first.label.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
            if !lead.isEmpty { parts["Situation", default: []].insert(lead, at: 0) }
        }
        return parts
    }

    static func classify(_ sentence: String) -> String {
        let lower = " " + sentence.lowercased() + " "
        func has(_ cues: [String]) -> Bool { cues.contains { lower.contains($0) } }
        if has(resultCues) || measuresChange(sentence) { return "Result" }
        if has(taskCues) { return "Task" }
        if has(situationCues) { return "Situation" }
        // An action is something the speaker did: "we worked hard" names no one's part.
        if has([" i ", " i'", " i’", " me ", " myself "]) { return "Action" }
        return "Context"
    }

    static let situationCues = [
        "when ", "last winter", "last summer", "last month", "last week", "years ago", "one time", "at my last", "in my last",
        "in my previous", "at my previous", "while ", "last year", "once ", "our team was",
        "we had", "there was", "the situation", "at the time", "we were", "one day", "during ", "a few years ago",
        "a client", "a customer", "a patient", "our company", "my manager",
    ]
    static let taskCues = [
        "my job was", "i was responsible", "i needed to", "i had to", "my task", "the goal was", "i was asked", "my role was",
        "we needed to", "the task", "i was in charge", "it was up to me", "i was supposed to",
    ]
    static let resultCues = [
        "result", "as a result", "which led", "reduced", "increased", "improved", "saved", "cut ", "grew", "so that",
        "in the end", "outcome", "faster", "fewer", "shipped", "launched", "delivered", "fell ", "rose ", "dropped",
        "went down", "went up", "on time", "zero ", "no more", "never again", "passed", "won ", "praised", "thanked",
    ]
}
