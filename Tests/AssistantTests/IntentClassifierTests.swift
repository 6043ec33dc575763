import Assistant
import Foundation
import Testing

@Suite("Offline intent routing")
struct IntentClassifierTests {
    @Test("held-out utterances are routed to the right tool at least 90% of the time")
    func heldOutAccuracy() async throws {
        let model = try #require(await LocalResources.model(), "prompts/ and data/ must load")
        let examples = try LocalResources.heldOut()
        var misses: [String] = []
        for example in examples {
            let state = example.interview ? ConversationState(mode: .interview(sessionID: "t")) : ConversationState()
            let decision = model.router.route(example.text, state: state)
            let expected = Router.conversationalIntents.contains(example.intent) ? "none" : example.intent
            if (decision.tool ?? "none") != expected { misses.append("\(example.intent) ← \(example.text) → \(decision.tool ?? "none")") }
        }
        let accuracy = Double(examples.count - misses.count) / Double(examples.count)
        print("held-out routing accuracy: \(examples.count - misses.count)/\(examples.count) = \(String(format: "%.1f", accuracy * 100))%")
        for miss in misses { print("  miss: \(miss)") }
        #expect(examples.count >= 300)
        #expect(accuracy >= 0.95)
    }

    @Test("no held-out utterance appears in the training examples")
    func heldOutIsDisjoint() async throws {
        let resources = try #require(await LocalResources.resources())
        let training = Set(resources.examples.map { $0.text.lowercased() })
        let second = try String(
            contentsOf: LocalResources.root.appendingPathComponent("Tests/AssistantTests/Fixtures/heldout_intents_b.tsv"), encoding: .utf8)
        let overlap =
            try LocalResources.heldOut().map(\.text).filter { training.contains($0.lowercased()) }
            + UnderstandingEvaluation.intentExamples(second).map(\.text).filter { training.contains($0.lowercased()) }
        #expect(overlap.isEmpty, "\(overlap)")
    }

    @Test("every intent has at least 15 training examples")
    func enoughExamples() async throws {
        let resources = try #require(await LocalResources.resources())
        let counts = Dictionary(grouping: resources.examples, by: \.intent).mapValues(\.count)
        #expect(counts.count >= 18)
        for (intent, count) in counts { #expect(count >= 15, "\(intent) has \(count)") }
    }

    @Test("typos still reach the right intent")
    func typos() async throws {
        let model = try #require(await LocalResources.model())
        #expect(model.router.route("pls reccomend me jobz").tool == "recommend_jobs")
        #expect(model.router.route("analize my resumee").tool == "analyze_resume")
        #expect(model.router.route("wrte a coverletter for the frist one").tool == "write_cover_letter")
    }

    @Test("answer_interview is only chosen while an interview is active")
    func interviewContext() async throws {
        let model = try #require(await LocalResources.model())
        let answer = "I reduced our build time by 60% by caching dependencies"
        #expect(model.router.route(answer).tool != "answer_interview")
        let interview = ConversationState(mode: .interview(sessionID: "s"))
        #expect(model.router.route(answer, state: interview).tool == "answer_interview")
        #expect(model.router.route("skip", state: interview).arguments == ["command": "skip"])
        #expect(model.router.route("end the interview", state: interview).tool == "end_interview")
    }

    @Test("a classifier trained on two intents separates them and reports probabilities that sum to 1")
    func tinyClassifier() {
        let classifier = IntentClassifier(examples: [
            ("greet", "hello there"), ("greet", "hi friend"), ("jobs", "find jobs"), ("jobs", "search openings"),
        ])
        let ranked = classifier.rank("hello")
        #expect(ranked.first?.intent == "greet")
        #expect(abs(ranked.map(\.probability).reduce(0, +) - 1) < 1e-9)
    }
}
