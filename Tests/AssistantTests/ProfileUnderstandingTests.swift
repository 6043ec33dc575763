import Assistant
import Foundation
import Testing

/// The defects a new user met, each pinned as the arguments the offline model now produces.
@Suite("Profile understanding")
struct ProfileUnderstandingTests {
    func route(_ text: String, interview: Bool = false) async throws -> RouteDecision {
        let model = try #require(await LocalResources.model())
        let state = interview ? ConversationState(mode: .interview(sessionID: "s")) : ConversationState()
        return model.router.route(text, state: state)
    }

    @Test("a number is never a skill, and every listed technology is kept")
    func dataEngineer() async throws {
        let decision = try await route("I'm a data engineer with 4 years in the field; I know Python, Spark, Airflow and dbt.")
        #expect(decision.tool == "update_profile")
        #expect(decision.arguments["headline"] == "Data Engineer")
        #expect(decision.arguments["years_experience"] == 4)
        let skills = decision.arguments["add_skills"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(skills == ["Python", "Spark", "Airflow", "dbt"])
    }

    @Test("certifications and tools of occupations outside software")
    func otherOccupations() async throws {
        let accountant = try await route("I work as an accountant and I'm a CPA; I use QuickBooks and Excel every day.")
        #expect(accountant.arguments["headline"] == "Accountant")
        #expect(accountant.arguments["add_certifications"] == ["CPA"])
        #expect(accountant.arguments["add_skills"]?.arrayValue?.count == 2)
        let driver = try await route("I'm a truck driver with a Class A CDL and a hazmat endorsement")
        #expect(driver.arguments["add_certifications"]?.arrayValue?.count == 2)
        let warehouse = try await route("I can drive a forklift and a pallet jack")
        #expect(warehouse.arguments["add_skills"]?.arrayValue?.count == 2)
    }

    @Test("what a person does names their role when no title is said; other verbs name none")
    func activities() async throws {
        let driver = try await route("I drive trucks")
        #expect(driver.tool == "update_profile")
        #expect(driver.arguments["headline"] == "Truck Driver")
        #expect(try await route("I manage projects").arguments["headline"] == "Project Manager")
        #expect(try await route("I currently teach at a middle school").arguments["headline"] == "Teacher")
        let combined = try await route("I drive trucks and have a CDL class A")
        #expect(combined.arguments["headline"] == "Truck Driver")
        #expect(combined.arguments["add_certifications"]?.arrayValue?.isEmpty == false)
        // A title said outright wins, and verbs that are not a job name none.
        #expect(try await route("I'm a nurse and I drive to work").arguments["headline"] == "Nurse")
        #expect(try await route("I use Excel and I write code").arguments["headline"] == nil)
        #expect(try await route("I speak Spanish").arguments["headline"] == nil)
    }

    @Test("a preference with \"or\" is saved, not searched, and keeps both places")
    func preferences() async throws {
        let decision = try await route("I'd like something in Chicago or remote, at least 80k a year")
        #expect(decision.tool == "update_profile")
        #expect(decision.arguments["add_locations"] == ["Chicago"])
        #expect(decision.arguments["remote_preference"] == "any")
        #expect(decision.arguments["salary_floor"] == 80_000)
        #expect(decision.arguments["years_experience"] == nil, "\"a year\" is the salary's period")
        let two = try await route("I want to work in London or Paris")
        #expect(two.arguments["add_locations"] == ["London", "Paris"])
    }

    @Test("corrections: moves replace places, removals remove, negations flip the arrangement")
    func corrections() async throws {
        #expect(try await route("actually I moved to Munich").arguments["set_locations"] == ["Munich"])
        #expect(try await route("remove Java").arguments["remove_skills"] == ["Java"])
        #expect(try await route("drop Rust and Haskell from my skills").arguments["remove_skills"]?.arrayValue?.count == 2)
        #expect(try await route("not remote any more").arguments["remote_preference"] == "onsite")
        #expect(try await route("I'm not interested in London anymore").arguments["remove_locations"] == ["London"])
        // A contradiction sets no arrangement (seen as a warehouse worker: remote was saved).
        #expect(try await route("I'm remote only, in the warehouse every day").arguments["remote_preference"] == nil)
        #expect(try await route("remote only please").arguments["remote_preference"] == "remote")
    }

    @Test("languages, visa sponsorship, seniority and pay periods")
    func otherFacts() async throws {
        #expect(try await route("I speak Spanish and Tagalog").arguments["add_languages"] == ["Spanish", "Tagalog"])
        #expect(try await route("I need visa sponsorship").arguments["needs_visa_sponsorship"] == true)
        #expect(try await route("I don't need sponsorship, I'm a citizen").arguments["needs_visa_sponsorship"] == false)
        #expect(try await route("I'm a senior product designer").arguments["seniority"] == "senior")
        let hourly = try await route("I need at least $25 an hour")
        #expect(hourly.arguments["salary_floor"] == 25)
        #expect(hourly.arguments["salary_period"] == "hour")
    }

    @Test("bad input never becomes a profile change", arguments: ["", "!!!???", "😀😀😀", String(repeating: "a ", count: 32_768)])
    func badInput(_ text: String) async throws {
        let decision = try await route(text)
        #expect(decision.tool != "update_profile" || decision.arguments != [:])
    }

    @Test("held-out profile statements: slot F1 of at least 0.95")
    func heldOutSlots() async throws {
        let model = try #require(await LocalResources.model())
        let url = LocalResources.root.appendingPathComponent("Tests/AssistantTests/Fixtures/heldout_profile.jsonl")
        let examples = try UnderstandingEvaluation.profileExamples(String(contentsOf: url, encoding: .utf8))
        let report = UnderstandingEvaluation(router: model.router).profileSlots(examples)
        print(
            String(
                format: "held-out profile slots: precision %.3f recall %.3f F1 %.3f over %d statements", report.precision, report.recall,
                report.f1, examples.count))
        #expect(examples.count >= 150)
        #expect(report.f1 >= 0.95, "\(report.errors.prefix(10).joined(separator: "\n"))")
        let resources = try #require(await LocalResources.resources())
        let training = Set(resources.slotExamples.map { $0.text.lowercased() })
        #expect(examples.filter { training.contains($0.text.lowercased()) }.isEmpty, "held-out statements are never trained on")
    }

    @Test("the second held-out set, written after the model was done: intents and profile slots at least 0.9")
    func secondHeldOut() async throws {
        let model = try #require(await LocalResources.model())
        let fixtures = LocalResources.root.appendingPathComponent("Tests/AssistantTests/Fixtures")
        let evaluation = UnderstandingEvaluation(router: model.router)
        let intents = evaluation.intents(
            UnderstandingEvaluation.intentExamples(
                try String(contentsOf: fixtures.appendingPathComponent("heldout_intents_b.tsv"), encoding: .utf8)))
        let slots = evaluation.profileSlots(
            try UnderstandingEvaluation.profileExamples(
                String(contentsOf: fixtures.appendingPathComponent("heldout_profile_b.jsonl"), encoding: .utf8)))
        print(String(format: "second held-out set: intents %.1f%%, profile slot F1 %.3f", intents.accuracy * 100, slots.f1))
        #expect(intents.accuracy >= 0.9, "\(intents.misses)")
        #expect(slots.f1 >= 0.9, "\(slots.errors)")
    }
}

@Suite("Routing in context")
struct RoutingInContextTests {
    func model() async throws -> LocalChatModel { try #require(await LocalResources.model()) }
    let interview = ConversationState(mode: .interview(sessionID: "s"))

    @Test("during an interview a request pauses it and runs; an answer is scored")
    func requestsPause() async throws {
        let router = try await model().router
        let letter = router.route("write a cover letter for the first job", state: interview)
        #expect(letter.tool == "write_cover_letter")
        #expect(letter.pausesInterview)
        let save = router.route("save the first job for later", state: interview)
        #expect(save.tool == "track_application" && save.pausesInterview)
        let answer = router.route(
            "I reconciled the ledger by matching every invoice to a bank line and found two duplicates", state: interview)
        #expect(answer.tool == "answer_interview" && !answer.pausesInterview)
    }

    @Test("starting or continuing an interview while one runs repeats its question instead of ending it")
    func continuing() async throws {
        let router = try await model().router
        for text in ["let's do a practice interview", "continue my mock interview"] {
            let decision = router.route(text, state: interview)
            #expect(decision.tool == "answer_interview")
            #expect(decision.arguments == ["command": "repeat"])
        }
    }

    @Test("the paused call comes first, so the interview is saved before the request runs")
    func twoCalls() async throws {
        let model = try await model()
        let request = ChatRequest(
            messages: [.user("show my profile")],
            tools: [
                ToolSchema(name: "answer_interview", description: "", parameters: [:]),
                ToolSchema(name: "get_profile", description: "", parameters: [:]),
            ], state: interview)
        var names: [String] = []
        for try await event in model.stream(request) {
            if case .toolCallDelta(_, _, let name?, _) = event { names.append(name) }
        }
        #expect(names == ["answer_interview", "get_profile"])
    }

    @Test("past questions are answered from storage; out-of-scope questions get no tool")
    func pastAndOutOfScope() async throws {
        let router = try await model().router
        #expect(router.route("how did my last interview go?").tool == "interview_history")
        #expect(router.route("which jobs did I save?").tool == "list_applications")
        #expect(router.route("tell me a joke").tool == nil)
        #expect(router.route("tell me a joke").intent == "out_of_scope")
    }
}
