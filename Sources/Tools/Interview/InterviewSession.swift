import Foundation

/// A mock interview as a value: questions, where the user is, every answer and its assessment.
/// Each command returns what to say next or throws for a transition that is not allowed; the caller persists
/// the value after every step, so a restart continues at the same question.
package struct InterviewSession: Sendable, Equatable, Codable {
    package enum Phase: String, Sendable, Codable {
        case awaitingAnswer, followUp, paused, finished
    }

    package struct Answer: Sendable, Equatable, Codable {
        package var questionIndex: Int
        package var text: String
        package var assessment: AnswerScorer.Assessment?
        package var isFollowUp: Bool
        package var skipped: Bool
    }

    package enum Outcome: Sendable, Equatable {
        /// Feedback on the answer, then the next question.
        case next(AnswerScorer.Assessment, question: String)
        /// The answer was vague: feedback, then a follow-up on the same question.
        case followUp(AnswerScorer.Assessment, question: String)
        case finished(AnswerScorer.Assessment?)
    }

    package enum TransitionError: Error, Equatable, CustomStringConvertible {
        case finished, paused, notPaused

        package var description: String {
            switch self {
            case .finished: return "this interview has ended; start a new one with \"start a mock interview\""
            case .paused: return "the interview is paused; say \"resume the interview\" to continue"
            case .notPaused: return "the interview is not paused"
            }
        }
    }

    package var role: String
    package var seniority: String?
    package var type: String
    package var company: String?
    package private(set) var questions: [InterviewQuestion]
    package private(set) var index = 0
    package private(set) var phase = Phase.awaitingAnswer
    package private(set) var followUpQuestion: String?
    package private(set) var answers: [Answer] = []
    package private(set) var hintsUsed = 0

    package init(role: String, seniority: String?, type: String, company: String?, questions: [InterviewQuestion]) {
        self.role = role
        self.seniority = seniority
        self.type = type
        self.company = company
        self.questions = questions
        if questions.isEmpty { phase = .finished }
    }

    package var currentQuestion: InterviewQuestion? { questions.indices.contains(index) ? questions[index] : nil }
    package var currentPrompt: String? { phase == .followUp ? followUpQuestion : currentQuestion?.text }
    package var progress: String { "interview \(min(index + 1, questions.count))/\(questions.count)" }
    package var isActive: Bool { phase == .awaitingAnswer || phase == .followUp }

    package mutating func answer(_ text: String, scorer: AnswerScorer) throws -> Outcome {
        try requireRunning()
        guard let question = currentQuestion else { throw TransitionError.finished }
        return try answer(text, assessment: scorer.assess(text, question: question))
    }

    /// Records an answer assessed elsewhere (by a model grading against the same rubric).
    package mutating func answer(_ text: String, assessment: AnswerScorer.Assessment) throws -> Outcome {
        try requireRunning()
        guard let question = currentQuestion else { throw TransitionError.finished }
        let wasFollowUp = phase == .followUp
        answers.append(Answer(questionIndex: index, text: text, assessment: assessment, isFollowUp: wasFollowUp, skipped: false))
        if !wasFollowUp, assessment.isVague {
            phase = .followUp
            followUpQuestion = Self.followUp(for: question, missing: assessment.missing)
            return .followUp(assessment, question: followUpQuestion ?? question.text)
        }
        advance()
        return phase == .finished ? .finished(assessment) : .next(assessment, question: currentPrompt ?? "")
    }

    package mutating func skip() throws -> Outcome {
        try requireRunning()
        answers.append(Answer(questionIndex: index, text: "", assessment: nil, isFollowUp: false, skipped: true))
        advance()
        return phase == .finished
            ? .finished(nil)
            : .next(
                AnswerScorer.Assessment(scores: [:], feedback: ["Skipped."], missing: [], strongerVersion: nil, isVague: false),
                question: currentPrompt ?? "")
    }

    package mutating func hint() throws -> String {
        try requireRunning()
        guard let question = currentQuestion else { throw TransitionError.finished }
        hintsUsed += 1
        if !question.keyPoints.isEmpty {
            return "Think about: " + question.keyPoints.prefix(3).joined(separator: ", ") + "."
        }
        return question.kind == .behavioral || question.kind == .derived
            ? "Use STAR: the Situation, your Task, the Actions you took (say “I”), and the Result with a number."
            : "Define the concept, give a concrete example, and name one trade-off."
    }

    package mutating func pause() throws {
        try requireRunning()
        phase = .paused
    }

    package mutating func resume() throws -> String {
        guard phase == .paused else { throw phase == .finished ? TransitionError.finished : TransitionError.notPaused }
        phase = followUpQuestion == nil ? .awaitingAnswer : .followUp
        return currentPrompt ?? ""
    }

    package mutating func end() {
        phase = .finished
        followUpQuestion = nil
    }

    private func requireRunning() throws {
        switch phase {
        case .finished: throw TransitionError.finished
        case .paused: throw TransitionError.paused
        default: break
        }
    }

    private mutating func advance() {
        followUpQuestion = nil
        index += 1
        phase = index >= questions.count ? .finished : .awaitingAnswer
    }

    static func followUp(for question: InterviewQuestion, missing: [String]) -> String {
        if missing.contains(where: { $0.contains("Result") }) { return "What was the result, and how did you measure it?" }
        if missing.contains(where: { $0.contains("quantified") }) { return "Can you put a number on it — how much, how many, how fast?" }
        if missing.contains(where: { $0.contains("ownership") }) { return "What exactly did you do yourself, as opposed to the team?" }
        if !question.keyPoints.isEmpty {
            return "Can you go one level deeper — for example, how does \(question.keyPoints[0]) come into it?"
        }
        return "Can you give a specific example of that from your own work?"
    }
}

