import Assistant
import Testing

@Suite("Tool-call delta reassembly")
struct ToolCallAccumulatorTests {
    @Test("fragments are merged by index, arguments split mid-JSON are joined, calls come out in index order")
    func mergesByIndex() {
        var accumulator = ToolCallAccumulator()
        accumulator.add(index: 1, id: "b", name: "get_profile", arguments: "{")
        accumulator.add(index: 0, id: "a", name: "search_jobs", arguments: #"{"que"#)
        accumulator.add(index: 0, id: nil, name: nil, arguments: #"ry":"ios"}"#)
        accumulator.add(index: 1, id: nil, name: nil, arguments: "}")

        #expect(
            accumulator.calls() == [
                ToolCall(id: "a", name: "search_jobs", arguments: #"{"query":"ios"}"#),
                ToolCall(id: "b", name: "get_profile", arguments: "{}"),
            ])
    }

    @Test("servers that repeat id and name on every fragment do not get them concatenated")
    func repeatedNames() {
        var accumulator = ToolCallAccumulator()
        accumulator.add(index: 0, id: "x", name: "echo", arguments: "{\"a\":")
        accumulator.add(index: 0, id: "x", name: "echo", arguments: "1}")

        #expect(accumulator.calls() == [ToolCall(id: "x", name: "echo", arguments: "{\"a\":1}")])
    }

    @Test("a call without a name is dropped and a missing id is generated")
    func incompleteCalls() {
        var accumulator = ToolCallAccumulator()
        accumulator.add(index: 0, id: nil, name: "echo", arguments: "{}")
        accumulator.add(index: 1, id: "y", name: nil, arguments: "{}")

        #expect(accumulator.calls(idPrefix: "call") == [ToolCall(id: "call_0", name: "echo", arguments: "{}")])
    }
}
