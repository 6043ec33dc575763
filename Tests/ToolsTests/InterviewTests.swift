import Assistant
import Foundation
import SQLiteStorage
import Storage
import Testing

@testable import Tools

@Suite("Mock interviews")
struct InterviewTests {
    static let good = """
        At my last job our release process was failing every week and customers noticed. My task was to make releases reliable. \
        I rebuilt the pipeline in Jenkins, added integration tests to every merge, and I trained two engineers to own it. \
        As a result failed releases dropped by 80% within 2 months and we shipped weekly again.
        """
    static let vague = "We worked hard as a team and things got better eventually."

    func scorer() async throws -> AnswerScorer { AnswerScorer(taxonomy: try #require(await JobsFixtures.taxonomy())) }

    let behavioral = InterviewQuestion(id: "b1", text: "Tell me about a time you fixed a failing process.", kind: .behavioral)
    let technical = InterviewQuestion(
        id: "q0340", text: "What is the bias-variance trade-off?", kind: .technical,
        keyPoints: ["bias", "variance", "underfitting", "overfitting"])

    @Test("a complete STAR answer with numbers outscores a vague one, and the feedback names what is missing")
    func scoring() async throws {
        let strong = try await scorer().assess(Self.good, question: behavioral)
        let weak = try await scorer().assess(Self.vague, question: behavioral)

        #expect(strong.average > weak.average + 1.5)
        #expect(strong.scores["star"] == 5)
        #expect(weak.isVague && !strong.isVague)
        #expect(weak.feedback.contains { $0.contains("missing Situation, Task, Action, Result") })
        #expect(weak.feedback.contains { $0.contains("“We worked hard as”") }, "quotes the answer's own words")
        #expect(weak.missing.contains("quantified results"))
        let stronger = try #require(strong.strongerVersion)
        #expect(stronger.contains("Result: As a result failed releases dropped by 80% within 2 months"))
        #expect(FabricationCheck.unsupported(in: stronger, sources: [Self.good]).isEmpty, "built only from the answer")
    }

    @Test("a complete story in the trade's own words is not told it drifts; an off-topic one is; figures are quoted once")
    func relevanceInOtherWords() async throws {
        let question = InterviewQuestion(
            id: "onet-task-13-2011.00-1",
            text:
                "Give me an example of a time you had to review accounts for discrepancies and reconcile differences. How did you approach it?",
            kind: .behavioral)
        // Seen in a trial as an accountant: relevance 1/5 and "It drifts from the question".
        let story = try await scorer().assess(
            "At my last firm the bank rec for a client was off by 12,400 dollars at year end. I pulled the GL detail, matched "
                + "deposits in transit, and found a duplicated wire of 12,400 posted twice. We reversed it and the books closed on time.",
            question: question)
        #expect(story.scores["relevance"] ?? 0 >= 3)
        #expect(!story.feedback.contains { $0.contains("drifts") })
        #expect(story.feedback.contains { $0.contains("concrete figures (“12,400”)") })
        let reconciled = try await scorer().assess(
            "I reconciled the accounts every month and traced each discrepancy to its source.", question: question)
        #expect(reconciled.scores["relevance"] ?? 0 >= 3, "\"reconciled\" answers \"reconcile\"")
        let offTopic = try await scorer().assess("I like working with people and I am a hard worker who learns fast.", question: question)
        #expect(offTopic.feedback.contains { $0.contains("drifts") })
        #expect(offTopic.scores["relevance"] == 1)
    }

    @Test("technical answers are scored on the key points they cover")
    func keyPoints() async throws {
        let partial = try await scorer().assess(
            "High bias means underfitting; you trade it against variance when choosing model complexity.", question: technical)
        #expect(partial.scores["coverage"] == 4)
        #expect(partial.feedback.contains { $0.contains("not mentioned: overfitting") })
    }

    @Test("the state machine: vague answers get one follow-up, skip/hint/pause/resume/end, and invalid steps are refused")
    func transitions() async throws {
        let scorer = try await self.scorer()
        var session = InterviewSession(role: "x", seniority: nil, type: "mixed", company: nil, questions: [behavioral, technical])
        #expect(session.progress == "interview 1/2")

        guard case .followUp = try session.answer(Self.vague, scorer: scorer) else {
            Issue.record("expected a follow-up")
            return
        }
        #expect(session.phase == .followUp)
        guard case .next(_, let next) = try session.answer(Self.vague, scorer: scorer) else {
            Issue.record("one follow-up only")
            return
        }
        #expect(next == technical.text)
        #expect(try session.hint().contains("bias"))
        try session.pause()
        #expect(throws: InterviewSession.TransitionError.paused) { try session.answer("x", scorer: scorer) }
        #expect(try session.resume() == technical.text)
        #expect(throws: InterviewSession.TransitionError.notPaused) { try session.resume() }
        guard case .finished = try session.skip() else {
            Issue.record("last question ends it")
            return
        }
        #expect(throws: InterviewSession.TransitionError.finished) { try session.answer("late", scorer: scorer) }
        #expect(throws: InterviewSession.TransitionError.finished) { try session.skip() }
        #expect(session.answers.map(\.skipped) == [false, false, true])
        #expect(InterviewSession(role: "x", seniority: nil, type: "t", company: nil, questions: []).phase == .finished)
    }

    struct Setup {
        let database: AppDatabase
        let folder: URL
        let userID: Int64
    }

    func setup() async throws -> Setup {
        let (database, folder) = try JobsFixtures.database()
        let user = try await SQLiteUserStore(database: database).user(named: "iv")
        return Setup(database: database, folder: folder, userID: user.id)
    }

    /// A fresh registry over the same database, as after a restart.
    func registry(_ setup: Setup) async throws -> ToolRegistry {
        let services = try await JobsFixtures.services(setup.database)
        return ToolCatalog.standard(services)
    }

    func call(_ registry: ToolRegistry, _ name: String, _ arguments: String, _ setup: Setup) async -> ToolOutput {
        await registry.run(ToolCall(id: "i", name: name, arguments: arguments), context: JobsFixtures.context(userID: setup.userID)).output
    }

    @Test("a session survives a restart at the same question, ends with a summary, and never repeats questions")
    func persistenceAndRepeats() async throws {
        let setup = try await setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let started = await call(
            try await registry(setup), "start_mock_interview", #"{"interview_type":"behavioral","num_questions":3}"#, setup)
        #expect(started.mode == .interview(sessionID: "1"))
        let first = try #require(started.content["question"]?.stringValue)
        let afterOne = await call(
            try await registry(setup), "answer_interview", #"{"answer":\#(JSONValue.string(Self.good).jsonText)}"#, setup)
        let second = try #require(afterOne.content["question"]?.stringValue)

        let restarted = await call(try await registry(setup), "start_mock_interview", "{}", setup)
        #expect(restarted.content["already_running"] == true)
        #expect(restarted.content["question"]?.stringValue == second)
        #expect(restarted.content["progress"] == "interview 2/3")

        let ended = await call(try await registry(setup), "end_interview", "{}", setup)
        #expect(ended.mode == .normal)
        #expect(ended.content["summary"]?["answered"] == 1)
        #expect(ended.content["summary"]?["practise"] != nil)

        let next = await call(
            try await registry(setup), "start_mock_interview", #"{"interview_type":"behavioral","num_questions":3}"#, setup)
        let asked = try await SQLiteInterviewStore(database: setup.database).list(userID: setup.userID)
        #expect(asked.count == 2)
        #expect(next.content["question"]?.stringValue != first)
        let ids = try await SQLiteInterviewStore(database: setup.database).recentQuestionIDs(userID: setup.userID, sessions: 5)
        #expect(ids.count == 6, "two sessions of three, no question twice")
    }

    @Test("strong answers enter the story bank, the trend compares sessions, and prep offers stories and questions to ask")
    func storiesTrendAndPrep() async throws {
        let setup = try await setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let registry = try await registry(setup)
        let answer = #"{"answer":\#(JSONValue.string(Self.good).jsonText)}"#
        for _ in 0..<2 {
            _ = await call(registry, "start_mock_interview", #"{"interview_type":"behavioral","num_questions":1}"#, setup)
            _ = await call(registry, "answer_interview", answer, setup)
        }
        let stories = try await SQLiteInterviewStore(database: setup.database).stories(userID: setup.userID)
        #expect(stories.count == 2)

        _ = await call(registry, "start_mock_interview", #"{"interview_type":"behavioral","num_questions":1}"#, setup)
        let last = await call(registry, "answer_interview", #"{"answer":\#(JSONValue.string(Self.vague).jsonText)}"#, setup)
        let finished = await call(registry, "answer_interview", #"{"answer":\#(JSONValue.string(Self.vague).jsonText)}"#, setup)
        #expect(last.content["follow_up"] != nil)
        #expect(finished.content["summary"]?["trend"]?.stringValue?.hasPrefix("down") == true)

        let prep = await call(registry, "interview_prep", #"{"role":"software engineer"}"#, setup)
        #expect(prep.content["likely_questions"]?.arrayValue?.count == 5)
        #expect(prep.content["stories"]?.arrayValue?.first?.stringValue?.contains("release process") == true)
        #expect(prep.content["ask_them"]?.arrayValue?.count == 3)
    }

    @Test("answers with no interview running, bad commands and bad counts get clear messages")
    func badInput() async throws {
        let setup = try await setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let registry = try await registry(setup)
        #expect(await call(registry, "answer_interview", #"{"answer":"hello"}"#, setup).content["no_interview"] == true)
        let bad = await registry.run(
            ToolCall(id: "b", name: "start_mock_interview", arguments: #"{"num_questions":99}"#),
            context: JobsFixtures.context(userID: setup.userID))
        #expect(bad.failed)
        _ = await call(registry, "start_mock_interview", "{}", setup)
        let unknown = await registry.run(
            ToolCall(id: "c", name: "answer_interview", arguments: #"{"command":"dance"}"#),
            context: JobsFixtures.context(userID: setup.userID))
        #expect(unknown.failed)
        let empty = await registry.run(
            ToolCall(id: "d", name: "answer_interview", arguments: "{}"), context: JobsFixtures.context(userID: setup.userID))
        #expect(empty.failed)
        #expect(empty.output.content["error"]?.stringValue?.contains("give the answer") == true)
    }
}

@Suite("Mock interviews with a model and from a job")
struct InterviewModelAndJobTests {
    @Test("a model grades against the rubric: its scores are kept, clamped, and its comment is added; garbage keeps the rules")
    func modelGrading() async throws {
        let scorer = AnswerScorer(taxonomy: try #require(await JobsFixtures.taxonomy()))
        let question = InterviewQuestion(id: "b", text: "Tell me about a failing process you fixed.", kind: .behavioral)
        let rules = scorer.assess(InterviewTests.good, question: question)
        let model = ScriptedModelWriter(reply: "star: 4\nspecificity: 9\nrelevance: 3 points\ncomment: Lead with the 80% drop.")

        let graded = await RubricGrader.grade(InterviewTests.good, question: question, rules: rules, writer: model)
        #expect(graded.scores["star"] == 4)
        #expect(graded.scores["specificity"] == 5)
        #expect(graded.scores["relevance"] == 3)
        #expect(graded.scores["length"] == rules.scores["length"])
        #expect(graded.feedback.last == "Coach: Lead with the 80% drop.")
        #expect(graded.strongerVersion == rules.strongerVersion)

        let ignored = await RubricGrader.grade(
            InterviewTests.good, question: question, rules: rules, writer: ScriptedModelWriter(reply: "Great answer!"))
        #expect(ignored == rules)
    }

    @Test("an interview for a job opens with a question on the job's skill the resume lacks")
    func gapQuestion() async throws {
        let (database, folder) = try JobsFixtures.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let jobs = SQLiteJobStore(database: database)
        _ = try await jobs.upsert([
            JobsFixtures.posting("Platform Engineer", company: "Keystone", skills: ["Kubernetes", "Go"], description: "Run Kubernetes")
        ])
        let user = try await SQLiteUserStore(database: database).user(named: "g")
        let resumes = SQLiteResumeStore(database: database)
        _ = try await resumes.save(userID: user.id, filename: "cv.md", text: "- Built Go services handling 2 million requests a day")
        let services = try await JobsFixtures.services(database)
        let registry = ToolCatalog.standard(services)
        let hit = try #require(try await jobs.search(JobQuery(limit: 1)).first)
        let context = JobsFixtures.context(
            userID: user.id,
            state: ConversationState(lastResults: [ResultReference(kind: "job", id: String(hit.posting.id), title: "Platform Engineer")]))

        let started = await registry.run(
            ToolCall(id: "s", name: "start_mock_interview", arguments: #"{"job_ref":1,"num_questions":3}"#), context: context
        ).output

        let question = try #require(started.content["question"]?.stringValue)
        #expect(question.hasPrefix("The Platform Engineer role at Keystone needs Kubernetes, and your resume doesn't show it."))
        #expect(started.content["total"] == 3)
    }
}

/// A writer that answers every request with the same text.
struct ScriptedModelWriter: TextWriter {
    let reply: String
    func write(instructions: String, material: String) async throws -> String { reply }
}

@Suite("STAR parts and occupation questions")
struct StarAndOccupationTests {
    @Test("labelled answers are read by their labels, decimals intact, with no doubled label")
    func labelled() {
        let answer =
            "Situation: our dashboards were slow. Task: I had to make them fast. Action: I added a cache. Result: p99 fell from 2.4 s to 180 ms."
        let parts = StarParts(answer)
        #expect(parts.missing.isEmpty)
        #expect(parts.parts["Result"] == ["p99 fell from 2.4 s to 180 ms"])
        let stronger = AnswerScorer.restructure(answer) ?? ""
        #expect(stronger.contains("Result: p99 fell from 2.4 s to 180 ms."))
        #expect(!stronger.contains("Result: Result:"))
    }

    @Test("unlabelled answers are sorted by their cue words; a \"we\" with no part of one's own is no Action")
    func unlabelled() {
        let parts = StarParts(
            "Last year our warehouse kept missing deadlines. I had to fix picking. I reorganised the aisles by demand. As a result on-time shipping rose from 82% to 97%."
        )
        #expect(parts.missing.isEmpty)
        #expect(StarParts("We worked hard as a team and things got better eventually.").found.isEmpty)
        // Seen over the web chat as a nurse: the opening scene (with "dropped") was taken for the Result and the
        // outcome ("stabilized … went home") for the Situation, and the stronger version told the story backwards.
        let nurse = StarParts(
            "We had a post-op patient whose pressure dropped to 82/50 at 3am. I rechecked vitals, called the rapid "
                + "response team, started fluids per protocol and stayed with him. He stabilized within 20 minutes and went home two days later."
        )
        #expect(nurse.parts["Situation"]?.first?.hasPrefix("We had a post-op patient") == true)
        #expect(nurse.parts["Action"]?.first?.hasPrefix("I rechecked vitals") == true)
        #expect(nurse.parts["Result"] == ["He stabilized within 20 minutes and went home two days later."])
    }

    @Test("an accountant is asked about accounting tasks and tools, never about bugs or one company's motto")
    func accountantQuestions() async throws {
        let catalog = try await OccupationCatalogLoader(dataDirectory: JobsFixtures.data).catalog()
        let mapping = try #require(catalog.map("Accountant"))
        let questions = OccupationQuestions(occupation: mapping.occupation, catalog: catalog, role: "Accountant")
        let behavioural = questions.behavioural()
        #expect(behavioural.count >= 5)
        #expect(behavioural.allSatisfy { $0.text.hasSuffix("?") && !$0.text.contains("..") })
        #expect(questions.technical().contains { $0.text.contains("as an accountant") })
        let bank = try QuestionBank.load(dataDirectory: JobsFixtures.data)
        let chosen = bank.select(
            role: "Accountant", type: "mixed", count: 6, excluding: [], seed: 7,
            derived: (behavioural, questions.technical()))
        #expect(chosen.count == 6)
        #expect(!chosen.contains { $0.text.lowercased().contains("bug") || $0.text.contains("belong anywhere") })
        #expect(chosen.contains { $0.id.hasPrefix("onet-task") })
        let airbnb = bank.select(role: "iOS Engineer", type: "behavioral", count: 6, excluding: [], seed: 7, company: "Airbnb")
        #expect(airbnb.contains { $0.text.contains("belong anywhere") })
        let anyCompany = bank.select(role: "iOS Engineer", type: "behavioral", count: 40, excluding: [], seed: 7)
        #expect(!anyCompany.contains { $0.text.contains("belong anywhere") })
    }
}