/// The end of an interview: scores per dimension, best and worst answers, what to practise, the trend.
package struct InterviewSummary: Sendable, Equatable {
    package var dimensionAverages: [(name: String, score: Double)]
    package var average: Double
    package var strongest: (question: String, score: Double)?
    package var weakest: (question: String, score: Double)?
    package var practise: [String]
    package var trend: String?
    package var answered: Int
    package var skipped: Int

    package static func == (lhs: InterviewSummary, rhs: InterviewSummary) -> Bool {
        lhs.average == rhs.average && lhs.practise == rhs.practise && lhs.trend == rhs.trend && lhs.answered == rhs.answered
    }

    package init(session: InterviewSession, earlierAverages: [Double]) {
        let assessed = session.answers.compactMap { answer in answer.assessment.map { (answer, $0) } }
        var sums: [String: (Int, Int)] = [:]
        for (_, assessment) in assessed {
            for (name, score) in assessment.scores {
                sums[name, default: (0, 0)].0 += score
                sums[name, default: (0, 0)].1 += 1
            }
        }
        dimensionAverages = sums.map { ($0.key, Double($0.value.0) / Double($0.value.1)) }.sorted { $0.name < $1.name }
        average = assessed.isEmpty ? 0 : assessed.map { $0.1.average }.reduce(0, +) / Double(assessed.count)
        let ranked = assessed.map { (session.questions[$0.0.questionIndex].text, $0.1.average) }.sorted { $0.1 > $1.1 }
        strongest = ranked.first.map { ($0.0, $0.1) }
        weakest = ranked.count > 1 ? ranked.last.map { ($0.0, $0.1) } : nil
        var counts: [String: Int] = [:]
        for (_, assessment) in assessed { for item in assessment.missing { counts[item, default: 0] += 1 } }
        practise = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3).map(\.key)
        if let previous = earlierAverages.last, !assessed.isEmpty {
            let delta = average - previous
            trend =
                abs(delta) < 0.1
                ? "about the same as last time (\(String(format: "%.1f", previous)))"
                : String(format: "%@ %.1f points since last time (%.1f → %.1f)", delta > 0 ? "up" : "down", abs(delta), previous, average)
        } else {
            trend = nil
        }
        answered = assessed.count
        skipped = session.answers.filter(\.skipped).count
    }
}
