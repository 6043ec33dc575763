import Testing

@testable import Assistant

@Suite("Messages that state facts and ask for something")
struct CompoundMessageTests {
    @Test("a cut falls where a request or a statement starts after a break, never inside one request")
    func splits() {
        let cuts = CompoundMessage.splits("I drive trucks and have a CDL class A, find trucking jobs")
        #expect(cuts.map(\.head) == ["I drive trucks and have a CDL class A"])
        #expect(cuts.map(\.tail) == ["find trucking jobs"])
        #expect(CompoundMessage.splits("I'm a nurse in Chicago. Can you recommend jobs?").map(\.tail) == ["Can you recommend jobs?"])
        #expect(CompoundMessage.splits("find trucking jobs, I have a CDL").map(\.tail) == ["I have a CDL"])
        #expect(CompoundMessage.splits("I know Python and SQL so please review my resume").map(\.tail) == ["review my resume"])
        #expect(CompoundMessage.splits("I want to find a job as a nurse").isEmpty)
        #expect(CompoundMessage.splits("find jobs, please").isEmpty, "one word is not a request")
        #expect(CompoundMessage.splits("").isEmpty)
    }

    @Test("the profile update runs first, then the request; single requests and statements are unchanged")
    func routing() async throws {
        let model = try #require(await LocalResources.model())
        let both = model.router.route("I drive trucks and have a CDL class A, find trucking jobs")
        #expect(both.tool == "search_jobs")
        #expect(both.arguments["query"]?.stringValue == "trucking")
        #expect(both.preceding.map(\.tool) == ["update_profile"])
        #expect(both.preceding.first?.arguments["add_certifications"]?.arrayValue?.compactMap(\.stringValue) == ["CDL"])

        let reversed = model.router.route("recommend jobs for me. I'm a registered nurse in Chicago")
        #expect(reversed.tool == "recommend_jobs")
        #expect(reversed.preceding.first?.arguments["headline"]?.stringValue == "Registered Nurse")

        #expect(model.router.route("I want to find a job as a nurse").preceding.isEmpty)
        #expect(
            model.router.route("find nurse jobs in Chicago, and show me remote ones too").preceding.isEmpty,
            "two requests are not a statement and a request")
        #expect(model.router.route("I have a CPA and use QuickBooks every day").preceding.isEmpty)
    }

    @Test("the offline model calls update_profile before the request it came with")
    func calls() async throws {
        let model = try #require(await LocalResources.model())
        let tools = ["update_profile", "search_jobs"].map { ToolSchema(name: $0, description: "", parameters: [:]) }
        let request = ChatRequest(messages: [ChatMessage(role: .user, content: "I have a CDL class A, find trucking jobs")], tools: tools)
        guard case .toolCalls(let calls) = model.respond(to: request) else {
            Issue.record("expected tool calls")
            return
        }
        #expect(calls.map(\.name) == ["update_profile", "search_jobs"])
        #expect(Set(calls.map(\.id)).count == 2, "each call has its own id")
    }
}
