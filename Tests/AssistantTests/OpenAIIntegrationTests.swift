import Assistant
import FakeOpenAIServer
import Foundation
import Testing

/// The live URLSession transport against a real local HTTP server.
@Suite("OpenAI client over real sockets", .serialized)
struct OpenAIIntegrationTests {
    func model(_ server: FakeOpenAIServer, timeout: Duration = .seconds(30), retries: Int = 2) -> OpenAIChatModel {
        let configuration = OpenAIConfiguration(
            baseURL: URL(string: server.baseURL)!, apiKey: "sk-live-test-key-000000", model: "gpt-test",
            retry: RetryPolicy(maxRetries: retries, baseDelay: .milliseconds(20), maxDelay: .milliseconds(50)),
            timeouts: ModelTimeouts(connect: .seconds(5), firstToken: timeout, idle: timeout, total: .seconds(120)))
        return OpenAIChatModel(configuration: configuration, transport: URLSessionTransport())
    }

    func run(_ model: OpenAIChatModel) async -> (events: [(ModelEvent, ContinuousClock.Instant)], error: Error?) {
        var events: [(ModelEvent, ContinuousClock.Instant)] = []
        do {
            for try await event in model.stream(ChatRequest(messages: [.user("hi")], tools: [])) {
                events.append((event, .now))
            }
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    @Test("text arrives while the server is still holding the rest of the stream, and the request is well formed")
    func streamsIncrementally() async throws {
        let gate = Gate()
        let chunks = FakeOpenAIServer.text(["one ", "two"])
        let server = try await FakeOpenAIServer([.gated(first: Array(chunks.prefix(1)), rest: Array(chunks.dropFirst()), gate: gate)])
        defer { Task { await server.shutdown() } }

        var texts: [String] = []
        for try await event in model(server).stream(ChatRequest(messages: [.user("hi")], tools: [])) {
            guard case .textDelta(let text) = event else { continue }
            texts.append(text)
            // The first delta is here while the server still holds the rest back: the body is streamed.
            if texts.count == 1 { gate.open() }
        }

        #expect(texts == ["one ", "two"])
        #expect(!gate.openedByTimeout, "the first delta only arrived after the whole body")
        let request = try #require(server.received.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer sk-live-test-key-000000")
        #expect(request.body.contains(#""stream":true"#))
    }

    @Test("a 429 with retry-after-ms is retried over the wire and then succeeds")
    func retriesOverTheWire() async throws {
        let server = try await FakeOpenAIServer([
            .status(429, headers: ["retry-after-ms": "30"], body: #"{"error":{"message":"slow down"}}"#),
            .stream(FakeOpenAIServer.text(["ok"])),
        ])
        defer { Task { await server.shutdown() } }

        let result = await run(model(server))

        #expect(result.error == nil)
        #expect(server.received.count == 2)
        #expect(result.events.contains { if case .notice(let text) = $0.0 { return text.hasPrefix("rate limited") } else { return false } })
    }

    @Test("401 is reported at once without retrying")
    func unauthorized() async throws {
        let server = try await FakeOpenAIServer([
            .status(401, body: #"{"error":{"message":"Incorrect API key provided: sk-live-test-key-000000"}}"#)
        ])
        defer { Task { await server.shutdown() } }

        let result = await run(model(server))

        #expect(result.error as? OpenAIError == .invalidAPIKey)
        #expect(server.received.count == 1)
    }

    @Test("a connection cut mid-answer ends with an error after the text already shown")
    func cutMidStream() async throws {
        let server = try await FakeOpenAIServer([.cut(Array(FakeOpenAIServer.text(["partial"]).prefix(1)))])
        defer { Task { await server.shutdown() } }

        let result = await run(model(server))

        #expect(result.events.first.map { $0.0 } == .textDelta("partial"))
        #expect(result.error != nil)
        #expect(server.received.count == 1)
    }

    @Test("a stalled server times out waiting for the first token")
    func stall() async throws {
        let server = try await FakeOpenAIServer([.stall, .stall, .stall])
        defer { Task { await server.shutdown() } }

        let result = await run(model(server, timeout: .milliseconds(200), retries: 0))

        #expect(result.error as? OpenAIError == .timedOut(.firstByte, after: .milliseconds(200)))
    }

    @Test("nothing listening is named as such, at once: no request is sent and nothing is retried")
    func nothingListening() async throws {
        let server = try await FakeOpenAIServer([])
        let url = server.baseURL
        await server.shutdown()
        let configuration = OpenAIConfiguration(
            baseURL: URL(string: url)!, apiKey: nil, model: "m",
            retry: RetryPolicy(maxRetries: 1, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20)))

        var failure: Error?
        do {
            for try await _ in OpenAIChatModel(configuration: configuration, transport: URLSessionTransport())
                .stream(ChatRequest(messages: [.user("x")], tools: []))
            {}
        } catch {
            failure = error
        }

        guard case .cannotConnect(let address, let reason) = failure as? OpenAIError else {
            Issue.record("expected a connection failure, got \(String(describing: failure))")
            return
        }
        #expect(address == url)
        #expect(reason.contains("connection refused"), "\(reason)")
        #expect("\(failure!)".contains("is it running?"))
    }
}
