import Foundation

/// What the local model decided to do with one user utterance.
public struct RouteDecision: Sendable, Equatable {
    /// The tool to call, or nil for help, smalltalk and recaps answered directly.
    public var tool: String?
    public var arguments: JSONValue
    public var intent: String
    public var confidence: Double

    /// `{"tool": NAME, "arguments": {...}}` as `jobhunter debug route` prints it ("none" without a tool).
    public var json: JSONValue {
        ["tool": .string(tool ?? "none"), "arguments": arguments]
    }
}

/// Maps an utterance to an intent and that intent's tool call: the classifier picks the intent,
/// the slot extractor fills its arguments.
public struct Router: Sendable {
    public let classifier: IntentClassifier
    public let slots: SlotExtractor

    /// Below this probability the router admits it did not understand instead of guessing.
    public var minimumConfidence = 0.25

    /// Intents answered by the model itself rather than a tool.
    public static let conversationalIntents: Set<String> = ["help", "smalltalk", "recap"]
    /// Commands a user gives during a mock interview; everything else is an answer.
    static let interviewCommands: [String: String] = [
        "skip": "skip", "next": "skip", "pass": "skip", "repeat": "repeat", "again": "repeat", "hint": "hint",
        "clue": "hint", "pause": "pause", "break": "pause",
    ]

    public init(classifier: IntentClassifier, slots: SlotExtractor) {
        self.classifier = classifier
        self.slots = slots
    }

    public func route(_ text: String, state: ConversationState = ConversationState()) -> RouteDecision {
        let tokens = Tokenizer.tokenize(text)
        if state.mode.isInterview {
            return routeDuringInterview(text, tokens: tokens)
        }
        var allowed = Set(classifier.labels)
        allowed.remove("answer_interview")
        allowed.remove("end_interview")
        guard let prediction = classifier.classify(text, allowed: allowed), !tokens.isEmpty else {
            return RouteDecision(tool: nil, arguments: [:], intent: "smalltalk", confidence: 0)
        }
        if prediction.probability < minimumConfidence {
            return RouteDecision(tool: nil, arguments: [:], intent: "unknown", confidence: prediction.probability)
        }
        return decision(for: prediction.intent, tokens: tokens, text: text, confidence: prediction.probability)
    }

    private func routeDuringInterview(_ text: String, tokens: [Token]) -> RouteDecision {
        let words = tokens.map(\.text).filter { !["please", "pls", "the", "question", "can", "you", "i", "want", "to", "lets", "let", "us", "a", "that", "this", "one"].contains($0) }
        if words.count <= 2, let command = words.lazy.compactMap({ Self.interviewCommands[$0] }).first {
            return RouteDecision(tool: "answer_interview", arguments: ["command": .string(command)],
                intent: "answer_interview", confidence: 1)
        }
        let ranked = classifier.rank(text, allowed: ["answer_interview", "end_interview"])
        if let top = ranked.first, top.intent == "end_interview", top.probability > 0.8, tokens.count <= 12 {
            return RouteDecision(tool: "end_interview", arguments: [:], intent: "end_interview", confidence: top.probability)
        }
        return RouteDecision(tool: "answer_interview", arguments: ["answer": .string(text)],
            intent: "answer_interview", confidence: ranked.first?.probability ?? 1)
    }

    func decision(for intent: String, tokens: [Token], text: String, confidence: Double) -> RouteDecision {
        if Self.conversationalIntents.contains(intent) {
            return RouteDecision(tool: nil, arguments: [:], intent: intent, confidence: confidence)
        }
        let arguments = ArgumentBuilder(slots: slots, tokens: tokens, text: text).arguments(for: intent)
        return RouteDecision(tool: intent, arguments: .object(arguments), intent: intent, confidence: confidence)
    }
}
