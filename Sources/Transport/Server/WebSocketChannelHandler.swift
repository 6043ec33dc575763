import Assistant
import Foundation
import NIOCore

/// The thin I/O layer around `WebSocketConnection`: bytes in, actions performed, chat messages turned into
/// turns, and each turn's events sent as JSON text frames (see README "WebSocket protocol").
final class WebSocketChannelHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked Sendable: all state is touched only on the channel's event loop; turn tasks hop back with `execute`.
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let server: HTTPServer
    let userID: Int64
    /// Echoes every message back instead of chatting: the `--echo-endpoint` test mode at /ws/echo, for
    /// conformance suites and benchmarks of the codec alone.
    let echo: Bool
    /// The channel's loop; everything below is touched only on it.
    let eventLoop: any EventLoop
    private var connection: WebSocketConnection
    private var context: ChannelHandlerContext?
    private var turn: Task<Void, Never>?
    private var turnNumber = 0
    /// This connection, among the user's connections that receive each other's turn events.
    private let connectionID = UUID()

    init(server: HTTPServer, userID: Int64, eventLoop: any EventLoop, echo: Bool = false, compression: PerMessageDeflate.Agreement? = nil) {
        self.server = server
        self.userID = userID
        self.echo = echo
        self.eventLoop = eventLoop
        let configuration = server.configuration
        connection = WebSocketConnection(
            maxFrameBytes: configuration.wsMaxFrame ?? (echo ? 16 << 20 : 1 << 20),
            maxMessageBytes: configuration.wsMaxMessage ?? (echo ? 16 << 20 : 4 << 20), compression: compression)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        server.connections.add(self)
        server.metrics.recordConnection()
        if !echo {
            let bound = NIOLoopBound(self, eventLoop: eventLoop)
            let loop = eventLoop
            server.fanout.subscribe(userID: userID, connection: connectionID) { event in loop.execute { bound.value.relay(event) } }
        }
        scheduleKeepalive()
    }

    /// Pings every `interval`; a connection that sent nothing since the previous ping is dead and dropped.
    static let keepaliveInterval: TimeAmount = .seconds(30)
    private var heardSinceLastPing = true

    private func scheduleKeepalive() {
        eventLoop.scheduleTask(in: Self.keepaliveInterval) { [weak self] in
            guard let self, self.connection.state == .open, self.context != nil else { return }
            guard self.heardSinceLastPing else {
                self.perform(self.connection.close(code: 1001, reason: "no answer to ping"))
                self.context?.close(promise: nil)
                return
            }
            self.heardSinceLastPing = false
            self.perform(self.connection.ping(Array("keepalive".utf8)))
            self.scheduleKeepalive()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        turn?.cancel()
        server.connections.remove(self)
        server.fanout.unsubscribe(userID: userID, connection: connectionID)
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        heardSinceLastPing = true
        let (events, actions) = connection.receive(bytes)
        perform(actions)
        for event in events {
            switch event {
            case .text(let text) where echo: perform(connection.sendText(text))
            case .binary(let bytes) where echo: perform(connection.sendBinary(bytes))
            case .text(let text): handle(text)
            default: break
            }
        }
        perform(connection.closeIfFailed())
    }

    func channelInactive(context: ChannelHandlerContext) {
        turn?.cancel()
    }

    /// Shutdown, from any thread: no new turns; a running turn may finish (its answer is sent) until
    /// `deadline`, when it is cancelled; then close 1001 ("going away") and drop the socket shortly after.
    func goingAway(deadline: NIODeadline) -> EventLoopFuture<Void> {
        let loop = eventLoop
        let closed = loop.makePromise(of: Void.self)
        loop.execute {
            self.draining = true
            self.closeWhenIdle(deadline: deadline, closed: closed)
        }
        return closed.futureResult
    }

    private var draining = false

    private func closeWhenIdle(deadline: NIODeadline, closed: EventLoopPromise<Void>) {
        if turn != nil && NIODeadline.now() < deadline {
            eventLoop.scheduleTask(in: .milliseconds(20)) { self.closeWhenIdle(deadline: deadline, closed: closed) }
            return
        }
        turn?.cancel()
        perform(connection.close(code: 1001, reason: "server shutting down"))
        eventLoop.scheduleTask(in: .milliseconds(100)) {
            self.context?.close(promise: nil)
            closed.succeed()
        }
    }

    private func perform(_ actions: [WebSocketConnection.Action]) {
        guard let context else { return }
        for action in actions {
            switch action {
            case .send(let bytes):
                // Bytes written but not yet taken by the client. A client that stops reading is closed once this
                // passes the cap, instead of the server buffering for it without bound.
                pendingBytes += bytes.count
                guard pendingBytes <= maxPendingBytes else {
                    server.metrics.recordSlowClientClosed()
                    return context.close(promise: nil)
                }
                let bound = NIOLoopBound(self, eventLoop: eventLoop)
                let count = bytes.count
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes))).whenComplete { _ in bound.value.pendingBytes -= count }
            case .closeSocket: context.close(promise: nil)
            }
        }
    }

    private func send(_ json: JSONValue) {
        perform(connection.sendText(json.jsonText))
    }

    /// Another connection's turn event: live progress delivered at most once, so it is dropped rather than queued
    /// while this client is not reading.
    private func relay(_ json: JSONValue) {
        guard pendingBytes <= Self.relayHighWater else { return }
        send(json)
    }

    private var pendingBytes = 0
    /// Past this many unsent bytes, other connections' events are dropped for this one.
    static let relayHighWater = 256 * 1024
    /// Past this many unsent bytes the client is closed: enough for any chat reply, and for an echo of the
    /// largest message the echo endpoint accepts.
    var maxPendingBytes: Int { echo ? 64 * 1_048_576 : 4 * 1_048_576 }

    /// While the socket's buffer is full, stop reading this client: it cannot send more work than it takes back.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        context.channel.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    private func handle(_ text: String) {
        guard let message = try? JSONValue.parse(text), let type = message["type"]?.stringValue else {
            return send(["type": "error", "message": "expected JSON like {\"type\": \"message\", \"text\": \"…\"}"])
        }
        switch type {
        case "message":
            guard let body = message["text"]?.stringValue, !body.trimmingCharacters(in: .whitespaces).isEmpty else {
                return send(["type": "error", "message": "a message needs a non-empty \"text\""])
            }
            // Checked here, before the message is mirrored to the user's other connections or counted.
            guard body.utf8.count <= Conversation.defaultMaxInputBytes else {
                return send(["type": "error", "message": .string("a message has at most \(Conversation.defaultMaxInputBytes / 1024) KiB of text")])
            }
            if let wait = server.quotas.turns.spend(String(userID), now: server.clock.now()) {
                server.metrics.recordRefusal("rate_limit")
                return send(["type": "error", "message": .string("you are sending messages faster than I can answer; try again in \(wait) s")])
            }
            server.metrics.recordMessage()
            startTurn(body)
        case "cancel":
            turn?.cancel()
        case "history":
            guard !historyInFlight else { return send(["type": "error", "message": "a history request is already being answered"]) }
            historyInFlight = true
            sendHistory()
        case "resume":
            guard let filename = message["filename"]?.stringValue, !filename.isEmpty,
                let encoded = message["content_base64"]?.stringValue, let content = Data(base64Encoded: encoded), !content.isEmpty
            else {
                return send(["type": "error", "message": "a resume needs \"filename\" and non-empty base64 \"content_base64\""])
            }
            if let wait = server.quotas.uploads.spend(String(userID), now: server.clock.now()) {
                server.metrics.recordRefusal("rate_limit")
                return send(["type": "error", "message": .string("too many uploads in a row; try again in \(wait) s")])
            }
            saveResume(filename: filename, content: content)
        default:
            send(["type": "error", "message": .string("unknown message type \"\(type)\"; use message, resume, history or cancel")])
        }
    }

    private func saveResume(filename: String, content: Data) {
        answer { backend, userID in
            do {
                let summary = try await backend.saveResume(userID: userID, filename: filename, content: content)
                return ["type": "resume_saved", "filename": .string(filename), "text": .string(summary)]
            } catch {
                return ["type": "error", "message": .string("could not read \(filename): \(error)")]
            }
        }
    }

    /// The stored conversation's user and assistant messages (the newest 50, each cut at 4,000 characters, so a
    /// reply stays under about 200 KB), e.g. after reconnecting. One at a time per connection.
    private func sendHistory() {
        answer(done: { $0.historyInFlight = false }) { backend, userID in
            do {
                let messages = try await backend.conversation(userID: userID).refreshedMessages()
                let shown = messages.filter { ($0.role == .user || $0.role == .assistant) && !$0.content.isEmpty }.suffix(50)
                return ["type": "history", "messages": .array(shown.map { message in
                    let text = message.content.count > 4_000 ? String(message.content.prefix(4_000)) + "…" : message.content
                    return ["role": .string(message.role.rawValue), "text": .string(text)]
                })]
            } catch {
                return ["type": "error", "message": .string("could not load your conversation: \(error)")]
            }
        }
    }

    private var historyInFlight = false

    /// Runs backend work off the event loop and sends its reply on this connection; `done` runs on the loop after.
    private func answer(
        done: @escaping (WebSocketChannelHandler) -> Void = { _ in }, _ work: @escaping @Sendable (any ChatBackend, Int64) async -> JSONValue
    ) {
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        let finish = NIOLoopBound(done, eventLoop: loop)
        let backend = server.backend
        let userID = self.userID
        Task {
            let reply = await work(backend, userID)
            loop.execute {
                bound.value.send(reply)
                finish.value(bound.value)
            }
        }
    }

    private func startTurn(_ text: String) {
        guard !draining else { return send(["type": "error", "message": "the server is shutting down; reconnect in a moment"]) }
        guard turn == nil else { return send(["type": "error", "message": "a turn is already running; send {\"type\": \"cancel\"} first"]) }
        turnNumber += 1
        let thisTurn = turnNumber
        let number = JSONValue.number(Double(turnNumber))
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        let backend = server.backend
        let userID = self.userID
        let metrics = server.metrics
        let fanout = server.fanout
        let origin = connectionID
        let turnID = JSONValue.string(UUID().uuidString)
        let started = ContinuousClock.now
        fanout.publish(userID: userID, origin: origin, event: ["type": "user_message", "turn_id": turnID, "text": .string(text), "origin": "other_connection"])
        turn = Task {
            // This connection gets its events directly; the user's other connections, here and on other instances,
            // get a copy marked as coming from another connection.
            func emit(_ json: JSONValue) {
                guard case .object(var fields) = json else { return }
                fields["turn_id"] = turnID
                let own = JSONValue.object(fields)
                // The turn is over for this connection as soon as its last event is sent, so a client that answers
                // at once is never told a turn is still running.
                let ends = ["final", "error"].contains(fields["type"]?.stringValue ?? "")
                loop.execute {
                    bound.value.send(own)
                    if ends, bound.value.turnNumber == thisTurn { bound.value.turn = nil }
                }
                fields["origin"] = "other_connection"
                fields.removeValue(forKey: "turn")
                fanout.publish(userID: userID, origin: origin, event: .object(fields))
            }
            do {
                let conversation = try await backend.conversation(userID: userID)
                var finished = false
                for await event in conversation.send(text) {
                    switch event {
                    case .textDelta(let delta): emit(["type": "delta", "turn": number, "text": .string(delta)])
                    case .toolCall(let call): emit(["type": "tool_call", "turn": number, "name": .string(call.name), "arguments": .string(call.arguments)])
                    case .toolResult(let call, _, let failed): emit(["type": "tool_result", "turn": number, "name": .string(call.name), "failed": .bool(failed)])
                    case .notice(let notice): emit(["type": "notice", "turn": number, "text": .string(notice)])
                    case .final(let message):
                        finished = true
                        emit(["type": "final", "turn": number, "text": .string(message.content)])
                    case .error(let error):
                        finished = true
                        emit(["type": "error", "turn": number, "message": .string(error.description)])
                    }
                }
                if !finished { emit(["type": "error", "turn": number, "message": "Cancelled."]) }
                metrics.recordTurn(seconds: (ContinuousClock.now - started).inSeconds, failed: !finished)
            } catch {
                emit(["type": "error", "turn": number, "message": "could not open your conversation"])
            }
            loop.execute { if bound.value.turnNumber == thisTurn { bound.value.turn = nil } }
        }
    }
}
