import Assistant
import AssistantTesting
import Foundation
import Synchronization
import Testing

@Suite("OpenAI Chat Completions client")
struct OpenAIChatModelTests {
    static let key = "sk-test-SECRETKEY1234567890"

    /// Retry waits (≥ 250 ms) are recorded and skipped; watchdog timeouts (≥ 30 s) never fire;
    /// the 50 ms timeouts of the stall tests really sleep.
    final class Sleeper: Sendable {
        let slept = Mutex<[Duration]>([])
        var recorded: [Duration] { slept.withLock { $0 } }
        func sleep(_ duration: Duration) async throws {
            if duration >= .seconds(30) { try await Task.sleep(for: .seconds(3600)) }
            if duration <= .milliseconds(100) {
                try await Task.sleep(for: duration)
                return
            }
            slept.withLock { $0.append(duration) }
        }
    }

    func model(
        _ transport: ScriptedTransport, sleeper: Sleeper = Sleeper(), firstTokenTimeout: Duration = .seconds(60)
    ) -> OpenAIChatModel {
        let configuration = OpenAIConfiguration(
            baseURL: URL(string: "http://127.0.0.1:9/v1")!, apiKey: Self.key, model: "gpt-test",
            timeouts: ModelTimeouts(connect: .seconds(5), firstToken: firstTokenTimeout, idle: firstTokenTimeout, total: .seconds(600)))
        return OpenAIChatModel(configuration: configuration, transport: transport, probeConnections: false, sleep: sleeper.sleep)
    }

