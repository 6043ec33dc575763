import Foundation
import Logging

/// One user's dialogue: history, mode and referable results, persisted through a `ConversationStore`.
/// Turns run one at a time in the order they were sent.
package actor Conversation {
    package let userID: Int64
    private let store: any ConversationStore
    private let usage: (any UsageStore)?
    private let engine: TurnEngine
    private let clock: WallClock
    private let logger: Logger
    private let maxInputBytes: Int

    private var conversationID: Int64
    private var history: [ChatMessage]
    private var state: ConversationState
    /// What `history` and `state` reflect of the store; nil when they may be behind it.
    private var revision: ConversationRevision?
    private var lastTurn: Task<Void, Never>?

    /// The longest user message a turn accepts; the server refuses longer ones before mirroring them anywhere.
    package static let defaultMaxInputBytes = 64 * 1024

    /// How many stored messages are loaded back into memory when a conversation resumes.
    package static let resumeMessageLimit = 200

    package static func open(
        userID: Int64, store: any ConversationStore, usage: (any UsageStore)? = nil,
        engine: TurnEngine, clock: WallClock = .system, logger: Logger = Logger(label: "jobhunter.conversation"),
        maxInputBytes: Int = defaultMaxInputBytes
    ) async throws -> Conversation {
        let stored = try await store.activeConversation(userID: userID, recentMessageLimit: resumeMessageLimit)
        return Conversation(
            userID: userID, store: store, usage: usage, engine: engine, clock: clock,
            logger: logger, maxInputBytes: maxInputBytes, stored: stored)
    }

    private init(
        userID: Int64, store: any ConversationStore, usage: (any UsageStore)?, engine: TurnEngine,
        clock: WallClock, logger: Logger, maxInputBytes: Int, stored: StoredConversation
    ) {
        self.userID = userID
        self.store = store
        self.usage = usage
        self.engine = engine
        self.clock = clock
        self.logger = logger
        self.maxInputBytes = maxInputBytes
        self.conversationID = stored.id
        self.history = stored.messages
        self.state = stored.state
        self.revision = stored.revision
    }

    package var messages: [ChatMessage] { history }
    package var currentState: ConversationState { state }

    /// Sends a user message. Events arrive in order and the stream ends after `.final` or `.error`.
    /// Cancelling the consuming task (or dropping the stream) cancels the turn.
    package nonisolated func send(_ text: String) -> AsyncStream<AssistantEvent> {
        AsyncStream { continuation in
            let turn = Task {
                await self.enqueueTurn(text) { continuation.yield($0) }
                continuation.finish()
            }
            continuation.onTermination = { _ in turn.cancel() }
        }
    }

    /// Runs one tool directly, outside the dialogue (the server's REST endpoints): it waits for running turns,
    /// sees the current state, and neither records messages nor changes the mode or numbered results.
    package func callTool(_ name: String, arguments: JSONValue) async -> (content: JSONValue, failed: Bool) {
        await lastTurn?.value
        do {
            try await reload()
        } catch {
            return (["error": .string("could not load your conversation: \(error)")], true)
        }
        let context = ToolContext(
            userID: userID, state: state, clock: clock, logger: logger, writer: engine.writer)
        let call = ToolCall(id: "rest-\(name)", name: name, arguments: arguments.jsonText)
        let result = await engine.tools.run(call, context: context)
        return (result.output.content, result.failed)
    }

    /// The stored conversation as it is now, after any running turn: other instances of the server may have
    /// added to it since this actor last looked.
    package func refreshedMessages() async throws -> [ChatMessage] {
        await lastTurn?.value
        try await reload()
        return history
    }

    /// Brings history and state up to date with the store. Every turn starts with this, so a user whose requests
    /// land on several instances (or a terminal and a server) sees one conversation. It costs one small read when
    /// nothing changed elsewhere, and a full reload when something did.
    private func reload() async throws {
        if let known = revision, try await store.revision(userID: userID) == known { return }
        let stored = try await store.activeConversation(userID: userID, recentMessageLimit: Self.resumeMessageLimit)
        conversationID = stored.id
        history = stored.messages
        state = stored.state
        revision = stored.revision
    }

    /// Archives this conversation and starts an empty one; the profile and other stores are untouched.
    package func reset() async throws {
        await lastTurn?.value
        let fresh = try await store.startNewConversation(userID: userID)
        conversationID = fresh.id
        history = fresh.messages
        state = fresh.state
        revision = fresh.revision
    }

    private func enqueueTurn(_ text: String, emit: @escaping @Sendable (AssistantEvent) -> Void) async {
        let previous = lastTurn
        let turn = Task {
            await previous?.value
            await self.runTurn(text, emit: emit)
        }
        lastTurn = turn
        await withTaskCancellationHandler {
            await turn.value
        } onCancel: {
            turn.cancel()
        }
    }

    private func runTurn(_ text: String, emit: @Sendable (AssistantEvent) -> Void) async {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return emit(.error(.emptyInput)) }
        guard trimmed.utf8.count <= maxInputBytes else {
            return emit(.error(.inputTooLong(bytes: trimmed.utf8.count, limit: maxInputBytes)))
        }
        do {
            try await reload()
        } catch {
            logger.error("storage failed", metadata: ["user.id": "\(userID)", "error": "\(error)"])
            return emit(.error(.storage(String(describing: error))))
        }
        await runRounds(userText: trimmed, emit: emit)
    }

    private func runRounds(userText: String, emit: @Sendable (AssistantEvent) -> Void) async {
        // The user's message is committed first: even if the model fails, what they said is kept.
        guard await commit([.user(userText)], state: state, emit: emit) else { return }
        var engine = self.engine
        var malformedRounds = 0
        var turnCallIDs = Set<String>()
        // Small models repeat a call they already made; the repeat is not run again, the model is asked to answer.
        var madeCalls = Set<String>()
        var offerTools = true
        for round in 0...engine.maxToolRounds {
            let context = ToolContext(
                userID: userID, state: state, clock: clock, logger: logger, writer: engine.writer)
            let result: TurnEngine.RoundResult
            do {
                result = try await engine.runRound(history: history, context: context, round: round, offerTools: offerTools, emit: emit)
            } catch is CancellationError {
                return emit(.error(.cancelled))
            } catch let error as AssistantError {
                logger.warning("turn failed", metadata: ["user.id": "\(userID)", "error": "\(error)"])
                return emit(.error(error))
            } catch {
                if Task.isCancelled { return emit(.error(.cancelled)) }
                logger.warning("model failed", metadata: ["user.id": "\(userID)", "error": "\(error)"])
                return emit(.error(.model(String(describing: error))))
            }
            if let spent = result.usage { await record(spent) }
            // Small models sometimes answer with nothing; the offline model answers instead of a blank.
            if result.emptyAnswer, let offline = Self.handedOver(engine, hiding: turnCallIDs) {
                emit(.notice("the model gave an empty answer; the built-in model answers this turn"))
                engine = offline
                offerTools = true
                madeCalls = []
                continue
            }
            guard await commit(result.messages, state: result.state, emit: emit) else { return }
            // The model was told what was wrong once; a second malformed round hands the turn to the offline model.
            malformedRounds += result.malformedCalls > 0 ? 1 : 0
            let calls = result.messages.flatMap(\.toolCalls)
            turnCallIDs.formUnion(calls.map(\.id))
            let signatures = calls.map { $0.name + "\u{0}" + $0.arguments.trimmingCharacters(in: .whitespacesAndNewlines) }
            if !signatures.isEmpty, signatures.allSatisfy(madeCalls.contains) { offerTools = false }
            madeCalls.formUnion(signatures)
            if malformedRounds >= 2, let offline = Self.handedOver(engine, hiding: turnCallIDs) {
                emit(.notice("the model's tool calls could not be run twice in a row; the built-in model answers this turn"))
                engine = offline
                offerTools = true
                madeCalls = []
            }
            if result.isFinal, let answer = result.messages.last {
                return emit(.final(answer))
            }
        }
    }

    /// The engine for the rest of a turn on the fallback model, which reads the user's message afresh rather than
    /// the calls the other model made; nil without a fallback.
    private static func handedOver(_ engine: TurnEngine, hiding calls: Set<String>) -> TurnEngine? {
        guard let fallback = engine.fallback else { return nil }
        var offline = engine
        offline.model = HidingToolCalls(model: fallback, hidden: calls)
        offline.fallback = nil
        offline.writer = nil
        return offline
    }

    /// Usage is bookkeeping: failing to record it is logged, never shown as a failed turn.
    private func record(_ spent: TokenUsage) async {
        do {
            try await usage?.record(userID: userID, model: engine.model.name, usage: spent)
        } catch {
            logger.warning("usage not recorded", metadata: ["user.id": "\(userID)", "error": "\(error)"])
        }
    }

    /// Persists then applies in memory, so memory never runs ahead of what is stored.
    private func commit(
        _ messages: [ChatMessage], state newState: ConversationState, emit: @Sendable (AssistantEvent) -> Void
    ) async -> Bool {
        do {
            let count = try await store.append(messages, state: newState, conversationID: conversationID)
            // Another instance appended in between: memory lacks its messages, so the next turn reloads.
            let expected = revision.map { $0.messageCount + Int64(messages.count) }
            revision = expected == count ? ConversationRevision(conversationID: conversationID, messageCount: count) : nil
        } catch {
            logger.error("storage failed", metadata: ["user.id": "\(userID)", "error": "\(error)"])
            emit(.error(.storage(String(describing: error))))
            return false
        }
        history.append(contentsOf: messages)
        if history.count > Self.resumeMessageLimit * 2 {
            history = ContextWindow.recent(history, limit: Self.resumeMessageLimit)
        }
        state = newState
        return true
    }
}
