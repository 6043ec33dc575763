import Foundation
import Synchronization

/// A Chat Completions model on any OpenAI-compatible service (OpenAI, Ollama, vLLM, llama.cpp server):
/// streamed, with retries on transient failures and timeouts on connect, first token and idle stream.
package struct OpenAIChatModel: ChatModel {
    package let configuration: OpenAIConfiguration
    let transport: any StreamingHTTPTransport
    let clock: WallClock
    let sleep: @Sendable (Duration) async throws -> Void
    let redactor: SecretRedactor
    /// What this server was seen to need, shared by every copy of the model for the session.
    let quirks = ServerQuirks()
    /// Off for scripted transports in tests, which have no server to connect to.
    let probeConnections: Bool

    package var name: String { configuration.model }

    package init(
        configuration: OpenAIConfiguration, transport: any StreamingHTTPTransport, clock: WallClock = .system,
        probeConnections: Bool = true,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.sleep = sleep
        self.probeConnections = probeConnections
        self.redactor = SecretRedactor(secrets: [configuration.apiKey].compactMap { $0 })
    }

    /// Compatibility notes for the session, e.g. for `/model` or a log line.
    package var adaptations: [String] { quirks.adaptations }

    package func stream(_ request: ChatRequest) -> AsyncThrowingStream<ModelEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await perform(request) { continuation.yield($0) }
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish(throwing: CancellationError())
                } catch let error as OpenAIError {
                    continuation.finish(throwing: error)
                } catch {
                    continuation.finish(throwing: OpenAIError.connectionFailed(redactor.redact("\(error)")))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func makeHTTPRequest(_ request: ChatRequest, mode: RequestMode = RequestMode()) throws -> HTTPRequest {
        var body = ChatCompletionsRequest(
            model: configuration.model, request: request, temperature: configuration.temperature,
            maxTokens: configuration.maxTokens)
        body.stream = mode.streaming
        if !mode.streaming || !mode.streamOptions { body.streamOptions = nil }
        var headers = ["Content-Type": "application/json", "Accept": mode.streaming ? "text/event-stream" : "application/json"]
        if let key = configuration.apiKey { headers["Authorization"] = "Bearer \(key)" }
        return HTTPRequest(url: configuration.completionsURL, headers: headers, body: try JSONEncoder().encode(body))
    }

    /// How requests are sent to this server, adapted once a quirk is seen and kept for the session.
    struct RequestMode: Equatable {
        var streaming = true
        var streamOptions = true
    }

    /// One attempt's failure, and whether another attempt could help.
    struct AttemptFailure: Error {
        var error: OpenAIError
        var retryable: Bool
        var headers: [String: String] = [:]
    }

    private func perform(_ request: ChatRequest, emit: @escaping @Sendable (ModelEvent) -> Void) async throws {
        try await checkConnection()
        var random = SystemRandomNumberGenerator()
        var attempt = 0
        // Names of the tools this request offers: a textual call is read only for one of them.
        let offered = Set(request.tools.map(\.name))
        var mode = quirks.mode(withTools: !offered.isEmpty)
        while true {
            try Task.checkCancellation()
            let failure: AttemptFailure
            do {
                try await exchange(try makeHTTPRequest(request, mode: mode), mode: mode, offered: offered, emit: emit)
                return
            } catch let caught as AttemptFailure {
                failure = caught
            }
            // Compatibility first: these are not failures of the server but of how we asked.
            if failure.error == .emptyStream, mode.streaming, !request.tools.isEmpty {
                quirks.noteEmptyStreamWithTools()
                mode = quirks.mode(withTools: true)
                emit(
                    .notice(
                        "the model server sent an empty stream when offered tools; asking again without streaming (kept for this session)"))
                continue
            }
            if case .badRequest(let message) = failure.error, mode.streaming, mode.streamOptions,
                message.lowercased().contains("stream_options")
            {
                quirks.noteRejectsStreamOptions()
                mode = quirks.mode(withTools: !request.tools.isEmpty)
                continue
            }
            attempt += 1
            guard failure.retryable, attempt <= configuration.retry.maxRetries,
                let delay = configuration.retry.delay(attempt: attempt, headers: failure.headers, now: clock.now(), random: &random)
            else {
                if case .connectionFailed = failure.error { quirks.forgetConnection() }
                throw failure.error
            }
            emit(.notice(Self.retryNotice(for: failure.error, delay: delay, attempt: attempt, of: configuration.retry.maxRetries)))
            try await sleep(delay)
        }
    }

    /// Opens one TCP connection before the first request (and after a connection failure), so that a server
    /// that is not there is told apart, within the connect timeout, from one that is slow to answer.
    private func checkConnection() async throws {
        guard !quirks.connectionVerified, probeConnections, ConnectProbe.applies(to: configuration.baseURL) else { return }
        do {
            try await ConnectProbe.check(configuration.baseURL, timeout: configuration.timeouts.connect)
            quirks.noteConnected()
        } catch .timedOut {
            throw OpenAIError.timedOut(.connect, after: configuration.timeouts.connect)
        } catch {
            throw OpenAIError.cannotConnect(url: configuration.baseURL.absoluteString, reason: redactor.redact(error.description))
        }
    }

    /// One request and its answer under one watchdog, which runs from the moment the request is sent: nothing
    /// within the first-token timeout (the response head counts for nothing, a server may send it before reading
    /// the prompt), a silence longer than the idle timeout, or the total cap ends the attempt.
    private func exchange(
        _ http: HTTPRequest, mode: RequestMode, offered: Set<String>, emit: @escaping @Sendable (ModelEvent) -> Void
    ) async throws {
        let progress = StreamProgress()
        let timeouts = configuration.timeouts
        let work = Task { try await send(http, mode: mode, offered: offered, emit: emit, progress: progress) }
        let sleep = self.sleep
        let watchdog = Task {
            var timeout = timeouts.firstToken
            while !Task.isCancelled {
                let seen = progress.activity
                try await sleep(timeout)
                if progress.activity == seen {
                    progress.timedOut(seen == 0 ? .firstByte : .idle)
                    work.cancel()
                    return
                }
                timeout = timeouts.idle
            }
        }
        let cap = Task {
            try await sleep(timeouts.total)
            progress.timedOut(.total)
            work.cancel()
        }
        defer {
            watchdog.cancel()
            cap.cancel()
        }
        do {
            try await withTaskCancellationHandler {
                try await work.value
            } onCancel: {
                work.cancel()
            }
        } catch {
            // A recorded timeout is the cause whatever the attempt threw while it was cancelled: closing the
            // connection can surface first as "the stream ended at an unexpected time".
            if let kind = progress.timeout {
                let after = kind == .firstByte ? timeouts.firstToken : kind == .idle ? timeouts.idle : timeouts.total
                // Waiting again for an answer that did not come in time cannot help; the message says what to raise.
                throw AttemptFailure(error: .timedOut(kind, after: after), retryable: false)
            }
            throw error
        }
    }

    private func send(
        _ http: HTTPRequest, mode: RequestMode, offered: Set<String>, emit: @escaping @Sendable (ModelEvent) -> Void,
        progress: StreamProgress
    ) async throws {
        let response: StreamingHTTPResponse
        do {
            // The transport's own timer (URLSession's, which also restarts on every wait for data) must never fire
            // before the watchdog: it gets the longest wait plus a margin.
            let longest = max(configuration.timeouts.firstToken, configuration.timeouts.idle) + .seconds(5)
            response = try await transport.send(http, timeout: longest)
        } catch let error as TransportError {
            // A connection that broke before the head: a reset, worth another try.
            throw AttemptFailure(error: .connectionFailed(redactor.redact(error.description)), retryable: true)
        }
        guard response.head.status == 200 else {
            let body = try await Self.collect(response.body, limit: 64 * 1024)
            let (error, code) = classify(status: response.head.status, body: body)
            throw AttemptFailure(
                error: error, retryable: RetryPolicy.isRetryable(status: response.head.status, errorCode: code),
                headers: response.head.headers)
        }
        do {
            if mode.streaming {
                try await readEvents(response.body, toolsOffered: !offered.isEmpty, emit: emit, progress: progress)
            } else {
                try await readWhole(response.body, offered: offered, emit: emit, progress: progress)
            }
        } catch let error as OpenAIError {
            // A stream that broke before any output: nothing reached the user, so another try cannot duplicate text.
            let retryable: Bool
            if case .connectionFailed = error { retryable = !progress.emittedOutput } else { retryable = false }
            throw AttemptFailure(error: error, retryable: retryable)
        }
    }

    private func readEvents(
        _ body: AsyncThrowingStream<[UInt8], Error>, toolsOffered: Bool, emit: @Sendable (ModelEvent) -> Void, progress: StreamProgress
    ) async throws {
        var parser = ServerSentEventParser()
        var finish: FinishReason?
        var done = false
        let decoder = JSONDecoder()
        do {
            streaming: for try await chunk in body {
                progress.touch()
                for event in parser.feed(chunk) {
                    if event.data == "[DONE]" {
                        done = true
                        break streaming
                    }
                    guard let decoded = try? decoder.decode(ChatCompletionChunk.self, from: Data(event.data.utf8)) else {
                        throw OpenAIError.malformedStream("could not read \(redactor.redact(String(event.data.prefix(120))))")
                    }
                    progress.sawEvent()
                    if let reason = try emitChoices(of: decoded, emit: emit, progress: progress) { finish = reason }
                }
            }
        } catch let error as TransportError {
            throw OpenAIError.connectionFailed("the connection broke during the answer (\(redactor.redact(error.description)))")
        }
        try Task.checkCancellation()
        if !done && finish == nil {
            // An OK response with no events at all is what some servers send when they ignore the request.
            throw progress.sawAnyEvent
                ? OpenAIError.connectionFailed("the stream ended before the answer was complete") : OpenAIError.emptyStream
        }
        // llama-cpp-python streams an empty answer when tool_choice is "auto": the same as no stream at all.
        if toolsOffered && !progress.emittedOutput { throw OpenAIError.emptyStream }
        emit(.finish(finish ?? .stop))
    }

    /// A response without streaming: one JSON body with the whole message.
    private func readWhole(
        _ body: AsyncThrowingStream<[UInt8], Error>, offered: Set<String>, emit: @Sendable (ModelEvent) -> Void, progress: StreamProgress
    ) async throws {
        var bytes: [UInt8] = []
        do {
            for try await chunk in body {
                progress.touch()
                bytes += chunk
            }
        } catch let error as TransportError {
            throw OpenAIError.connectionFailed("the connection broke during the answer (\(redactor.redact(error.description)))")
        }
        try Task.checkCancellation()
        guard !bytes.isEmpty else { throw OpenAIError.emptyStream }
        guard let decoded = try? JSONDecoder().decode(ChatCompletionChunk.self, from: Data(bytes)) else {
            throw OpenAIError.malformedStream("could not read \(redactor.redact(String(decoding: bytes.prefix(120), as: UTF8.self)))")
        }
        // A whole answer with no text and no call is the model's answer (small models give it); the engine
        // decides what to do with an empty answer.
        let finish = try emitChoices(of: TextualToolCall.converted(decoded, offered: offered), emit: emit, progress: progress)
        emit(.finish(finish ?? .stop))
    }

    /// The text, tool-call pieces and usage of one chunk (or of a whole answer); returns its finish reason.
    private func emitChoices(
        of decoded: ChatCompletionChunk, emit: @Sendable (ModelEvent) -> Void, progress: StreamProgress
    ) throws -> FinishReason? {
        if let error = decoded.error {
            throw OpenAIError.streamError(redactor.redact(error.message ?? error.code ?? "unknown error"))
        }
        var finish: FinishReason?
        for choice in decoded.choices ?? [] {
            guard let delta = choice.delta ?? choice.message else {
                if let reason = choice.finishReason { finish = FinishReason(rawValue: reason) ?? .stop }
                continue
            }
            if let text = delta.content, !text.isEmpty {
                progress.emitted()
                emit(.textDelta(text))
            }
            for (position, call) in delta.calls.enumerated() {
                progress.emitted()
                emit(
                    .toolCallDelta(
                        index: call.index ?? position, id: call.id, name: call.function?.name, arguments: call.function?.arguments ?? ""))
            }
            if let reason = choice.finishReason { finish = FinishReason(rawValue: reason) ?? .stop }
        }
        if let usage = decoded.usage {
            emit(.usage(TokenUsage(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)))
        }
        return finish
    }

    /// Maps an HTTP error response to the error users see, plus the API's error code.
    func classify(status: Int, body: [UInt8]) -> (OpenAIError, String?) {
        let detail = try? JSONDecoder().decode(APIErrorBody.self, from: Data(body)).error
        let message = redactor.redact(detail?.message ?? String(decoding: body.prefix(200), as: UTF8.self))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let code = detail?.code ?? detail?.type
        switch status {
        case 401: return (.invalidAPIKey, code)
        case 403: return (.forbidden(message), code)
        case 404: return (.modelNotFound(model: configuration.model, message: message), code)
        case 429 where code == "insufficient_quota": return (.quotaExceeded, code)
        case 429: return (.rateLimited(message), code)
        case 408, 409, 500...599: return (.serviceUnavailable(status: status), code)
        case 400 where Self.mentionsTools(message), 422 where Self.mentionsTools(message):
            return (.toolsRejected(message), code)
        default: return (.badRequest(message.isEmpty ? "HTTP \(status)" : message), code)
        }
    }

    /// A 400 that is about function calling: the tools, tool_choice, or a chat template that cannot do them.
    static func mentionsTools(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return ["tool", "function", "chat template", "chat_format", "chat format"].contains { lowered.contains($0) }
            && !lowered.contains("stream_options")
    }

    static func retryNotice(for failure: OpenAIError, delay: Duration, attempt: Int, of total: Int) -> String {
        let seconds = delay.inSeconds
        let wait = seconds < 10 ? String(format: "%.1f s", seconds) : "\(Int(seconds.rounded())) s"
        let reason: String
        switch failure {
        case .rateLimited: reason = "rate limited"
        case .serviceUnavailable(let status): reason = "the model service is unavailable (HTTP \(status))"
        case .timedOut(let kind, _): reason = "timed out \(kind.rawValue)"
        default: reason = "could not reach the model service"
        }
        return "\(reason), retrying in \(wait) (retry \(attempt) of \(total))"
    }

    static func collect(_ body: AsyncThrowingStream<[UInt8], Error>, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await chunk in body where bytes.count < limit { bytes += chunk.prefix(limit - bytes.count) }
        } catch is TransportError {
            // A truncated error body still says enough.
        }
        return bytes
    }
}

