import Assistant
import Foundation
import Storage

/// Runs mock interviews for the tools: loads the user's session, applies one step, persists it before
/// answering, and phrases the result. One running (or paused) interview per user.
package struct InterviewCoach: Sendable {
    let store: any InterviewStore
    let bank: QuestionBank
    let scorer: AnswerScorer
    let resumes: (any ResumeStore)?
    let jobs: any JobStore
    let taxonomy: SkillTaxonomy
    /// O*NET, for questions that fit occupations the question bank does not cover.
    let occupations: OccupationCatalogLoader?
    /// For the role to practise when the user names none: their target role, else their headline.
    let profiles: (any ProfileStore)?

    package init(
        store: any InterviewStore, bank: QuestionBank, taxonomy: SkillTaxonomy, resumes: (any ResumeStore)?, jobs: any JobStore,
        occupations: OccupationCatalogLoader? = nil, profiles: (any ProfileStore)? = nil
    ) {
        self.occupations = occupations
        self.profiles = profiles
        self.store = store
        self.bank = bank
        self.scorer = AnswerScorer(taxonomy: taxonomy)
        self.resumes = resumes
        self.jobs = jobs
        self.taxonomy = taxonomy
    }

    static let dimensionOrder = ["star", "coverage", "specificity", "relevance", "length"]

    struct StartRequest {
        var role: String?
        var seniority: String?
        var type: String
        var count: Int
        var company: String?
        var job: JobPosting?
    }

    func start(_ request: StartRequest, context: ToolContext) async throws -> ToolOutput {
        if let current = try await store.current(userID: context.userID), var session = decode(current.state) {
            if current.status == .paused {
                let prompt = try session.resume()
                try await save(current.id, session, context: context)
                return ToolOutput(
                    content: [
                        "resumed": true, "role": .string(session.role), "progress": .string(session.progress), "question": .string(prompt),
                    ],
                    mode: .interview(sessionID: String(current.id)))
            }
            return ToolOutput(
                content: [
                    "already_running": true, "role": .string(session.role), "progress": .string(session.progress),
                    "question": .string(session.currentPrompt ?? ""),
                ],
                mode: .interview(sessionID: String(current.id)))
        }
        var named = request.role ?? request.job?.title
        if named == nil { named = try await profileRole(context: context) }
        let role = named ?? "any role"
        var questions: [InterviewQuestion] = []
        if let job = request.job, let derived = try await gapQuestion(job: job, context: context) { questions.append(derived) }
        let excluded = try await store.recentQuestionIDs(userID: context.userID, sessions: 5)
        let seed = UInt64(truncatingIfNeeded: Int(context.clock.now().timeIntervalSince1970)) ^ UInt64(truncatingIfNeeded: context.userID)
        let company = request.company ?? request.job?.company
        questions += bank.select(
            role: role, type: request.type, count: request.count - questions.count, excluding: excluded, seed: seed,
            company: company, derived: await derivedQuestions(for: role))
        guard !questions.isEmpty else { throw ToolError.failed("I have no questions left for that kind of interview; try another type.") }
        let session = InterviewSession(
            role: role, seniority: request.seniority, type: request.type, company: request.company ?? request.job?.company,
            questions: questions)
        let id = try await store.create(
            userID: context.userID, role: role, type: request.type, state: encode(session), questionIDs: questions.map(\.id))
        return ToolOutput(
            content: [
                "started": true, "role": .string(role), "type": .string(request.type), "total": .number(Double(questions.count)),
                "progress": .string(session.progress), "question": .string(session.currentPrompt ?? ""),
            ],
            mode: .interview(sessionID: String(id)))
    }

    /// "start a mock interview" from a nurse means a nurse's interview.
    func profileRole(context: ToolContext) async throws -> String? {
        guard let profile = try await profiles?.profile(userID: context.userID) else { return nil }
        return profile.targetRoles.first ?? profile.headline
    }

    /// Questions from the O*NET occupation a role maps to, or nil when it maps to none.
    func derivedQuestions(for role: String) async -> (behavioural: [InterviewQuestion], technical: [InterviewQuestion])? {
        guard QuestionBank.roleTag(for: role) == "general", let catalog = try? await occupations?.catalog(),
            let mapping = catalog.map(role)
        else { return nil }
        let questions = OccupationQuestions(occupation: mapping.occupation, catalog: catalog, role: role)
        return (questions.behavioural(), questions.technical())
    }

    /// "The role needs Kubernetes; your resume doesn't show it — how would you…": from the job's skills the resume lacks.
    func gapQuestion(job: JobPosting, context: ToolContext) async throws -> InterviewQuestion? {
        guard let resume = try await resumes?.latest(userID: context.userID) else { return nil }
        let have = Set(taxonomy.extract(from: resume.text, limit: 60).map { $0.lowercased() })
        let wanted = job.skills.isEmpty ? taxonomy.extract(from: job.description) : job.skills.map(taxonomy.canonical)
        guard let missing = wanted.first(where: { !have.contains($0.lowercased()) }) else { return nil }
        return InterviewQuestion(
            id: "gap-\(missing.lowercased())",
            text:
                "The \(job.title) role at \(job.company) needs \(missing), and your resume doesn't show it. How would you get productive with \(missing) in your first months, and what have you done that comes closest?",
            kind: .derived, topic: missing)
    }

    func step(_ apply: (inout InterviewSession) throws -> InterviewSession.Outcome?, hint: Bool = false, context: ToolContext)
        async throws -> ToolOutput
    {
        guard let current = try await store.current(userID: context.userID), var session = decode(current.state) else {
            return ToolOutput(
                content: [
                    "no_interview": true, "hint": "No mock interview is running. Say \"start a mock interview for a data analyst\".",
                ],
                mode: .normal)
        }
        let outcome: InterviewSession.Outcome?
        do {
            outcome = try apply(&session)
        } catch let error as InterviewSession.TransitionError {
            return ToolOutput(content: ["not_now": .string(error.description)], mode: error == .paused ? .normal : nil)
        }
        var content: [String: JSONValue] = ["progress": .string(session.progress), "role": .string(session.role)]
        var mode: ConversationMode? = .interview(sessionID: String(current.id))
        switch outcome {
        case .next(let assessment, let question):
            content["feedback"] = Self.feedback(assessment)
            content["question"] = .string(question)
        case .followUp(let assessment, let question):
            content["feedback"] = Self.feedback(assessment)
            content["follow_up"] = .string(question)
        case .finished(let assessment):
            if let assessment { content["feedback"] = Self.feedback(assessment) }
            let summary = try await finish(current.id, session, context: context)
            // With nothing answered there is nothing to average; say so instead of "0.0/5 over 0 answers".
            if summary["answered"]?.numberValue == 0 {
                content["ended_unanswered"] = true
            } else {
                content["summary"] = summary
            }
            mode = .normal
        case nil:
            if session.phase == .paused {
                content["paused"] = true
                mode = .normal
            } else {
                content["question"] = .string(session.currentPrompt ?? "")
            }
        }
        if session.phase != .finished { try await save(current.id, session, context: context) }
        return ToolOutput(content: .object(content), mode: mode)
    }

    /// The question the user is answering now, if an interview is running.
    func currentQuestion(context: ToolContext) async throws -> InterviewQuestion? {
        guard let current = try await store.current(userID: context.userID), current.status == .active else { return nil }
        return decode(current.state)?.currentQuestion
    }

    func end(context: ToolContext) async throws -> ToolOutput {
        try await step(
            { session in
                session.end()
                return .finished(nil)
            }, context: context)
    }

    /// Persists the ended session with its score, keeps strong answers as stories, and summarises.
    func finish(_ id: Int64, _ session: InterviewSession, context: ToolContext) async throws -> JSONValue {
        var ended = session
        ended.end()
        let earlier = try await store.list(userID: context.userID).filter { $0.id != id && $0.status == .ended }.compactMap(\.score)
            .reversed()
        let summary = InterviewSummary(session: ended, earlierAverages: Array(earlier))
        try await store.update(
            id: id, userID: context.userID, status: .ended, state: encode(ended), score: summary.answered > 0 ? summary.average : nil)
        // A story worth reusing is complete and specific, whichever question it answered.
        for answer in ended.answers where Self.isStory(answer.assessment) {
            try await store.addStory(
                userID: context.userID, question: ended.questions[answer.questionIndex].text, answer: answer.text,
                score: answer.assessment?.average ?? 0)
        }
        var fields: [String: JSONValue] = [
            "answered": .number(Double(summary.answered)), "skipped": .number(Double(summary.skipped)),
            "answers_text": .string(summary.answered == 1 ? "1 answer" : "\(summary.answered) answers"),
            "average": .string(String(format: "%.1f", summary.average)),
            "dimensions": .string(summary.dimensionAverages.map { String(format: "%@ %.1f", $0.name, $0.score) }.joined(separator: " · ")),
            "practise": .array(summary.practise.enumerated().map { .string("\($0.offset + 1). \($0.element)") }),
        ]
        if let strongest = summary.strongest {
            fields["strongest"] = .string(
                String(format: "“%@” (%.1f)", SentenceSplitter.shorten(strongest.question, to: 80), strongest.score))
        }
        if let weakest = summary.weakest {
            fields["weakest"] = .string(String(format: "“%@” (%.1f)", SentenceSplitter.shorten(weakest.question, to: 80), weakest.score))
        }
        if let trend = summary.trend { fields["trend"] = .string(trend) }
        return .object(fields)
    }

    static func isStory(_ assessment: AnswerScorer.Assessment?) -> Bool {
        guard let scores = assessment?.scores, let specificity = scores["specificity"] else { return false }
        return (scores["star"] ?? scores["coverage"] ?? 0) >= 4 && specificity >= 4
    }

    static func feedback(_ assessment: AnswerScorer.Assessment) -> JSONValue {
        let scores = dimensionOrder.compactMap { name in assessment.scores[name].map { "\(name == "star" ? "STAR" : name) \($0)/5" } }
        var fields: [String: JSONValue] = [
            "scores": .string(scores.joined(separator: " · ")), "notes": .array(assessment.feedback.map(JSONValue.string)),
        ]
        if let stronger = assessment.strongerVersion { fields["stronger"] = .string(stronger) }
        return .object(fields)
    }

    private func save(_ id: Int64, _ session: InterviewSession, context: ToolContext) async throws {
        try await store.update(
            id: id, userID: context.userID, status: session.phase == .paused ? .paused : .active, state: encode(session), score: nil)
    }

    func encode(_ session: InterviewSession) throws -> String {
        String(decoding: try JSONEncoder().encode(session), as: UTF8.self)
    }

    func decode(_ state: String) -> InterviewSession? {
        try? JSONDecoder().decode(InterviewSession.self, from: Data(state.utf8))
    }
}
