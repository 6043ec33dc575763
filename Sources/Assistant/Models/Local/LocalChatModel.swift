import Foundation

/// The embedded offline model. On a user message it routes to a tool call exactly as a function-calling
/// LLM would; after the tool results come back it phrases the answer from reply templates.
package struct LocalChatModel: ChatModel {
    package let name = "local"
    package let router: Router
    let templates: [String: ReplyTemplate]

    /// Trains the classifier and tagger, or with a cache loads them when they were trained from the same resources.
    package init(resources: LocalModelResources, cache: TrainedModelCache? = nil) {
        let classifier: IntentClassifier
        var tagger: SlotTagger?
        if let cache, let fingerprint = resources.trainingFingerprint {
            classifier = cache.model(
                "intents", fingerprint: fingerprint, restore: IntentClassifier.init(snapshot:),
                train: {
                    let trained = IntentClassifier(examples: Self.trainingExamples(resources))
                    return (trained, trained.snapshot)
                })
            if !resources.slotExamples.isEmpty {
                tagger = cache.model(
                    "slots", fingerprint: fingerprint, restore: { SlotTagger(snapshot: $0, gazetteer: resources.gazetteer) },
                    train: {
                        let trained = Self.tagger(resources) ?? SlotTagger(sentences: [], gazetteer: resources.gazetteer)
                        return (trained, trained.snapshot)
                    })
            }
        } else {
            classifier = IntentClassifier(examples: Self.trainingExamples(resources))
            tagger = Self.tagger(resources)
        }
        router = Router(classifier: classifier, slots: SlotExtractor(gazetteer: resources.gazetteer, tagger: tagger))
        templates = resources.templates
    }

    package func stream(_ request: ChatRequest) -> AsyncThrowingStream<ModelEvent, Error> {
        let reply = respond(to: request)
        return AsyncThrowingStream { continuation in
            switch reply {
            case .toolCalls(let calls):
                for (index, call) in calls.enumerated() {
                    continuation.yield(.toolCallDelta(index: index, id: call.id, name: call.name, arguments: call.arguments))
                }
                continuation.yield(.finish(.toolCalls))
            case .text(let text):
                // Word-sized chunks, so the REPL streams the local answer like a remote one.
                var chunk = ""
                for character in text {
                    chunk.append(character)
                    if character == " " || character == "\n", chunk.count >= 12 {
                        continuation.yield(.textDelta(chunk))
                        chunk = ""
                    }
                }
                if !chunk.isEmpty { continuation.yield(.textDelta(chunk)) }
                continuation.yield(.finish(.stop))
            }
            continuation.finish()
        }
    }

    enum Reply: Equatable {
        case toolCalls([ToolCall])
        case text(String)
    }

    func respond(to request: ChatRequest) -> Reply {
        guard let last = request.messages.last else { return .text(render("greeting", [:])) }
        if last.role == .tool {
            return .text(describeToolResults(request.messages))
        }
        guard last.role == .user else { return .text(render("unknown", [:])) }
        let decision = router.route(last.content, state: request.state)
        if let tool = decision.tool, request.tools.contains(where: { $0.name == tool }) {
            let callNumber = request.messages.filter { $0.role == .assistant }.count + 1
            var calls = decision.preceding.enumerated().compactMap { index, earlier -> ToolCall? in
                guard let name = earlier.tool, request.tools.contains(where: { $0.name == name }) else { return nil }
                return ToolCall(id: "call_local_\(callNumber)_\(index)", name: name, arguments: earlier.arguments.jsonText)
            }
            calls.append(ToolCall(id: "call_local_\(callNumber)", name: tool, arguments: decision.arguments.jsonText))
            if decision.pausesInterview, request.tools.contains(where: { $0.name == "answer_interview" }) {
                let pause = ToolCall(id: "call_local_\(callNumber)_pause", name: "answer_interview", arguments: #"{"command":"pause"}"#)
                calls.insert(pause, at: 0)
            }
            return .toolCalls(calls)
        }
        if let alternative = decision.alternative {
            return .text(
                render(
                    "clarify",
                    [
                        "first": .string(Self.intentQuestions[decision.intent] ?? decision.intent),
                        "second": .string(Self.intentQuestions[alternative] ?? alternative),
                    ]))
        }
        if let tool = decision.tool {
            return .text(render("not_available", ["tool": .string(tool)]))
        }
        return .text(conversationalReply(decision.intent, text: last.content, history: request.messages))
    }

    /// The trailing tool messages of the round, each phrased with its tool's template.
    private func describeToolResults(_ messages: [ChatMessage]) -> String {
        let results = messages.reversed().prefix { $0.role == .tool }.reversed()
        return results.map { message -> String in
            let content = (try? JSONValue.parse(message.content)) ?? ["error": .string(message.content)]
            if content["error_code"]?.stringValue == "not_available" { return render("not_available", content) }
            if content["error"] != nil { return render("tool_error", content) }
            let name = message.toolName ?? ""
            return templates[name] == nil ? render("tool_done", ["tool": .string(name)]) : render(name, content)
        }.joined(separator: "\n\n")
    }

    private func conversationalReply(_ intent: String, text: String, history: [ChatMessage]) -> String {
        switch intent {
        case "help": return render("help", [:])
        case "out_of_scope": return render("out_of_scope", [:])
        case "recap": return render("recap", recapContext(history))
        case "smalltalk":
            let words = Set(Tokenizer.tokenize(text).map(\.text))
            if !words.isDisjoint(with: ["thanks", "thank", "thx", "ty", "cheers", "appreciate"]) { return render("thanks", [:]) }
            if !words.isDisjoint(with: ["bye", "goodbye", "later", "night", "cya"]) { return render("goodbye", [:]) }
            if !words.isDisjoint(with: ["who", "what", "name", "bot", "human", "ai"]) { return render("identity", [:]) }
            return render("greeting", [:])
        default: return render("unknown", [:])
        }
    }

    /// What the user asked earlier, newest last, labelled by what it was about.
    private func recapContext(_ history: [ChatMessage]) -> JSONValue {
        let asked = history.dropLast().filter { $0.role == .user }.suffix(6)
        let topics: [JSONValue] = asked.map { message in
            let decision = router.route(message.content)
            let label = Self.intentLabels[decision.intent] ?? "chat"
            let text = message.content.count > 90 ? String(message.content.prefix(87)) + "…" : message.content
            return ["label": .string(label), "text": .string(text)]
        }
        return ["topics": .array(topics)]
    }

    private func render(_ name: String, _ context: JSONValue) -> String {
        guard let template = templates[name] else { return "(missing reply template \(name).md)" }
        return template.render(context).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Intents as the options of a clarifying question: "Do you want me to … or …?"
    static let intentQuestions: [String: String] = [
        "search_jobs": "search job postings", "recommend_jobs": "recommend jobs from your profile",
        "analyze_resume": "review your resume", "optimize_resume": "tailor your resume to a job",
        "write_cover_letter": "write a cover letter", "start_mock_interview": "start a mock interview",
        "interview_prep": "give interview tips", "career_advice": "give career advice",
        "market_insights": "show salary and market figures", "get_profile": "show your profile",
        "update_profile": "update your profile", "track_application": "track an application",
        "list_applications": "list your applications", "job_details": "show a job's details",
        "interview_history": "show your past mock interviews",
    ]

    /// The slot tagger, trained on the hand-labelled statements and their gazetteer-filled variants.
    static func tagger(_ resources: LocalModelResources) -> SlotTagger? {
        guard !resources.slotExamples.isEmpty else { return nil }
        let sentences = SlotTrainingSet(gazetteer: resources.gazetteer).sentences(from: resources.slotExamples, variants: 12)
        return SlotTagger(sentences: sentences, gazetteer: resources.gazetteer)
    }

    /// The labelled examples, each in the dialogue contexts it can be said in: requests are requests
    /// whether or not an interview is running; answers and "end the interview" only mean something in one.
    package static func trainingExamples(_ resources: LocalModelResources) -> [IntentExample] {
        let interview = DialogueContext(interviewActive: true)
        // Every hand-labelled profile statement is also an example of telling the assistant about oneself.
        let statements = resources.slotExamples.map { (intent: "update_profile", text: $0.text) }
        let filled = IntentTemplates(gazetteer: resources.gazetteer).expand(resources.intentTemplates, variants: 4)
        return (resources.examples + statements + filled).flatMap { example -> [IntentExample] in
            if Router.interviewOnlyIntents.contains(example.intent) {
                return [IntentExample(intent: example.intent, text: example.text, context: interview)]
            }
            return [
                IntentExample(intent: example.intent, text: example.text),
                IntentExample(intent: example.intent, text: example.text, context: interview),
            ]
        }
    }

    static let intentLabels: [String: String] = [
        "search_jobs": "job search", "recommend_jobs": "recommendations", "analyze_resume": "resume review",
        "optimize_resume": "resume tailoring", "write_cover_letter": "cover letter",
        "start_mock_interview": "mock interview", "interview_prep": "interview prep", "career_advice": "career advice",
        "market_insights": "market insight", "get_profile": "your profile", "update_profile": "profile update",
        "track_application": "application tracking", "list_applications": "applications", "job_details": "job details", "help": "help",
        "interview_history": "interview history",
        "smalltalk": "chat", "recap": "recap", "out_of_scope": "chat",
    ]
}
