import Foundation

/// What the local model decided to do with one user utterance.
package struct RouteDecision: Sendable, Equatable {
    /// The tool to call, or nil for help, smalltalk and recaps answered directly.
    package var tool: String?
    package var arguments: JSONValue
    package var intent: String
    package var confidence: Double
    /// During a mock interview, a request that is not an answer: the interview is paused first, then
    /// the request runs, so nothing is scored that was not meant as an answer.
    package var pausesInterview = false
    /// When two intents are about equally likely: the runner-up, so the model can ask which one was meant.
    package var alternative: String?
    /// Calls to make before this one: the profile update a message also carried ("I have a CDL class A, find
    /// trucking jobs").
    package var preceding: [RouteDecision] = []

    package init(
        tool: String?, arguments: JSONValue, intent: String, confidence: Double, pausesInterview: Bool = false,
        alternative: String? = nil
    ) {
        self.tool = tool
        self.arguments = arguments
        self.intent = intent
        self.confidence = confidence
        self.pausesInterview = pausesInterview
        self.alternative = alternative
    }

    /// `{"tool": NAME, "arguments": {...}}` as `jobhunter debug route` prints it ("none" without a tool).
    package var json: JSONValue {
        var fields: [String: JSONValue] = ["tool": .string(tool ?? "none"), "arguments": arguments]
        if pausesInterview { fields["pauses_interview"] = true }
        if let alternative { fields["clarify_between"] = [.string(intent), .string(alternative)] }
        if !preceding.isEmpty { fields["preceded_by"] = .array(preceding.map(\.json)) }
        return .object(fields)
    }
}

