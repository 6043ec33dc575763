import Assistant
import Foundation

/// With a language model configured, the model grades an answer against the same rubric the rules use.
/// Its 1–5 scores replace the rules' where it gives them (and are what the session keeps); its comment is
/// added to the feedback. The rules' feedback, missing items and stronger version stay: they cite the
/// answer's own words, which the model's prose is not checked for.
package enum RubricGrader {
    package static func grade(
        _ answer: String, question: InterviewQuestion, rules: AnswerScorer.Assessment, writer: any TextWriter
    ) async -> AnswerScorer.Assessment {
        let dimensions = rules.scores.keys.sorted()
        let instructions = """
            You grade mock interview answers. Score each dimension from 1 (poor) to 5 (excellent), one per line as \
            "dimension: N", then one line "comment: ..." with the single most useful improvement. Dimensions: \
            \(dimensions.joined(separator: ", ")). star = Situation, Task, Action, Result all present; specificity = \
            numbers, named tools and the candidate's own actions; relevance = answers the question asked; length = 80–250 \
            words is ideal; coverage = mentions the expected key points\(question.keyPoints.isEmpty ? "" : " (\(question.keyPoints.joined(separator: ", ")))").
            """
        guard let reply = try? await writer.write(instructions: instructions, material: "Question: \(question.text)\nAnswer: \(answer)")
        else { return rules }
        var graded = rules
        var changed = false
        for line in reply.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            let name = parts[0].lowercased()
            if name == "comment", !parts[1].isEmpty {
                graded.feedback.append("Coach: " + parts[1])
            } else if dimensions.contains(name), let score = Int(parts[1].prefix { $0.isNumber }) {
                graded.scores[name] = min(5, max(1, score))
                changed = true
            }
        }
        return changed ? graded : rules
    }
}
