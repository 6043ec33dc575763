import Foundation

/// One `/ws` connection's chat protocol as a value: client messages and turn outcomes in, actions out. No I/O and
/// no clock of its own, so every rule (one turn at a time, one history request at a time, limits, shutdown) is
/// unit-tested like the WebSocket codec; `WebSocketChannelHandler` performs the actions.
struct ChatSession: Sendable {
    enum Action: Equatable, Sendable {
        case send(ServerEvent)
        /// Run turn `number` (this connection's count) for `text`.
        case startTurn(number: Int, text: String)
        case cancelTurn
        case loadHistory
        case saveResume(filename: String, content: Data)
    }

    /// A request the server may refuse for its rate (`Limits.spend` says how many seconds to wait).
    enum Spending: Sendable {
        case turn
        case upload
    }

    /// What the session asks of the server's policy for one message.
    struct Limits {
        /// Largest message text in bytes.
        var maxMessageBytes: Int
        /// Spends one unit of a quota; the seconds to wait when none is left, nil when allowed.
        var spend: (Spending) -> Int?
    }

    private(set) var turnNumber = 0
    private(set) var turnRunning = false
    private(set) var historyInFlight = false
    /// Set at shutdown: no new turns.
    private(set) var draining = false

    mutating func receive(_ text: String, limits: Limits) -> [Action] {
        let message: ClientMessage
        switch ClientMessage.decode(text) {
        case .failure(let error): return [.send(.error(error.message))]
        case .success(let decoded): message = decoded
        }
        switch message {
        case .message(let body):
            // Checked before the message is counted or mirrored to the user's other connections.
            guard body.utf8.count <= limits.maxMessageBytes else {
                return [.send(.error("a message has at most \(limits.maxMessageBytes / 1024) KiB of text"))]
            }
            guard !draining else { return [.send(.error("the server is shutting down; reconnect in a moment"))] }
            // Every message counts against the rate, also one refused because a turn runs: a flood is throttled.
            if let wait = limits.spend(.turn) {
                return [.send(.error("you are sending messages faster than I can answer; try again in \(wait) s"))]
            }
            guard !turnRunning else { return [.send(.error(#"a turn is already running; send {"type": "cancel"} first"#))] }
            turnNumber += 1
            turnRunning = true
            return [.startTurn(number: turnNumber, text: body)]
        case .cancel:
            return turnRunning ? [.cancelTurn] : []
        case .history:
            guard !historyInFlight else { return [.send(.error("a history request is already being answered"))] }
            historyInFlight = true
            return [.loadHistory]
        case .resume(let filename, let content):
            if let wait = limits.spend(.upload) { return [.send(.error("too many uploads in a row; try again in \(wait) s"))] }
            return [.saveResume(filename: filename, content: content)]
        }
    }

    /// Turn `number` sent its last event (or was cancelled): the next message may start a turn. A late report
    /// of an older turn changes nothing.
    mutating func turnEnded(_ number: Int) {
        if number == turnNumber { turnRunning = false }
    }

    mutating func historyAnswered() {
        historyInFlight = false
    }

    mutating func beginDraining() {
        draining = true
    }
}
