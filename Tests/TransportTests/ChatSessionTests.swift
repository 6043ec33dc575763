import Assistant
import Foundation
import Testing

@testable import Transport

@Suite("The chat protocol on /ws, without a socket")
struct ChatSessionTests {
    static var open: ChatSession.Limits { ChatSession.Limits(maxMessageBytes: 1_024) { _ in nil } }

    @Test("client messages decode; malformed ones get the sentence that names what is missing")
    func decoding() throws {
        #expect(try ClientMessage.decode(#"{"type":"message","text":"find nurse jobs"}"#).get() == .message(text: "find nurse jobs"))
        #expect(try ClientMessage.decode(#"{"type":"cancel"}"#).get() == .cancel)
        #expect(try ClientMessage.decode(#"{"type":"history","extra":1}"#).get() == .history)
        #expect(
            try ClientMessage.decode(#"{"type":"resume","filename":"cv.txt","content_base64":"aGk="}"#).get()
                == .resume(filename: "cv.txt", content: Data("hi".utf8)))
        let refusals: [(String, String)] = [
            ("not json", "expected JSON like"), ("[1,2]", "expected JSON like"), (#"{"text":"hi"}"#, "expected JSON like"),
            (#"{"type":7}"#, "expected JSON like"), (#"{"type":"message"}"#, #"needs a non-empty "text""#),
            (#"{"type":"message","text":"   "}"#, "non-empty"), (#"{"type":"message","text":42}"#, "non-empty"),
            (#"{"type":"resume","filename":"cv.txt","content_base64":"%%%"}"#, "base64"),
            (#"{"type":"resume","content_base64":"aGk="}"#, #""filename""#), (#"{"type":"dance"}"#, #"unknown message type "dance""#),
        ]
        for (text, expected) in refusals {
            guard case .failure(let error) = ClientMessage.decode(text) else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(error.message.contains(expected), "\(text): \(error.message)")
        }
    }

    @Test("one turn at a time: a second message is refused until the first ends; cancel only while one runs")
    func oneTurnAtATime() {
        var session = ChatSession()
        #expect(session.receive(#"{"type":"cancel"}"#, limits: Self.open).isEmpty)
        #expect(session.receive(#"{"type":"message","text":"hello"}"#, limits: Self.open) == [.startTurn(number: 1, text: "hello")])
        #expect(
            session.receive(#"{"type":"message","text":"again"}"#, limits: Self.open)
                == [.send(.error(#"a turn is already running; send {"type": "cancel"} first"#))])
        #expect(session.receive(#"{"type":"cancel"}"#, limits: Self.open) == [.cancelTurn])
        session.turnEnded(0)
        #expect(session.turnRunning, "a stale report of an older turn changes nothing")
        session.turnEnded(1)
        #expect(session.receive(#"{"type":"message","text":"again"}"#, limits: Self.open) == [.startTurn(number: 2, text: "again")])
    }

    @Test("limits: too long a message, a spent quota and shutdown refuse before anything runs; every message spends")
    func limits() {
        var spent: [ChatSession.Spending] = []
        var session = ChatSession()
        let counting = ChatSession.Limits(maxMessageBytes: 10) { spending in
            spent.append(spending)
            return spending == .upload ? 7 : nil
        }
        #expect(
            session.receive(#"{"type":"message","text":"far more than ten bytes"}"#, limits: counting)
                == [.send(.error("a message has at most 0 KiB of text"))])
        #expect(spent.isEmpty)
        #expect(
            session.receive(#"{"type":"resume","filename":"cv.txt","content_base64":"aGk="}"#, limits: counting)
                == [.send(.error("too many uploads in a row; try again in 7 s"))])
        #expect(spent == [.upload])
        let busy = ChatSession.Limits(maxMessageBytes: 1_024) { _ in 3 }
        #expect(
            session.receive(#"{"type":"message","text":"hi"}"#, limits: busy)
                == [.send(.error("you are sending messages faster than I can answer; try again in 3 s"))])
        #expect(session.turnNumber == 0, "a refused message is no turn")
        var counted = 0
        let tally = ChatSession.Limits(maxMessageBytes: 1_024) { _ in
            counted += 1
            return nil
        }
        _ = session.receive(#"{"type":"message","text":"one"}"#, limits: tally)
        _ = session.receive(#"{"type":"message","text":"two"}"#, limits: tally)
        #expect(counted == 2, "a message refused because a turn runs still counts, so a flood meets the rate limit")
        session.beginDraining()
        #expect(
            session.receive(#"{"type":"message","text":"hi"}"#, limits: Self.open)
                == [.send(.error("the server is shutting down; reconnect in a moment"))])
    }

    @Test("one history request at a time")
    func history() {
        var session = ChatSession()
        #expect(session.receive(#"{"type":"history"}"#, limits: Self.open) == [.loadHistory])
        #expect(
            session.receive(#"{"type":"history"}"#, limits: Self.open) == [.send(.error("a history request is already being answered"))])
        session.historyAnswered()
        #expect(session.receive(#"{"type":"history"}"#, limits: Self.open) == [.loadHistory])
    }

    @Test("server events keep the documented shapes; the copy for other connections has origin and no turn number")
    func events() throws {
        #expect(ServerEvent.delta("Hel").json(turn: 3, turnID: "t") == ["type": "delta", "text": "Hel", "turn": 3, "turn_id": "t"])
        #expect(
            ServerEvent.final("Done.").json(turn: 3, turnID: "t", relayed: true)
                == ["type": "final", "text": "Done.", "turn_id": "t", "origin": "other_connection"])
        #expect(
            ServerEvent.toolResult(name: "search_jobs", failed: false).json
                == ["type": "tool_result", "name": "search_jobs", "failed": false])
        #expect(ServerEvent.history([("user", "hi")]).json == ["type": "history", "messages": [["role": "user", "text": "hi"]]])
        #expect(ServerEvent.error("x").endsTurn && ServerEvent.final("y").endsTurn && !ServerEvent.delta("z").endsTurn)
        let encoded = try JSONValue.parse(String(decoding: try JSONEncoder().encode(ServerEvent.notice("n")), as: UTF8.self))
        #expect(encoded == ["type": "notice", "text": "n"], "Encodable gives the same object")
    }
}

@Suite("Relayed turn events")
struct RelayCoalescerTests {
    @Test("deltas merge to one per interval; other events flush the pending text first, in order")
    func coalescing() {
        var relay = RelayCoalescer(interval: .milliseconds(250))
        let start = ContinuousClock.now
        func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }
        #expect(relay.relay(.delta("He"), at: at(0)) == [.delta("He")], "the first delta goes at once")
        #expect(relay.relay(.delta("ll"), at: at(50)).isEmpty)
        #expect(relay.relay(.delta("o, "), at: at(120)).isEmpty)
        #expect(relay.relay(.delta("wor"), at: at(260)) == [.delta("llo, wor")])
        #expect(relay.relay(.delta("ld"), at: at(300)).isEmpty)
        #expect(
            relay.relay(.toolCall(name: "search_jobs", arguments: "{}"), at: at(310))
                == [.delta("ld"), .toolCall(name: "search_jobs", arguments: "{}")])
        #expect(relay.relay(.final("Hello, world"), at: at(320)) == [.final("Hello, world")], "nothing pending, nothing extra")
    }
}
