import Assistant
import Foundation

/// Scores an answer against a rubric, 1–5 per dimension, and explains each score with the answer's own words.
package struct AnswerScorer: Sendable {
    package struct Assessment: Sendable, Equatable, Codable {
        /// Dimension → 1...5, in a stable order (see `dimensions`).
        package var scores: [String: Int]
        package var feedback: [String]
        /// Gaps worth practising ("add the Result", "say what *you* did").
        package var missing: [String]
        /// The answer restructured from the user's own sentences; placeholders in [brackets], nothing invented.
        package var strongerVersion: String?
        package var isVague: Bool

        package var average: Double {
            scores.isEmpty ? 0 : Double(scores.values.reduce(0, +)) / Double(scores.count)
        }
    }

    let taxonomy: SkillTaxonomy

    package init(taxonomy: SkillTaxonomy) {
        self.taxonomy = taxonomy
    }

    package func assess(_ answer: String, question: InterviewQuestion, resume: String? = nil) -> Assessment {
        let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = " " + text.lowercased() + " "
        let words = text.split { $0.isWhitespace }.count
        var scores: [String: Int] = [:]
        var feedback: [String] = []
        var missing: [String] = []

        // Length: too short says nothing, too long loses the listener.
        let length: Int
        switch words {
        case ..<15: length = 1
        case ..<40: length = 2
        case ..<70: length = 4
        case ...260: length = 5
        case ...400: length = 4
        default: length = 3
        }
        scores["length"] = length
        if words < 40 {
            feedback.append("At \(words) words the answer is thin; aim for 80–250 with a concrete example.")
            missing.append("longer, example-led answers")
        }
        if words > 400 { feedback.append("At \(words) words it runs long; lead with the result and cut background.") }

        // Specificity: numbers, named tools, and ownership ("I" versus "we").
        let numbers = text.split { $0.isWhitespace }.filter { $0.contains(where: \.isNumber) }.map {
            String($0).trimmingCharacters(in: .punctuationCharacters)
        }
        let tools = taxonomy.extract(from: text, limit: 10)
        let iCount = lower.components(separatedBy: " i ").count - 1 + lower.components(separatedBy: " i'").count - 1
        let weCount = lower.components(separatedBy: " we ").count - 1
        var specificity = 1 + min(2, numbers.count) + min(1, tools.count) + (iCount >= weCount && iCount > 0 ? 1 : 0)
        specificity = min(5, specificity)
        scores["specificity"] = specificity
        if numbers.isEmpty {
            feedback.append("No numbers: say how much or how many (time saved, users, errors, money).")
            missing.append("quantified results")
        } else {
            var quoted: Set<String> = []
            let distinct = numbers.filter { quoted.insert($0).inserted }
            feedback.append("Good: concrete figures (\(distinct.prefix(3).map { "“\($0)”" }.joined(separator: ", "))).")
        }
        if weCount > iCount, let quote = Self.quote(around: "we", in: text) {
            feedback.append("You said \(quote) — say what *you* did; interviewers score your part.")
            missing.append("ownership (“I” rather than “we”)")
        }

        // Relevance: the question's content words in the answer, compared by stem ("reconciled" answers
        // "reconcile"). Words are weak evidence: a complete story with figures told in the trade's own words ("the
        // bank rec was off by 12,400") shares none with "review accounts for discrepancies", so such an answer is
        // scored as unclear rather than told it drifts.
        let asked = Self.stems(Self.contentWords(question.text))
        let answered = Self.stems(Self.contentWords(text))
        let overlap = asked.isEmpty ? 1 : Double(asked.intersection(answered).count) / Double(asked.count)
        var relevance = max(1, min(5, Int((overlap * 5).rounded(.up)) + (words >= 40 ? 1 : 0)))
        // Read once: relevance, the STAR score and the stronger version all use the answer's parts.
        let star = StarParts(text)
        let toldAStory = star.found.count >= 3 && !numbers.isEmpty
        if overlap < 0.2, !asked.isEmpty {
            if toldAStory {
                relevance = max(relevance, 3)
                feedback.append(
                    "Its words are not the question's; check that it answers “\(SentenceSplitter.shorten(question.text, to: 70))” and say so in its first sentence."
                )
            } else {
                feedback.append("It drifts from the question; tie it back to “\(SentenceSplitter.shorten(question.text, to: 70))”.")
                missing.append("answering the question asked")
            }
        }
        scores["relevance"] = relevance

        switch question.kind {
        case .behavioral, .derived:
            let found = star.found
            let absent = star.missing
            scores["star"] = max(1, found.count + (found.count == 4 ? 1 : 0))
            if absent.isEmpty {
                feedback.append("Complete STAR structure.")
            } else {
                feedback.append(
                    "STAR: found \(found.isEmpty ? "none" : found.joined(separator: ", ")); missing \(absent.joined(separator: ", ")).")
                missing += absent.map { "the \($0) in STAR answers" }
            }
        case .technical, .systemDesign:
            if !question.keyPoints.isEmpty {
                let covered = question.keyPoints.filter { lower.contains($0.lowercased()) }
                let uncovered = question.keyPoints.filter { !covered.contains($0) }
                scores["coverage"] = max(1, Int((Double(covered.count) / Double(question.keyPoints.count) * 5).rounded()))
                feedback.append(
                    "Key points covered: \(covered.isEmpty ? "none" : covered.joined(separator: ", "))\(uncovered.isEmpty ? "." : "; not mentioned: \(uncovered.joined(separator: ", ")).")"
                )
                if !uncovered.isEmpty { missing.append("covering the key points (\(uncovered.prefix(3).joined(separator: ", ")))") }
            } else {
                scores["coverage"] = scores["relevance"]
            }
        }
        let isVague = words < 25 || (numbers.isEmpty && tools.isEmpty && words < 60)
        return Assessment(
            scores: scores, feedback: feedback, missing: missing,
            strongerVersion: question.kind == .behavioral || question.kind == .derived ? Self.restructure(text, star: star) : nil,
            isVague: isVague)
    }

    /// The user's own sentences sorted into STAR order, with placeholders for what is missing.
    static func restructure(_ answer: String, star known: StarParts? = nil) -> String? {
        let star = known ?? StarParts(answer)
        guard SentenceSplitter.split(answer).count >= 2 || star.found.count >= 2 else { return nil }
        func owned(_ sentence: String) -> String {
            sentence.hasPrefix("We ") ? "I (with the team) " + sentence.dropFirst(3) : sentence
        }
        func joined(_ sentences: [String]) -> String {
            sentences.map { sentence in
                let trimmed = sentence.trimmingCharacters(in: .whitespaces)
                return ".!?".contains(trimmed.last ?? " ") ? String(trimmed.dropLast()) : trimmed
            }.joined(separator: ". ")
        }
        let context = (star.parts["Context"] ?? []) + (star.parts["Situation"] ?? []) + (star.parts["Task"] ?? [])
        let situationText = context.isEmpty ? "[one sentence: where you were and what was at stake]" : joined(context)
        let action = star.parts["Action"] ?? []
        let actionText = action.isEmpty ? "[what you did, step by step]" : joined(action.map(owned))
        let result = star.parts["Result"] ?? []
        let resultText = result.isEmpty ? "[the outcome, with a number you can verify]" : joined(result)
        return "Situation/Task: \(situationText).\nAction: \(actionText).\nResult: \(resultText)."
    }

    static func contentWords(_ text: String) -> Set<String> {
        let stop: Set<String> = [
            "what", "when", "with", "that", "this", "your", "have", "from", "they", "would", "about", "which", "there", "their", "tell",
            "describe", "time", "does", "were", "will", "into", "some", "more", "most", "also", "them", "then", "than", "what's", "explain",
            "know", "give", "example",
        ]
        return Set(text.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count > 3 && !stop.contains($0) })
    }

    /// Words cut to their first five letters: "reconcile", "reconciled" and "reconciliation" share "recon".
    static func stems(_ words: Set<String>) -> Set<String> { Set(words.map { String($0.prefix(5)) }) }

    static func quote(around word: String, in text: String) -> String? {
        let tokens = text.split { $0.isWhitespace }
        guard let index = tokens.firstIndex(where: { $0.lowercased().trimmingCharacters(in: .punctuationCharacters) == word }) else {
            return nil
        }
        return "“" + tokens[index..<min(index + 4, tokens.count)].joined(separator: " ").trimmingCharacters(in: .punctuationCharacters)
            + "”"
    }
}