    func run(_ model: OpenAIChatModel, _ request: ChatRequest = ChatRequest(messages: [.user("hi")], tools: []))
        async -> (events: [ModelEvent], error: Error?)
    {
        var events: [ModelEvent] = []
        do {
            for try await event in model.stream(request) { events.append(event) }
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    @Test("text deltas stream in order, then usage and finish; the request has the documented fields")
    func streamsText() async throws {
        let transport = ScriptedTransport([.response(status: 200, chunks: ScriptedTransport.textStream(["Hel", "lo"]))])
        let call = ToolCall(id: "call_1", name: "get_profile", arguments: "{}")
        let request = ChatRequest(
            messages: [
                ChatMessage(role: .system, content: "sys"), .user("hi"), .assistant("", toolCalls: [call]),
                .tool(call, content: #"{"ok":true}"#),
            ],
            tools: [ToolSchema(name: "get_profile", description: "d", parameters: ["type": "object"])])

        let result = await run(model(transport), request)

        #expect(result.error == nil)
        #expect(
            result.events == [
                .textDelta("Hel"), .textDelta("lo"), .usage(TokenUsage(promptTokens: 10, completionTokens: 5)), .finish(.stop),
            ])
        let sent = try #require(transport.requests.first)
        #expect(sent.url.absoluteString == "http://127.0.0.1:9/v1/chat/completions")
        #expect(sent.headers["Authorization"] == "Bearer \(Self.key)")
        let body = try #require(transport.requestBodies.first)
        #expect(body["model"] == "gpt-test")
        #expect(body["stream"] == true)
        #expect(body["stream_options"] == ["include_usage": true])
        #expect(body["tool_choice"] == "auto")
        #expect(body["tools"]?.arrayValue?.first?["function"]?["name"] == "get_profile")
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages[2]["content"] == "", "assistant tool-call messages carry an empty string, never null")
        #expect(messages[2]["tool_calls"]?.arrayValue?.first?["id"] == "call_1")
        #expect(messages[3]["tool_call_id"] == "call_1")
    }

    @Test("two parallel tool calls with arguments split mid-JSON are reassembled by index")
    func splitToolCalls() async throws {
        let chunks = [
            #"data: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"search_jobs","arguments":"{\"que"}}]}}]}"#
                + "\n\n",
            #"data: {"choices":[{"delta":{"tool_calls":[{"index":1,"id":"b","type":"function","function":{"name":"get_profile","arguments":""}}]}}]}"#
                + "\n\n",
            #"data: {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ry\":\"ios\"}"}}]}}]}"# + "\r\n\r\n",
            #"data: {"choices":[{"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]}}]}"# + "\n\n: keep-alive\n\n",
            #"data: {"choices":[{"delta":{},"finish_reason":"tool_calls"}]}"# + "\n\ndata: [DONE]\n\n",
        ]
        // Deliver the bytes in awkward 7-byte pieces to exercise partial lines.
        let joined = chunks.joined()
        let pieces = stride(from: 0, to: joined.utf8.count, by: 7).map { start in
            String(decoding: Array(joined.utf8)[start..<min(start + 7, joined.utf8.count)], as: UTF8.self)
        }
        let transport = ScriptedTransport([.response(status: 200, chunks: pieces)])

        let result = await run(model(transport))

        var accumulator = ToolCallAccumulator()
        for case .toolCallDelta(let index, let id, let name, let arguments) in result.events {
            accumulator.add(index: index, id: id, name: name, arguments: arguments)
        }
        #expect(result.error == nil)
        #expect(
            accumulator.calls() == [
                ToolCall(id: "a", name: "search_jobs", arguments: #"{"query":"ios"}"#),
                ToolCall(id: "b", name: "get_profile", arguments: "{}"),
            ])
        #expect(result.events.last == .finish(.toolCalls))
    }

    @Test("429 with retry-after waits that long, tells the user, then succeeds")
    func retryAfter() async throws {
        let sleeper = Sleeper()
        let transport = ScriptedTransport([
            .response(
                status: 429, headers: ["Retry-After": "2"], chunks: [#"{"error":{"message":"slow down","code":"rate_limit_exceeded"}}"#]),
            .response(status: 200, chunks: ScriptedTransport.textStream(["ok"])),
        ])

        let result = await run(model(transport, sleeper: sleeper))

        #expect(result.error == nil)
        #expect(sleeper.recorded == [.seconds(2)])
        #expect(result.events.first == .notice("rate limited, retrying in 2.0 s (retry 1 of 2)"))
        #expect(transport.requests.count == 2)
    }

    @Test("retry-after-ms is honoured in milliseconds")
    func retryAfterMilliseconds() async throws {
        let sleeper = Sleeper()
        let transport = ScriptedTransport([
            .response(status: 503, headers: ["retry-after-ms": "1500"], chunks: []),
            .response(status: 200, chunks: ScriptedTransport.textStream(["ok"])),
        ])
        _ = await run(model(transport, sleeper: sleeper))
        #expect(sleeper.recorded == [.milliseconds(1500)])
    }

    @Test("a 500 is retried with backoff; after the retries run out the user sees the service is unavailable")
    func serverErrors() async throws {
        let sleeper = Sleeper()
        let transport = ScriptedTransport(Array(repeating: .response(status: 500, chunks: ["oops"]), count: 3))

        let result = await run(model(transport, sleeper: sleeper))

        #expect(transport.requests.count == 3)
        #expect(sleeper.recorded.count == 2)
        #expect(sleeper.recorded.allSatisfy { $0 >= .milliseconds(250) && $0 <= .seconds(8) })
        #expect(result.error as? OpenAIError == .serviceUnavailable(status: 500))
        #expect("\(result.error!)".contains("the model service is unavailable"))
    }

    @Test(
        "401, 400, 403, 404 and insufficient_quota are never retried",
        arguments: [
            (401, #"{"error":{"message":"Incorrect API key provided: sk-test-SECRETKEY1234567890","code":"invalid_api_key"}}"#),
            (400, #"{"error":{"message":"bad","code":null}}"#),
            (403, "{}"),
            (404, #"{"error":{"message":"The model does not exist"}}"#),
            (429, #"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#),
        ])
    func noRetry(status: Int, body: String) async throws {
        let transport = ScriptedTransport([.response(status: status, chunks: [body]), .response(status: 200, chunks: [])])

        let result = await run(model(transport))

        #expect(transport.requests.count == 1)
        let error = try #require(result.error)
        #expect(!"\(error)".contains("SECRETKEY"), "the key never appears in errors")
        if status == 401 { #expect(error as? OpenAIError == .invalidAPIKey) }
        if status == 429 { #expect(error as? OpenAIError == .quotaExceeded) }
    }

    @Test("a Retry-After longer than a minute fails at once instead of hanging the turn")
    func retryAfterTooLong() async throws {
        let transport = ScriptedTransport([.response(status: 429, headers: ["retry-after": "3600"], chunks: [])])
        let result = await run(model(transport))
        #expect(transport.requests.count == 1)
        #expect(result.error as? OpenAIError == .rateLimited(""))
    }

    @Test("connection failures are retried, then reported")
    func connectionRefused() async throws {
        let transport = ScriptedTransport(Array(repeating: .noResponse(.connectionFailed("connection refused")), count: 3))
        let result = await run(model(transport))
        #expect(transport.requests.count == 3)
        #expect(result.error as? OpenAIError == .connectionFailed("connection refused"))
    }

    @Test("a stream cut after text was shown is an error, not a silent retry that would repeat the text")
    func cutAfterOutput() async throws {
        let transport = ScriptedTransport([
            .response(
                status: 200, chunks: Array(ScriptedTransport.textStream(["partial"]).prefix(1)),
                ending: .fail(.connectionFailed("reset"))),
            .response(status: 200, chunks: ScriptedTransport.textStream(["again"])),
        ])

        let result = await run(model(transport))

        #expect(transport.requests.count == 1)
        #expect(result.events == [.textDelta("partial")])
        #expect("\(result.error!)".contains("connection broke"))
    }

    @Test("a stream cut before anything was shown is retried")
    func cutBeforeOutput() async throws {
        let transport = ScriptedTransport([
            .response(status: 200, chunks: [], ending: .fail(.connectionFailed("reset"))),
            .response(status: 200, chunks: ScriptedTransport.textStream(["fine"])),
        ])
        let result = await run(model(transport))
        #expect(result.error == nil)
        #expect(result.events.contains(.textDelta("fine")))
    }

    @Test("a malformed JSON chunk ends the answer with a clear error")
    func malformedChunk() async throws {
        let transport = ScriptedTransport([.response(status: 200, chunks: ["data: {\"choices\": [\n\n"])])
        let result = await run(model(transport))
        #expect("\(result.error!)".contains("malformed stream"))
    }

    @Test("an error object inside the stream is reported with its message, key redacted")
    func errorInStream() async throws {
        let transport = ScriptedTransport([
            .response(
                status: 200,
                chunks: [
                    "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n",
                    "data: {\"error\":{\"message\":\"overloaded for sk-test-SECRETKEY1234567890\",\"type\":\"server_error\"}}\n\n",
                ])
        ])
        let result = await run(model(transport))
        #expect(result.events == [.textDelta("Hi")])
        let text = "\(result.error!)"
        #expect(text.contains("overloaded for [redacted]"))
    }

    @Test("an OK response with no events at all is an error, not an empty answer")
    func emptyStream() async throws {
        let transport = ScriptedTransport([.response(status: 200, chunks: [])])
        let result = await run(model(transport))
        #expect(result.error as? OpenAIError == .emptyStream)
        #expect(transport.requests.count == 1)
    }

    @Test("a stalled stream times out waiting for the first token and is not retried: waiting again cannot help")
    func stalledStream() async throws {
        let transport = ScriptedTransport(Array(repeating: .response(status: 200, chunks: [], ending: .stall), count: 3))
        let result = await run(model(transport, firstTokenTimeout: .milliseconds(50)))
        #expect(result.error as? OpenAIError == .timedOut(.firstByte, after: .milliseconds(50)))
        #expect(transport.requests.count == 1)
        #expect("\(result.error!)".contains("raise --first-token-timeout"))
    }

    @Test("a stream that stalls after the first token times out as idle")
    func idleStream() async throws {
        let transport = ScriptedTransport([
            .response(status: 200, chunks: ["data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"], ending: .stall)
        ])
        let result = await run(model(transport, firstTokenTimeout: .milliseconds(50)))
        #expect(result.error as? OpenAIError == .timedOut(.idle, after: .milliseconds(50)))
        #expect(transport.requests.count == 1)
    }

    @Test("through the engine, a tool round trip sends the tool result back under the call's id")
    func engineRoundTrip() async throws {
        let toolCall = [
            #"data: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_9","function":{"name":"echo","arguments":"{\"x\":1}"}}]}}]}"#
                + "\n\n",
            #"data: {"choices":[{"delta":{},"finish_reason":"tool_calls"}]}"# + "\n\ndata: [DONE]\n\n",
        ]
        let transport = ScriptedTransport([
            .response(status: 200, chunks: toolCall),
            .response(status: 200, chunks: ScriptedTransport.textStream(["Done."])),
        ])
        let engine = TurnEngine(model: model(transport), tools: ToolRegistry([EchoTool()]))
        let conversation = try await Conversation.open(userID: 3, store: InMemoryConversationStore(), engine: engine)

        var final: ChatMessage?
        for await event in conversation.send("go") { if case .final(let message) = event { final = message } }

        #expect(final?.content == "Done.")
        let second = try #require(transport.requestBodies.last?["messages"]?.arrayValue)
        #expect(second.last?["role"] == "tool")
        #expect(second.last?["tool_call_id"] == "call_9")
        #expect(second[second.count - 2]["tool_calls"]?.arrayValue?.first?["function"]?["arguments"] == #"{"x":1}"#)
    }
}

@Suite("OpenAI-compatible servers' quirks (llama.cpp, Ollama, vLLM)")
struct CompatibleServerTests {
    let tools = [ToolSchema(name: "search_jobs", description: "Search.", parameters: ["type": "object"])]

    func model(_ transport: ScriptedTransport) -> OpenAIChatModel {
        let configuration = OpenAIConfiguration(baseURL: URL(string: "http://127.0.0.1:9/v1")!, apiKey: nil, model: "local")
        // Retry waits pass at once; the watchdog's long timers never fire.
        return OpenAIChatModel(
            configuration: configuration, transport: transport, probeConnections: false,
            sleep: { duration in
                if duration >= .seconds(30) { try await Task.sleep(for: .seconds(3600)) }
            })
    }

    func run(_ model: OpenAIChatModel, tools: [ToolSchema]) async -> (events: [ModelEvent], error: Error?) {
        var events: [ModelEvent] = []
        do {
            for try await event in model.stream(ChatRequest(messages: [.user("find nurse jobs")], tools: tools)) { events.append(event) }
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    static let wholeAnswer =
        #"{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"search_jobs","arguments":"{\"query\":\"nurse\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":900,"completion_tokens":12}}"#

    @Test("an empty stream when tools are offered: asked again without streaming, and kept that way for the session")
    func emptyStreamWithTools() async throws {
        let transport = ScriptedTransport([
            .response(status: 200, chunks: []),
            .response(status: 200, chunks: [Self.wholeAnswer]),
            .response(status: 200, chunks: [Self.wholeAnswer]),
        ])
        let chat = model(transport)
        let first = await run(chat, tools: tools)
        #expect(first.error == nil)
        #expect(first.events.contains(.toolCallDelta(index: 0, id: "c1", name: "search_jobs", arguments: #"{"query":"nurse"}"#)))
        #expect(first.events.contains(.usage(TokenUsage(promptTokens: 900, completionTokens: 12))))
        #expect(first.events.last == .finish(.toolCalls))
        #expect(
            first.events.contains { if case .notice(let text) = $0 { return text.contains("without streaming") } else { return false } })
        _ = await run(chat, tools: tools)
        let bodies = transport.requestBodies
        #expect(bodies.map { $0["stream"] } == [true, false, false])
        #expect(bodies[1]["stream_options"] == nil)
        #expect(chat.adaptations == ["no streaming when tools are offered"])
    }

    @Test("a stream with neither text nor a tool call when tools are offered is treated as empty: asked again without streaming")
    func toolLessStream() async throws {
        let nothing = [
            #"data: {"choices":[{"delta":{"role":"assistant"}}]}"# + "\n\n", #"data: {"choices":[{"delta":{"content":""}}]}"# + "\n\n",
            #"data: {"choices":[{"delta":{},"finish_reason":"stop"}]}"# + "\n\ndata: [DONE]\n\n",
        ]
        let transport = ScriptedTransport([.response(status: 200, chunks: nothing), .response(status: 200, chunks: [Self.wholeAnswer])])
        let result = await run(model(transport), tools: tools)
        #expect(result.error == nil)
        #expect(result.events.contains(.toolCallDelta(index: 0, id: "c1", name: "search_jobs", arguments: #"{"query":"nurse"}"#)))
        #expect(transport.requestBodies.map { $0["stream"] } == [true, false])
    }

    @Test("an empty stream without tools stays an error: there is nothing to adapt")
    func emptyStreamWithoutTools() async {
        let transport = ScriptedTransport([.response(status: 200, chunks: [])])
        let result = await run(model(transport), tools: [])
        #expect(result.error as? OpenAIError == .emptyStream)
        #expect("\(result.error!)".contains("HTTP 200"))
        #expect(transport.requests.count == 1)
    }

    @Test("a server that rejects stream_options is asked again without it, once per session")
    func streamOptionsRejected() async throws {
        let rejection = #"{"error":{"message":"Unrecognized request argument supplied: stream_options","type":"invalid_request_error"}}"#
        let transport = ScriptedTransport([
            .response(status: 400, chunks: [rejection]),
            .response(status: 200, chunks: ScriptedTransport.textStream(["Hi"])),
            .response(status: 200, chunks: ScriptedTransport.textStream(["again"])),
        ])
        let chat = model(transport)
        #expect(await run(chat, tools: []).error == nil)
        #expect(await run(chat, tools: []).error == nil)
        #expect(transport.requestBodies.map { $0["stream_options"] == nil } == [false, true, true])
    }

    @Test("function_call in a delta, the pre-tools form, becomes a tool call")
    func legacyFunctionCall() async throws {
        let transport = ScriptedTransport([
            .response(
                status: 200,
                chunks: [
                    #"data: {"choices":[{"delta":{"content":null,"function_call":{"name":"search_jobs","arguments":"{\"query\":"}}}]}"#
                        + "\n\n",
                    #"data: {"choices":[{"delta":{"function_call":{"arguments":"\"nurse\"}"}}}]}"# + "\n\n",
                    #"data: {"choices":[{"delta":{},"finish_reason":"function_call"}]}"# + "\n\ndata: [DONE]\n\n",
                ])
        ])
        let result = await run(model(transport), tools: tools)
        var accumulator = ToolCallAccumulator()
        for case .toolCallDelta(let index, let id, let name, let arguments) in result.events {
            accumulator.add(index: index, id: id, name: name, arguments: arguments)
        }
        #expect(result.error == nil)
        #expect(accumulator.calls().map(\.name) == ["search_jobs"])
        #expect(accumulator.calls().first?.arguments == #"{"query":"nurse"}"#)
    }

    @Test("a 400 about tools says the server cannot do function calling as configured, and is not retried")
    func toolsRejected() async {
        let body = #"{"error":{"message":"tool_choice auto requires a chat template with tool support"}}"#
        let transport = ScriptedTransport([.response(status: 400, chunks: [body])])
        let result = await run(model(transport), tools: tools)
        guard case .toolsRejected(let message) = result.error as? OpenAIError else {
            Issue.record("got \(String(describing: result.error))")
            return
        }
        #expect(message.contains("chat template"))
        #expect("\(result.error!)".contains("chatml-function-calling"))
        #expect(transport.requests.count == 1)
    }

    @Test("a whole answer that is a tool call written as text, for an offered tool, is that tool call; prose stays prose")
    func textualToolCall() async throws {
        func answer(_ content: String) -> String {
            let escaped = JSONValue.string(content).jsonText
            // As llama-cpp-python sends it: an empty function_call beside the text.
            return #"{"choices":[{"message":{"role":"assistant","content":"# + escaped
                + #","function_call":{"name":"","arguments":"{ }"}},"finish_reason":"stop"}]}"#
        }
        let transport = ScriptedTransport([
            .response(status: 200, chunks: []),
            .response(status: 200, chunks: [answer("functions.search_jobs:\n{\"query\": \"nurse\"}")]),
            .response(status: 200, chunks: [answer("function.search_jobs: {\"query\": \"driver\"}")]),
            .response(status: 200, chunks: [answer("functions.delete_everything:\n{ }")]),
            .response(status: 200, chunks: [answer("Here are some jobs: {see below}")]),
        ])
        let chat = model(transport)
        let call = await run(chat, tools: tools)
        #expect(call.events.contains(.toolCallDelta(index: 0, id: nil, name: "search_jobs", arguments: #"{"query": "nurse"}"#)))
        #expect(call.events.last == .finish(.toolCalls))
        let singular = await run(chat, tools: tools)
        #expect(singular.events.contains(.toolCallDelta(index: 0, id: nil, name: "search_jobs", arguments: #"{"query": "driver"}"#)))
        let unknown = await run(chat, tools: tools)
        #expect(unknown.events.contains(.textDelta("functions.delete_everything:\n{ }")))
        let prose = await run(chat, tools: tools)
        #expect(prose.events.contains(.textDelta("Here are some jobs: {see below}")))
    }

    @Test("timeouts default by address: loopback, private networks and single-label hosts are local")
    func timeoutDefaults() {
        for local in [
            "http://127.0.0.1:8080/v1", "http://localhost:11434/v1", "http://10.0.0.5/v1", "http://192.168.1.20:8000/v1",
            "http://172.20.0.2/v1", "http://ollama:11434/v1", "http://[::1]:8080/v1", "http://gpu-box.local/v1",
        ] {
            #expect(ModelTimeouts.defaults(for: URL(string: local)!) == .local, "\(local)")
        }
        for hosted in ["https://api.openai.com/v1", "https://172.32.0.1/v1", "https://example.com/v1", "http://8.8.8.8/v1"] {
            #expect(ModelTimeouts.defaults(for: URL(string: hosted)!) == .hosted, "\(hosted)")
        }
        #expect(ModelTimeouts.local.firstToken == .seconds(300))
        #expect(ModelTimeouts.hosted.firstToken < ModelTimeouts.local.firstToken)
    }
}
