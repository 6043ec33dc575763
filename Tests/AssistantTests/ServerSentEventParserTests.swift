import Assistant
import Testing

@Suite("Server-sent events parser")
struct ServerSentEventParserTests {
    func parse(_ chunks: [String]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return chunks.flatMap { parser.feed(Array($0.utf8)) }
    }

    @Test("multi-line data is joined with newlines; comments and unknown fields are ignored")
    func multiLine() {
        #expect(parse([": comment\ndata: one\ndata:two\nretry: 10\nfoo\n\n"]) == [ServerSentEvent(data: "one\ntwo")])
    }

    @Test("CRLF, CR and LF line ends all work, also when CR and LF arrive in different chunks")
    func lineEnds() {
        #expect(
            parse(["data: a\r", "\n\r", "\ndata: b\r\rdata: c\n\n"]) == [
                ServerSentEvent(data: "a"), ServerSentEvent(data: "b"), ServerSentEvent(data: "c"),
            ])
    }

    @Test("a line split across chunks is reassembled, event and id fields are kept")
    func partialLines() {
        #expect(
            parse(["ev", "ent: delta\nid: 7\nda", "ta: {\"x\"", ":1}\n", "\n"]) == [
                ServerSentEvent(event: "delta", data: "{\"x\":1}", id: "7")
            ])
    }

    @Test("a byte order mark is skipped only at the start; an event without a blank line is never dispatched")
    func bomAndIncomplete() {
        #expect(parse(["\u{FEFF}data: x\n\ndata: unfinished\n"]) == [ServerSentEvent(data: "x")])
    }

    @Test("an empty data field still dispatches an event; a blank line alone does not")
    func emptyData() {
        #expect(parse(["\n\ndata\n\n"]) == [ServerSentEvent(data: "")])
    }
}
