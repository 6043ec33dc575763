import Assistant
import FakeOpenAIServer
import Foundation
import Testing
import Transport

/// The NIO transport that carries requests to plain-HTTP model servers, over real sockets to a local fake server.
@Suite("Model requests over the NIO transport", .serialized)
struct NIOHTTPTransportTests {
    func model(_ server: FakeOpenAIServer, firstToken: Duration = .seconds(30), retries: Int = 2) -> OpenAIChatModel {
        let configuration = OpenAIConfiguration(
            baseURL: URL(string: server.baseURL)!, apiKey: nil, model: "local",
            retry: RetryPolicy(maxRetries: retries, baseDelay: .milliseconds(20), maxDelay: .milliseconds(50)),
            timeouts: ModelTimeouts(connect: .seconds(5), firstToken: firstToken, idle: firstToken, total: .seconds(60)))
        return OpenAIChatModel(configuration: configuration, transport: NIOHTTPTransport())
    }

    func run(_ model: OpenAIChatModel) async -> (texts: [String], notices: [String], error: Error?) {
        var texts: [String] = []
        var notices: [String] = []
        do {
            for try await event in model.stream(ChatRequest(messages: [.user("hi")], tools: [])) {
                if case .textDelta(let text) = event { texts.append(text) }
                if case .notice(let text) = event { notices.append(text) }
            }
            return (texts, notices, nil)
        } catch {
            return (texts, notices, error)
        }
    }

    @Test("the body streams: the first delta arrives while the server holds back the rest; the request is well formed")
    func streams() async throws {
        let gate = Gate()
        let chunks = FakeOpenAIServer.text(["one ", "two"])
        let server = try await FakeOpenAIServer([.gated(first: Array(chunks.prefix(1)), rest: Array(chunks.dropFirst()), gate: gate)])
        defer { Task { await server.shutdown() } }

        var texts: [String] = []
        for try await event in model(server).stream(ChatRequest(messages: [.user("hi")], tools: [])) {
            guard case .textDelta(let text) = event else { continue }
            texts.append(text)
            if texts.count == 1 { gate.open() }
        }
        #expect(texts == ["one ", "two"])
        #expect(!gate.openedByTimeout)
        let request = try #require(server.received.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.body.contains(#""stream":true"#))
        #expect(request.headers["content-type"] == "application/json")
    }

    @Test("a 429 is retried over the wire; an error status carries its body")
    func statuses() async throws {
        let server = try await FakeOpenAIServer([
            .status(429, headers: ["retry-after-ms": "30"], body: #"{"error":{"message":"slow down"}}"#),
            .stream(FakeOpenAIServer.text(["ok"])),
            .status(404, body: #"{"error":{"message":"model 'local' not found"}}"#),
        ])
        defer { Task { await server.shutdown() } }
        let chat = model(server)
        let first = await run(chat)
        #expect(first.error == nil)
        #expect(first.texts == ["ok"])
        #expect(first.notices.first?.hasPrefix("rate limited") == true)
        let second = await run(chat)
        #expect("\(second.error!)".contains("model 'local' not found"))
    }

    @Test("a cut stream is an error after the text shown; a stalled one times out waiting for the first token")
    func failures() async throws {
        let server = try await FakeOpenAIServer([.cut(Array(FakeOpenAIServer.text(["partial"]).prefix(1))), .stall])
        defer { Task { await server.shutdown() } }
        let cut = await run(model(server))
        #expect(cut.texts == ["partial"])
        #expect(cut.error != nil)
        let stalled = await run(model(server, firstToken: .milliseconds(300), retries: 0))
        #expect(stalled.error as? OpenAIError == .timedOut(.firstByte, after: .milliseconds(300)))
    }

    @Test("nothing listening: a clear connection error, and only http:// URLs are taken")
    func refused() async throws {
        let server = try await FakeOpenAIServer([])
        let url = server.baseURL
        await server.shutdown()
        let transport = NIOHTTPTransport()
        await #expect(throws: TransportError.connectionFailed("connection refused")) {
            _ = try await transport.send(HTTPRequest(url: URL(string: url + "/chat/completions")!), timeout: .seconds(5))
        }
        #expect(NIOHTTPTransport.supports(URL(string: "http://127.0.0.1:8080/v1")!))
        #expect(!NIOHTTPTransport.supports(URL(string: "https://api.openai.com/v1")!))
    }
}