/// Maps an utterance to an intent and that intent's tool call: the classifier picks the intent from the
/// words and the dialogue state, the slot extractor fills its arguments.
package struct Router: Sendable {
    package let classifier: IntentClassifier
    package let slots: SlotExtractor

    /// Below this probability the router admits it did not understand instead of guessing.
    package var minimumConfidence = 0.25
    /// When the two best tool intents are closer than this, the router asks instead of guessing.
    package var clarifyMargin = 0.05

    /// Intents answered by the model itself rather than a tool.
    package static let conversationalIntents: Set<String> = ["help", "smalltalk", "recap", "out_of_scope"]
    static let interviewOnlyIntents: Set<String> = ["answer_interview", "end_interview"]
    /// Commands a user gives during a mock interview; everything else is an answer.
    static let interviewCommands: [String: String] = [
        "skip": "skip", "next": "skip", "pass": "skip", "repeat": "repeat", "again": "repeat", "hint": "hint",
        "clue": "hint", "pause": "pause", "break": "pause",
    ]

    package init(classifier: IntentClassifier, slots: SlotExtractor) {
        self.classifier = classifier
        self.slots = slots
    }

    package func route(_ text: String, state: ConversationState = ConversationState()) -> RouteDecision {
        let tokens = Tokenizer.tokenize(text)
        let context = DialogueContext(state)
        if state.mode.isInterview {
            return routeDuringInterview(text, tokens: tokens, context: context)
        }
        if let compound = compoundDecision(text, context: context) { return compound }
        return routeOne(text, tokens: tokens, context: context)
    }

    /// A statement about the person and a request in one message: the request, after the profile update.
    /// Both halves must stand on their own: the statement fills at least one profile field, the request is
    /// another tool the classifier is sure enough of.
    private func compoundDecision(_ text: String, context: DialogueContext) -> RouteDecision? {
        for (head, tail) in CompoundMessage.splits(text) {
            let first = routeOne(head, tokens: Tokenizer.tokenize(head), context: context)
            let second = routeOne(tail, tokens: Tokenizer.tokenize(tail), context: context)
            let (statement, request) = first.tool == "update_profile" ? (first, second) : (second, first)
            guard statement.tool == "update_profile", statement.arguments != [:], let tool = request.tool,
                tool != "update_profile", request.alternative == nil
            else { continue }
            var decision = request
            decision.preceding = [statement]
            return decision
        }
        return nil
    }

    private func routeOne(_ text: String, tokens: [Token], context: DialogueContext) -> RouteDecision {
        let allowed = Set(classifier.labels).subtracting(Self.interviewOnlyIntents)
        let ranked = classifier.rank(text, context: context, allowed: allowed)
        guard let prediction = ranked.first, tokens.contains(where: { $0.isWord || $0.number != nil }) else {
            return RouteDecision(tool: nil, arguments: [:], intent: "smalltalk", confidence: 0)
        }
        if prediction.probability < minimumConfidence {
            return RouteDecision(tool: nil, arguments: [:], intent: "unknown", confidence: prediction.probability)
        }
        if ranked.count > 1, let alternative = closeAlternative(prediction, ranked[1]) {
            return RouteDecision(
                tool: nil, arguments: [:], intent: prediction.intent, confidence: prediction.probability,
                alternative: alternative)
        }
        return decision(for: prediction.intent, tokens: tokens, text: text, confidence: prediction.probability)
    }

    /// The runner-up when it is about as likely as the winner and both would run a tool.
    private func closeAlternative(_ best: IntentClassifier.Prediction, _ second: IntentClassifier.Prediction) -> String? {
        guard best.probability - second.probability < clarifyMargin,
            !Self.conversationalIntents.contains(best.intent), !Self.conversationalIntents.contains(second.intent),
            !Self.harmlessPairs.contains([best.intent, second.intent])
        else { return nil }
        return second.intent
    }

    /// Close calls where either answer serves the user, so asking would only slow them down.
    static let harmlessPairs: Set<Set<String>> = [
        ["search_jobs", "recommend_jobs"], ["interview_prep", "start_mock_interview"], ["get_profile", "list_applications"],
        ["career_advice", "market_insights"], ["analyze_resume", "optimize_resume"],
    ]

    private func routeDuringInterview(_ text: String, tokens: [Token], context: DialogueContext) -> RouteDecision {
        let words = tokens.map(\.text).filter { !Self.commandFiller.contains($0) }
        if words.count <= 2, let command = words.lazy.compactMap({ Self.interviewCommands[$0] }).first {
            return RouteDecision(
                tool: "answer_interview", arguments: ["command": .string(command)],
                intent: "answer_interview", confidence: 1)
        }
        let answer = RouteDecision(
            tool: "answer_interview", arguments: ["answer": .string(text)],
            intent: "answer_interview", confidence: 1)
        guard let top = classifier.classify(text, context: context) else { return answer }
        switch top.intent {
        case "answer_interview":
            return RouteDecision(
                tool: "answer_interview", arguments: ["answer": .string(text)],
                intent: "answer_interview", confidence: top.probability)
        case "end_interview" where tokens.count <= 14:
            return RouteDecision(tool: "end_interview", arguments: [:], intent: "end_interview", confidence: top.probability)
        case "start_mock_interview", "interview_prep":
            // "let's do a practice interview", "continue my mock interview": the one running goes on.
            return RouteDecision(
                tool: "answer_interview", arguments: ["command": "repeat"], intent: "answer_interview",
                confidence: top.probability)
        case "help", "smalltalk", "recap", "out_of_scope":
            guard tokens.count <= 8 else { return answer }
            return RouteDecision(tool: nil, arguments: [:], intent: top.intent, confidence: top.probability)
        default:
            // A request, not an answer: long messages are answers unless the classifier is sure.
            guard top.probability >= (tokens.count > 25 ? 0.9 : 0.5) else { return answer }
            var request = decision(for: top.intent, tokens: tokens, text: text, confidence: top.probability)
            request.pausesInterview = true
            return request
        }
    }

    static let commandFiller: Set<String> = [
        "please", "pls", "the", "question", "can", "you", "i", "want", "to", "lets", "let", "us", "a", "that", "this",
        "one", "give", "me", "just", "ok", "okay",
    ]

    func decision(for intent: String, tokens: [Token], text: String, confidence: Double) -> RouteDecision {
        if Self.conversationalIntents.contains(intent) {
            return RouteDecision(tool: nil, arguments: [:], intent: intent, confidence: confidence)
        }
        let arguments = ArgumentBuilder(slots: slots, tokens: tokens, text: text).arguments(for: intent)
        // "can you find me something with day shifts?": a search with nothing to search for means jobs for this
        // person, which recommend_jobs finds from the profile (or asks for a role); a search would list every job.
        if intent == "search_jobs", arguments.isEmpty, !tokens.contains(where: { Self.browsingWords.contains($0.text) }) {
            return RouteDecision(tool: "recommend_jobs", arguments: [:], intent: "recommend_jobs", confidence: confidence)
        }
        return RouteDecision(tool: intent, arguments: .object(arguments), intent: intent, confidence: confidence)
    }

    /// Words that ask for the whole list rather than for jobs that fit: "show all jobs", "the newest postings".
    /// Not "every" ("home every night") nor "new" ("find me a new job").
    static let browsingWords: Set<String> = ["all", "everything", "latest", "newest", "recent", "browse"]
}

extension DialogueContext {
    package init(_ state: ConversationState) {
        self.init(interviewActive: state.mode.isInterview, hasResults: !state.lastResults.isEmpty)
    }
}
