import Foundation
import Logging

/// The tool-call loop of one turn: model → tool calls (run in parallel) → tool results → model,
/// until the model answers in text or `maxToolRounds` is reached. Stateless; `Conversation` owns state.
package struct TurnEngine: Sendable {
    package var model: any ChatModel
    package var tools: ToolRegistry
    package var systemPrompt: String
    package var maxToolRounds: Int
    /// How many stored messages the model sees at most.
    package var contextMessageLimit: Int
    /// Tokens the history may take in a request; older turns beyond it are trimmed and summarised.
    package var contextTokenBudget: Int?
    /// Lets tools ask the active model for prose; nil with the offline model, whose tools use their own logic.
    package var writer: (any TextWriter)?
    /// The offline model, which answers the rest of a turn when a remote model keeps sending tool calls that
    /// cannot be run (invalid JSON arguments, unknown tools) after being told once.
    package var fallback: (any ChatModel)?
    /// Compact tool schemas, and only the relevant ones, for a model with a small context window (`ToolOffer`).
    package var compactTools = false

    package init(
        model: any ChatModel, tools: ToolRegistry, systemPrompt: String = "", maxToolRounds: Int = 8,
        contextMessageLimit: Int = 60, contextTokenBudget: Int? = nil, writer: (any TextWriter)? = nil
    ) {
        self.model = model
        self.tools = tools
        self.systemPrompt = systemPrompt
        self.maxToolRounds = maxToolRounds
        self.contextMessageLimit = contextMessageLimit
        self.contextTokenBudget = contextTokenBudget
        self.writer = writer
    }

    /// Messages and state a round adds; the caller commits them before the next round starts.
    package struct RoundResult: Sendable {
        package var messages: [ChatMessage]
        package var state: ConversationState
        package var isFinal: Bool
        /// Tokens the model reported for this round.
        package var usage: TokenUsage?
        /// Calls of this round that could not be run as sent: arguments that are not valid JSON for the tool, or a
        /// tool that does not exist. The tool's error went back to the model, which may correct itself.
        package var malformedCalls = 0
        /// The model answered with nothing at all.
        package var emptyAnswer = false
    }

    /// The messages of one request: system prompt (with the dialogue state), then as much history as fits.
    func requestMessages(history: [ChatMessage], state: ConversationState) -> [ChatMessage] {
        var recent = ContextWindow.recent(history, limit: contextMessageLimit)
        var notes: [String] = []
        if let budget = contextTokenBudget {
            let fitted = ContextWindow.fitting(recent, tokenBudget: budget)
            recent = fitted.kept
            if let summary = ContextWindow.summary(ofDropped: fitted.dropped) { notes.append(summary) }
        }
        if case .interview(let session) = state.mode {
            notes.append("A mock interview (session \(session)) is in progress: treat the user's messages as answers.")
        }
        if !state.lastResults.isEmpty {
            let listed = state.lastResults.prefix(20).enumerated().map { "\($0.offset + 1). \($0.element.title)" }
            notes.append("Results the user can refer to by number:\n" + listed.joined(separator: "\n"))
        }
        let system = ([systemPrompt] + notes).filter { !$0.isEmpty }.joined(separator: "\n\n")
        return system.isEmpty ? recent : [ChatMessage(role: .system, content: system)] + recent
    }

    /// Runs one model step and, if it asked for tools, the tools. Emits events as they happen.
    func runRound(
        history: [ChatMessage], context: ToolContext, round: Int, offerTools: Bool = true, emit: @Sendable (AssistantEvent) -> Void
    ) async throws -> RoundResult {
        let messages = requestMessages(history: history, state: context.state)
        // After the last allowed round the model is offered no tools, so it has to answer.
        let offeredTools =
            round < maxToolRounds && offerTools
            ? ToolOffer.schemas(tools.schemas, state: context.state, compact: compactTools) : []
        let request = ChatRequest(messages: messages, tools: offeredTools, state: context.state)

        var text = ""
        var usage: TokenUsage?
        var accumulator = ToolCallAccumulator()
        for try await event in model.stream(request) {
            try Task.checkCancellation()
            switch event {
            case .textDelta(let delta):
                text += delta
                emit(.textDelta(delta))
            case .toolCallDelta(let index, let id, let name, let arguments):
                accumulator.add(index: index, id: id, name: name, arguments: arguments)
            case .notice(let text):
                emit(.notice(text))
            case .usage(let reported):
                usage = reported
            case .finish:
                break
            }
        }
        try Task.checkCancellation()

        let calls = accumulator.calls(idPrefix: "call_r\(round)")
        guard !calls.isEmpty else {
            // Nothing at all, or a tool call written as prose after tools were withdrawn: either way no answer.
            let empty =
                text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                || TextualToolCall.parse(text, offered: Set(tools.names)) != nil
            let answer = empty ? "The model returned no answer. Try rephrasing, or type /help." : text
            return RoundResult(messages: [.assistant(answer)], state: context.state, isFinal: true, usage: usage, emptyAnswer: empty)
        }
        if round >= maxToolRounds || !offerTools {
            throw AssistantError.toolRoundLimit(maxToolRounds)
        }

        for call in calls { emit(.toolCall(call)) }
        let results = await runInParallel(calls, context: context)
        var state = context.state
        var produced: [ChatMessage] = [.assistant(text, toolCalls: calls)]
        var malformed = 0
        for (call, result) in zip(calls, results) {
            emit(.toolResult(call: call, content: result.output.content, failed: result.failed))
            produced.append(.tool(call, content: result.output.content.jsonText))
            apply(result.output, to: &state)
            if result.failed, ["invalid_arguments", "unknown_tool"].contains(result.output.content["error_code"]?.stringValue ?? "") {
                malformed += 1
            }
        }
        return RoundResult(messages: produced, state: state, isFinal: false, usage: usage, malformedCalls: malformed)
    }

    private func runInParallel(_ calls: [ToolCall], context: ToolContext) async -> [(output: ToolOutput, failed: Bool)] {
        let registry = tools
        return await withTaskGroup(of: (Int, ToolOutput, Bool).self) { group in
            for (index, call) in calls.enumerated() {
                group.addTask {
                    let result = await registry.run(call, context: context)
                    return (index, result.output, result.failed)
                }
            }
            var results = [(output: ToolOutput, failed: Bool)?](repeating: nil, count: calls.count)
            for await (index, output, failed) in group { results[index] = (output, failed) }
            return results.map { $0 ?? (ToolRegistry.errorOutput(.failed("The call did not finish.")), true) }
        }
    }

    private func apply(_ output: ToolOutput, to state: inout ConversationState) {
        if let references = output.references {
            state.lastResults = references
            state.focusedResult = nil
        }
        if let focus = output.focus { state.focusedResult = focus }
        if let mode = output.mode { state.mode = mode }
    }
}
