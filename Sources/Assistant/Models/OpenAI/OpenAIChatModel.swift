import Foundation
import Synchronization

/// A Chat Completions model on any OpenAI-compatible service (OpenAI, Ollama, vLLM, llama.cpp server):
/// streamed, with retries on transient failures and timeouts on connect, first token and idle stream.
public struct OpenAIChatModel: ChatModel {
    public let configuration: OpenAIConfiguration
    let transport: any StreamingHTTPTransport
    let clock: WallClock
    let sleep: @Sendable (Duration) async throws -> Void
    let redactor: SecretRedactor

    public var name: String { configuration.model }

    public init(
        configuration: OpenAIConfiguration, transport: any StreamingHTTPTransport, clock: WallClock = .system,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.sleep = sleep
        self.redactor = SecretRedactor(secrets: [configuration.apiKey].compactMap { $0 })
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ModelEvent, Error> {
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

    func makeHTTPRequest(_ request: ChatRequest) throws -> HTTPRequest {
        let body = ChatCompletionsRequest(
            model: configuration.model, request: request, temperature: configuration.temperature,
            maxTokens: configuration.maxTokens)
        var headers = ["Content-Type": "application/json", "Accept": "text/event-stream"]
        if let key = configuration.apiKey { headers["Authorization"] = "Bearer \(key)" }
        return HTTPRequest(url: configuration.completionsURL, headers: headers, body: try JSONEncoder().encode(body))
    }

    private func perform(_ request: ChatRequest, emit: @escaping @Sendable (ModelEvent) -> Void) async throws {
        let http = try makeHTTPRequest(request)
        var random = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            try Task.checkCancellation()
            var headers: [String: String] = [:]
            let failure: OpenAIError
            do {
                // The transport's own timer (URLSession's timeoutInterval) restarts on every wait for data, including the
                // wait for the response head of a server still reading the prompt: it must never undercut the
                // first-token watchdog, so it gets the longer of the two.
                let response = try await transport.send(http, timeout: max(configuration.connectTimeout, configuration.firstTokenTimeout))
                headers = response.head.headers
                if response.head.status == 200 {
                    let progress = StreamProgress()
                    do {
                        try await consume(response.body, emit: emit, progress: progress)
                        return
                    } catch let error as OpenAIError where Self.isTransient(error) && !progress.emittedOutput {
                        // Nothing reached the user yet, so trying again cannot duplicate text.
                        failure = error
                    }
                } else {
                    let body = try await Self.collect(response.body, limit: 64 * 1024)
                    let (error, code) = classify(status: response.head.status, body: body)
                    guard RetryPolicy.isRetryable(status: response.head.status, errorCode: code) else { throw error }
                    failure = error
                }
            } catch let error as TransportError {
                failure = error == .timedOut ? .timedOut(.connect) : .connectionFailed(redactor.redact(error.description))
            }
            attempt += 1
            guard attempt <= configuration.retry.maxRetries,
                let delay = configuration.retry.delay(attempt: attempt, headers: headers, now: clock.now(), random: &random)
            else { throw failure }
            emit(.notice(Self.retryNotice(for: failure, delay: delay, attempt: attempt, of: configuration.retry.maxRetries)))
            try await sleep(delay)
        }
    }

    /// Reads the stream under a watchdog: no event within the first-token timeout, or a silence longer
    /// than the idle timeout, ends it with `.timedOut`.
    private func consume(
        _ body: AsyncThrowingStream<[UInt8], Error>, emit: @escaping @Sendable (ModelEvent) -> Void,
        progress: StreamProgress
    ) async throws {
        let reader = Task { try await readEvents(body, emit: emit, progress: progress) }
        let configuration = self.configuration
        let sleep = self.sleep
        let watchdog = Task {
            var timeout = configuration.firstTokenTimeout
            while !Task.isCancelled {
                let seen = progress.activity
                try await sleep(timeout)
                if progress.activity == seen {
                    progress.timedOut(seen == 0 ? .firstByte : .idle)
                    reader.cancel()
                    return
                }
                timeout = configuration.idleTimeout
            }
        }
        defer { watchdog.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await reader.value
            } onCancel: {
                reader.cancel()
            }
        } catch {
            if let kind = progress.timeout { throw OpenAIError.timedOut(kind) }
            throw error
        }
    }

    private func readEvents(
        _ body: AsyncThrowingStream<[UInt8], Error>, emit: @Sendable (ModelEvent) -> Void, progress: StreamProgress
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
                    if let error = decoded.error {
                        throw OpenAIError.streamError(redactor.redact(error.message ?? error.code ?? "unknown error"))
                    }
                    progress.sawEvent()
                    for choice in decoded.choices ?? [] {
                        if let text = choice.delta?.content, !text.isEmpty {
                            progress.emitted()
                            emit(.textDelta(text))
                        }
                        for call in choice.delta?.toolCalls ?? [] {
                            progress.emitted()
                            emit(.toolCallDelta(
                                index: call.index ?? 0, id: call.id, name: call.function?.name,
                                arguments: call.function?.arguments ?? ""))
                        }
                        if let reason = choice.finishReason { finish = FinishReason(rawValue: reason) ?? .stop }
                    }
                    if let usage = decoded.usage {
                        emit(.usage(TokenUsage(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)))
                    }
                }
            }
        } catch let error as TransportError {
            throw OpenAIError.connectionFailed("the connection broke during the answer (\(redactor.redact(error.description)))")
        }
        try Task.checkCancellation()
        if !done && finish == nil {
            // An OK response with no events at all is what some servers send when they ignore the request.
            throw progress.sawAnyEvent ? OpenAIError.connectionFailed("the stream ended before the answer was complete") : OpenAIError.emptyStream
        }
        emit(.finish(finish ?? .stop))
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
        default: return (.badRequest(message.isEmpty ? "HTTP \(status)" : message), code)
        }
    }

    static func isTransient(_ error: OpenAIError) -> Bool {
        switch error {
        case .connectionFailed, .timedOut: return true
        default: return false
        }
    }

    static func retryNotice(for failure: OpenAIError, delay: Duration, attempt: Int, of total: Int) -> String {
        let seconds = delay.inSeconds
        let wait = seconds < 10 ? String(format: "%.1f s", seconds) : "\(Int(seconds.rounded())) s"
        let reason: String
        switch failure {
        case .rateLimited: reason = "rate limited"
        case .serviceUnavailable(let status): reason = "the model service is unavailable (HTTP \(status))"
        case .timedOut(let kind): reason = "timed out \(kind.rawValue)"
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
