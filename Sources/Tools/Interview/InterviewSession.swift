import Foundation

/// A mock interview as a value: questions, where the user is, every answer and its assessment.
/// Each command returns what to say next or throws for a transition that is not allowed; the caller persists
/// the value after every step, so a restart continues at the same question.
public struct InterviewSession: Sendable, Equatable, Codable {
    public enum Phase: String, Sendable, Codable {
        case awaitingAnswer, followUp, paused, finished
    }

    public struct Answer: Sendable, Equatable, Codable {
        public var questionIndex: Int
        public var text: String
        public var assessment: AnswerScorer.Assessment?
        public var isFollowUp: Bool
        public var skipped: Bool
    }

    public enum Outcome: Sendable, Equatable {
        /// Feedback on the answer, then the next question.
        case next(AnswerScorer.Assessment, question: String)
        /// The answer was vague: feedback, then a follow-up on the same question.
        case followUp(AnswerScorer.Assessment, question: String)
        case finished(AnswerScorer.Assessment?)
    }

    public enum TransitionError: Error, Equatable, CustomStringConvertible {
        case finished, paused, notPaused

        public var description: String {
            switch self {
            case .finished: return "this interview has ended; start a new one with \"start a mock interview\""
            case .paused: return "the interview is paused; say \"resume the interview\" to continue"
            case .notPaused: return "the interview is not paused"
            }
        }
    }

    public var role: String
    public var seniority: String?
    public var type: String
    public var company: String?
    public private(set) var questions: [InterviewQuestion]
    public private(set) var index = 0
    public private(set) var phase = Phase.awaitingAnswer
    public private(set) var followUpQuestion: String?
    public private(set) var answers: [Answer] = []
    public private(set) var hintsUsed = 0

    public init(role: String, seniority: String?, type: String, company: String?, questions: [InterviewQuestion]) {
        self.role = role
        self.seniority = seniority
        self.type = type
        self.company = company
        self.questions = questions
        if questions.isEmpty { phase = .finished }
    }

    public var currentQuestion: InterviewQuestion? { questions.indices.contains(index) ? questions[index] : nil }
    public var currentPrompt: String? { phase == .followUp ? followUpQuestion : currentQuestion?.text }
    public var progress: String { "interview \(min(index + 1, questions.count))/\(questions.count)" }
    public var isActive: Bool { phase == .awaitingAnswer || phase == .followUp }

    public mutating func answer(_ text: String, scorer: AnswerScorer) throws -> Outcome {
        try requireRunning()
        guard let question = currentQuestion else { throw TransitionError.finished }
        return try answer(text, assessment: scorer.assess(text, question: question))
    }

    /// Records an answer assessed elsewhere (by a model grading against the same rubric).
    public mutating func answer(_ text: String, assessment: AnswerScorer.Assessment) throws -> Outcome {
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

    public mutating func skip() throws -> Outcome {
        try requireRunning()
        answers.append(Answer(questionIndex: index, text: "", assessment: nil, isFollowUp: false, skipped: true))
        advance()
        return phase == .finished
            ? .finished(nil)
            : .next(
                AnswerScorer.Assessment(scores: [:], feedback: ["Skipped."], missing: [], strongerVersion: nil, isVague: false),
                question: currentPrompt ?? "")
    }

    public mutating func hint() throws -> String {
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

    public mutating func pause() throws {
        try requireRunning()
        phase = .paused
    }

    public mutating func resume() throws -> String {
        guard phase == .paused else { throw phase == .finished ? TransitionError.finished : TransitionError.notPaused }
        phase = followUpQuestion == nil ? .awaitingAnswer : .followUp
        return currentPrompt ?? ""
    }

    public mutating func end() {
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
public struct InterviewSummary: Sendable, Equatable {
    public var dimensionAverages: [(name: String, score: Double)]
    public var average: Double
    public var strongest: (question: String, score: Double)?
    public var weakest: (question: String, score: Double)?
    public var practise: [String]
    public var trend: String?
    public var answered: Int
    public var skipped: Int

    public static func == (lhs: InterviewSummary, rhs: InterviewSummary) -> Bool {
        lhs.average == rhs.average && lhs.practise == rhs.practise && lhs.trend == rhs.trend && lhs.answered == rhs.answered
    }

    public init(session: InterviewSession, earlierAverages: [Double]) {
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