/// What a server was seen to need, remembered for the session so each quirk costs one failed request at most.
final class ServerQuirks: Sendable {
    private struct State {
        var streamingWithToolsBroken = false
        var rejectsStreamOptions = false
        var connectionVerified = false
    }

    private let state = Mutex(State())

    var connectionVerified: Bool { state.withLock { $0.connectionVerified } }
    func noteConnected() { state.withLock { $0.connectionVerified = true } }
    func forgetConnection() { state.withLock { $0.connectionVerified = false } }
    func noteEmptyStreamWithTools() { state.withLock { $0.streamingWithToolsBroken = true } }
    func noteRejectsStreamOptions() { state.withLock { $0.rejectsStreamOptions = true } }

    func mode(withTools: Bool) -> OpenAIChatModel.RequestMode {
        state.withLock { state in
            OpenAIChatModel.RequestMode(
                streaming: !(withTools && state.streamingWithToolsBroken), streamOptions: !state.rejectsStreamOptions)
        }
    }

    var adaptations: [String] {
        state.withLock { state in
            (state.streamingWithToolsBroken ? ["no streaming when tools are offered"] : [])
                + (state.rejectsStreamOptions ? ["no stream_options"] : [])
        }
    }
}

/// What a stream has done so far, shared between the reader and its watchdog.
final class StreamProgress: Sendable {
    private struct State {
        var activity = 0
        var emittedOutput = false
        var sawEvent = false
        var timeout: OpenAIError.TimeoutKind?
    }

    private let state = Mutex(State())

    var activity: Int { state.withLock { $0.activity } }
    var emittedOutput: Bool { state.withLock { $0.emittedOutput } }
    var sawAnyEvent: Bool { state.withLock { $0.sawEvent } }
    var timeout: OpenAIError.TimeoutKind? { state.withLock { $0.timeout } }

    func touch() { state.withLock { $0.activity += 1 } }
    func sawEvent() { state.withLock { $0.sawEvent = true } }
    func emitted() { state.withLock { $0.emittedOutput = true } }
    func timedOut(_ kind: OpenAIError.TimeoutKind) { state.withLock { $0.timeout = kind } }
}
