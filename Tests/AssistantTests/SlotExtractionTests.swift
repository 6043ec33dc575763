import Assistant
import Testing

@Suite("Offline slot extraction")
struct SlotExtractionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var tool: String
        var arguments: JSONValue
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(
            text: "find me senior python developer jobs in berlin paying at least 120k", tool: "search_jobs",
            arguments: ["query": "Python Developer", "location": "Berlin", "seniority": "senior", "salary_min": 120_000]),
        Case(
            text: "search remote ux designer roles posted this week", tool: "search_jobs",
            arguments: ["query": "UX Designer", "remote": true, "posted_within_days": 7]),
        Case(
            text: "any data engineer jobs at Spotify in Stockholm?", tool: "search_jobs",
            arguments: ["query": "Data Engineer", "company": "Spotify", "location": "Stockholm"]),
        Case(
            text: "find nursing jobs in NYC over $90,000", tool: "search_jobs",
            arguments: ["query": "nursing", "location": "New York City", "salary_min": 90_000, "salary_currency": "USD"]),
        Case(
            text: "add Rust, Go and k8s to my skills", tool: "update_profile",
            arguments: ["add_skills": ["Rust", "Go", "Kubernetes"]]),
        Case(text: "remove java from my skills", tool: "update_profile", arguments: ["remove_skills": ["Java"]]),
        Case(
            text: "I'm looking for remote roles paying at least 120k", tool: "update_profile",
            arguments: ["remote_preference": "remote", "salary_floor": 120_000]),
        Case(text: "my name is ada lovelace", tool: "update_profile", arguments: ["name": "Ada Lovelace"]),
        Case(text: "i have 6 years of experience", tool: "update_profile", arguments: ["years_experience": 6]),
        Case(text: "write a cover letter for the second one", tool: "write_cover_letter", arguments: ["job_ref": 2]),
        Case(text: "save that job", tool: "track_application", arguments: ["job_ref": "current", "status": "saved"]),
        Case(
            text: "let's do a mock interview for a senior ios engineer role", tool: "start_mock_interview",
            arguments: ["role": "iOS Engineer", "seniority": "senior"]),
        Case(
            text: "start a behavioral mock interview with 5 questions", tool: "start_mock_interview",
            arguments: ["interview_type": "behavioral", "num_questions": 5]),
        Case(
            text: "how do i move from data analyst to data scientist", tool: "career_advice",
            arguments: ["current_role": "Data Analyst", "target_role": "Data Scientist"]),
        Case(text: "analyze my resume ~/cv.pdf", tool: "analyze_resume", arguments: ["path": "~/cv.pdf"]),
        Case(
            text: "what's the salary for a data scientist in london", tool: "market_insights",
            arguments: ["role": "Data Scientist", "location": "London"]),
    ]

    @Test("utterances produce the tool call an LLM would make", arguments: cases)
    func extracts(_ example: Case) async throws {
        let model = try #require(await LocalResources.model())
        let decision = model.router.route(example.text)
        #expect(decision.tool == example.tool)
        #expect(decision.arguments == example.arguments)
    }

    @Test("ordinary words that are also place names are not read as places")
    func placeFalsePositives() async throws {
        let model = try #require(await LocalResources.model())
        #expect(model.router.route("find mobile developer jobs").arguments["location"] == nil)
        #expect(model.router.route("jobs at google").arguments["location"] == nil)
    }

    @Test("hostile input routes without crashing")
    func hostileInput() async throws {
        let model = try #require(await LocalResources.model())
        for text in ["", "   ", String(repeating: "a", count: 100_000), "\u{0}\u{FFFD}💥", "$$$ 999999999999999999999k", "((((\"NEAR*"] {
            _ = model.router.route(text)
        }
    }
}
