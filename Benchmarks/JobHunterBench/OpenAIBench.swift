import Assistant
import AssistantTesting
import Foundation

/// SSE parsing and delta merging throughput, and the engine's own cost per turn with the network
/// taken out (an in-memory transport answering instantly).
enum OpenAIBench {
    static func run() async {
        // A realistic stream: 40,000 short text deltas and tool-call argument fragments.
        var chunks: [String] = []
        for index in 0..<20_000 {
            chunks.append(
                "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word\(index) \"}}]}\n\n"
            )
            chunks.append(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":\(index % 2),\"function\":{\"arguments\":\"{\\\"k\\\":\(index)}\"}}]}}]}\n\n"
            )
        }
        let stream = chunks.joined()
        let bytes = Array(stream.utf8)
        let megabytes = Double(bytes.count) / 1_048_576

        // 1. The SSE parser alone, fed in 4 KiB reads.
        let clock = ContinuousClock()
        var parsed = 0
        let parseTime = clock.measure {
            var parser = ServerSentEventParser()
            var offset = 0
            while offset < bytes.count {
                parsed += parser.feed(bytes[offset..<min(offset + 4096, bytes.count)]).count
                offset += 4096
            }
        }

        // 2. The whole client path: SSE + JSON decoding + events + tool-call delta merging.
        let pieces = stride(from: 0, to: bytes.count, by: 4096).map {
            String(decoding: bytes[$0..<min($0 + 4096, bytes.count)], as: UTF8.self)
        }
        let transport = ScriptedTransport([.response(status: 200, chunks: pieces + ["data: [DONE]\n\n"])])
        let model = OpenAIChatModel(
            configuration: OpenAIConfiguration(baseURL: URL(string: "http://127.0.0.1:9/v1")!, apiKey: nil, model: "m"),
            transport: transport, probeConnections: false)
        var events = 0
        var accumulator = ToolCallAccumulator()
        let start = clock.now
        do {
            for try await event in model.stream(ChatRequest(messages: [.user("x")], tools: [])) {
                events += 1
                if case .toolCallDelta(let index, let id, let name, let arguments) = event {
                    accumulator.add(index: index, id: id, name: name ?? "t", arguments: arguments)
                }
            }
        } catch {
            print("  stream failed: \(error)")
        }
        let clientTime = clock.now - start

        // 3. Per-turn overhead: a whole turn (persisting to an in-memory store) with an instant model.
        let turns = 2_000
        let turnTransport = ScriptedTransport(
            Array(
                repeating: .response(status: 200, chunks: ScriptedTransport.textStream(Array(repeating: "token ", count: 50))),
                count: turns))
        let turnModel = OpenAIChatModel(
            configuration: OpenAIConfiguration(baseURL: URL(string: "http://127.0.0.1:9/v1")!, apiKey: nil, model: "m"),
            transport: turnTransport, probeConnections: false)
        var turnTime = Duration.zero
        if let conversation = try? await Conversation.open(
            userID: 1, store: InMemoryConversationStore(),
            engine: TurnEngine(model: turnModel, tools: ToolRegistry([EchoTool()]), systemPrompt: "system", contextTokenBudget: 4_000))
        {
            let turnStart = clock.now
            for index in 0..<turns { for await _ in conversation.send("message \(index)") {} }
            turnTime = clock.now - turnStart
        }

        print("OpenAI client benchmark (\(String(format: "%.1f", megabytes)) MB stream, \(parsed) events)")
        print(String(format: "  SSE parser                        : %8.1f MB/s", megabytes / parseTime.inSeconds))
        print(
            String(
                format: "  SSE + JSON + events + delta merge : %8.1f MB/s (%.0f events/s)", megabytes / clientTime.inSeconds,
                Double(events) / clientTime.inSeconds))
        print(
            String(
                format: "  per-turn overhead, no network     : %8.3f ms (50-token answer, history trimmed to 4k tokens)",
                turnTime.inSeconds * 1000 / Double(turns)))
    }
}
